import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.race.charts.LineChart;

/**
 * Turns the output of the evidence runs (race:status and race:apps after every sampling period) into
 * eucon.csv, the charts and summary.txt. Run by run.sh as a single-file program:
 * {@code java -cp race-charts.jar EuconEvidence.java OUT_DIR DESCRIPTOR_DIR SETTING|WORKLOAD|SAMPLING_MS|OUTPUT_FILE...}
 */
public class EuconEvidence {
    /** Both nodes of the SMALL workload host two subtasks: EUCON's default set point is the RMS bound 2(2^(1/2) - 1). */
    static final double SET_POINT = 2 * (Math.sqrt(2) - 1);
    static final double BAND = 0.02;
    /** How run.sh labels the trade-off rows with the gain estimate on. */
    static final String GAIN_ESTIMATED = "gain estimated";

    record Sample(double timeS, Map<String, Double> cpu, Map<String, Double> periodMs) {
    }

    /**
     * {@code setting}: "defaults", another named run, or a trade-off row ("P=.. M=.. Tref/Ts=.. w=..");
     * {@code deployed}: the periods the applications were deployed with, before EUCON's first action.
     */
    record Run(String setting, String workload, long samplingMs, Map<String, Double> deployed, List<Sample> samples, List<String> nodes,
            List<String> apps) {
        String label() {
            return "workload " + workload + ", Ts " + samplingMs / 1000 + " s" + (setting.equals("defaults") ? "" : ", " + setting);
        }
    }

    /** What the trade-off table shows of one run: see {@link #metrics}. */
    record Metrics(int first, int outAfter, double overshoot, double rms, int rateViolations) {
    }

    private static final Pattern SNAPSHOT = Pattern.compile("^snapshot at ([\\d.]+) s");
    private static final Pattern DEPLOYED = Pattern.compile("^deployed (\\S+) \\(.*, period ([\\d.]+) ms");

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Map<String, double[]> ranges = periodRanges(Path.of(args[1]));
        List<Run> runs = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            String[] spec = args[i].split("\\|", 4);
            runs.add(parse(spec[0], spec[1], Long.parseLong(spec[2]), Files.readAllLines(Path.of(spec[3]))));
        }
        List<Run> main = runs.stream().filter(r -> !r.setting().startsWith("P=")).toList();
        if (!main.isEmpty()) writeCsv(out.resolve("eucon.csv"), main);
        for (long sampling : main.stream().map(Run::samplingMs).distinct().toList()) {
            List<Run> same = main.stream().filter(r -> r.samplingMs() == sampling).toList();
            String suffix = sampling == 5000 ? "" : "-" + sampling / 1000 + "s";
            Files.writeString(out.resolve("eucon" + suffix + ".svg"), LineChart.document(same.stream().map(EuconEvidence::utilizationChart).toList()));
            Files.writeString(out.resolve("eucon-periods" + suffix + ".svg"), LineChart.document(same.stream().map(EuconEvidence::periodChart).toList()));
        }
        StringBuilder summary = new StringBuilder(String.format(Locale.ROOT,
                "EUCON on the sim platform, SMALL workload (T1..T3 on sc1, sc2), set point %.4f, band +/-%.2f%n", SET_POINT, BAND));
        for (Run r : main) summary.append(summarise(r, ranges)).append('\n');
        List<Run> sweep = runs.stream().filter(r -> r.setting().startsWith("P=")).toList();
        if (!sweep.isEmpty()) {
            summary.append('\n').append(tradeOff(sweep, ranges, out));
        }
        Files.writeString(out.resolve("summary.txt"), summary);
        System.out.print(summary);
    }

    /** periodRange (min, max ms) of every application descriptor T*.json in {@code dir}. */
    static Map<String, double[]> periodRanges(Path dir) throws IOException {
        Map<String, double[]> out = new TreeMap<>();
        Pattern name = Pattern.compile("\"name\":\\s*\"(\\w+)\""),
                range = Pattern.compile("\"periodRange\":\\s*\\{\"min\":\\s*([\\d.]+),\\s*\"max\":\\s*([\\d.]+)");
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("T\\d+\\.json")).sorted().toList()) {
                String json = Files.readString(f);
                Matcher n = name.matcher(json), r = range.matcher(json);
                if (n.find() && r.find()) out.put(n.group(1), new double[] { Double.parseDouble(r.group(1)), Double.parseDouble(r.group(2)) });
            }
        }
        return out;
    }

    /** Samples in the order printed: each "snapshot at" starts one; node rows and race:apps rows fill it. */
    static Run parse(String setting, String workload, long samplingMs, List<String> lines) {
        List<Sample> samples = new ArrayList<>();
        Map<String, Double> deployed = new TreeMap<>();
        TreeSet<String> nodes = new TreeSet<>(), apps = new TreeSet<>();
        String table = "";
        Sample current = null;
        for (String line : lines) {
            Matcher d = DEPLOYED.matcher(line);
            if (d.find()) deployed.put(d.group(1), Double.parseDouble(d.group(2)));
            Matcher m = SNAPSHOT.matcher(line);
            if (m.find()) {
                current = new Sample(Double.parseDouble(m.group(1)), new TreeMap<>(), new TreeMap<>());
                samples.add(current);
                continue;
            }
            String[] t = line.trim().split("\\s+");
            if (line.startsWith("node ") || line.startsWith("application ")) {
                table = line.startsWith("node ") ? "nodes" : t[2].equals("mode") ? "apps" : "qos";
                continue;
            }
            if (current == null) continue;
            if (table.equals("nodes") && t.length == 5 && t[2].endsWith("%")) {
                current.cpu().put(t[0], Double.parseDouble(t[2].replace("%", "")) / 100);
            } else if (table.equals("apps") && t.length == 8) {
                current.periodMs().put(t[0], Double.parseDouble(t[3]));
                apps.add(t[0]);
                for (String n : t[6].split(",")) nodes.add(n);
            }
        }
        return new Run(setting, workload, samplingMs, deployed, samples, List.copyOf(nodes), List.copyOf(apps));
    }

    static void writeCsv(Path file, List<Run> runs) throws IOException {
        List<String> nodes = runs.get(0).nodes(), apps = runs.get(0).apps();
        StringBuilder csv = new StringBuilder("setting,workload,sampling_period_s,period,time_s");
        nodes.forEach(n -> csv.append(',').append(n).append("_cpu"));
        apps.forEach(a -> csv.append(',').append(a).append("_period_ms"));
        csv.append('\n');
        for (Run r : runs) {
            for (int k = 0; k < r.samples().size(); k++) {
                Sample s = r.samples().get(k);
                csv.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%.0f", r.setting(), r.workload(), r.samplingMs() / 1000, k + 1, s.timeS()));
                nodes.forEach(n -> csv.append(String.format(Locale.ROOT, ",%.3f", s.cpu().get(n))));
                apps.forEach(a -> csv.append(String.format(Locale.ROOT, ",%.3f", s.periodMs().get(a))));
                csv.append('\n');
            }
        }
        Files.writeString(file, csv);
    }

    static LineChart utilizationChart(Run r) {
        LineChart chart = new LineChart(r.label(), "sampling period", "cpu utilization").yFrom(0.4);
        for (String n : r.nodes()) {
            List<double[]> points = new ArrayList<>();
            for (int k = 0; k < r.samples().size(); k++) points.add(new double[] { k + 1, r.samples().get(k).cpu().get(n) });
            chart.series(n, points);
        }
        // the reference lines start at 0 so that the x axis gets round ticks
        double last = r.samples().size();
        chart.series("set point", List.of(new double[] { 0, SET_POINT }, new double[] { last, SET_POINT }), true);
        chart.series("set point + 0.02", List.of(new double[] { 0, SET_POINT + BAND }, new double[] { last, SET_POINT + BAND }), true);
        chart.series("set point - 0.02", List.of(new double[] { 0, SET_POINT - BAND }, new double[] { last, SET_POINT - BAND }), true);
        return chart;
    }

    static LineChart periodChart(Run r) {
        LineChart chart = new LineChart(r.label(), "sampling period", "period ms").yFrom(0);
        for (String a : r.apps()) {
            List<double[]> points = new ArrayList<>();
            points.add(new double[] { 0, r.deployed().get(a) });
            for (int k = 0; k < r.samples().size(); k++) points.add(new double[] { k + 1, r.samples().get(k).periodMs().get(a) });
            chart.series(a, points);
        }
        return chart;
    }

    /**
     * First period with every node within the band (-1: never); periods out of the band after it; the
     * overshoot: the largest excursion of a node past the set point on the side opposite to where it
     * started, once it has crossed it (0 if it never crosses); the RMS deviation over the last 20
     * periods; samples with an application's period outside its periodRange.
     */
    static Metrics metrics(Run r, Map<String, double[]> ranges) {
        List<Sample> s = r.samples();
        int first = -1, out = 0, violations = 0;
        for (int k = 0; k < s.size(); k++) {
            Sample now = s.get(k);
            boolean in = r.nodes().stream().allMatch(n -> Math.abs(now.cpu().get(n) - SET_POINT) < BAND);
            if (in && first < 0) first = k;
            if (first >= 0 && !in) out++;
            for (Map.Entry<String, Double> p : now.periodMs().entrySet()) {
                double[] range = ranges.get(p.getKey());
                if (range != null && (p.getValue() < range[0] - 0.01 || p.getValue() > range[1] + 0.01)) violations++;
            }
        }
        double overshoot = 0;
        for (String n : r.nodes()) {
            double side = Math.signum(s.get(0).cpu().get(n) - SET_POINT);
            boolean crossed = false;
            for (Sample x : s) {
                double past = -side * (x.cpu().get(n) - SET_POINT);
                crossed |= past >= 0;
                if (crossed) overshoot = Math.max(overshoot, past);
            }
        }
        double sq = 0;
        int count = 0;
        for (int k = Math.max(0, s.size() - 20); k < s.size(); k++) {
            for (String n : r.nodes()) {
                double e = s.get(k).cpu().get(n) - SET_POINT;
                sq += e * e;
                count++;
            }
        }
        return new Metrics(first < 0 ? -1 : first + 1, out, overshoot, Math.sqrt(sq / count), violations);
    }

    static String summarise(Run r, Map<String, double[]> ranges) {
        Metrics m = metrics(r, ranges);
        return String.format(Locale.ROOT,
                "%s (%d periods): first within band %s; out of band after that %d periods; overshoot %.3f; RMS deviation, last 20 periods %.4f; "
                        + "rate-bound violations %d",
                r.label(), r.samples().size(), m.first() < 0 ? "never" : "period " + m.first(), m.outAfter(), m.overshoot(), m.rms(),
                m.rateViolations());
    }

    /** The trade-off table (printed, tradeoff.csv) and chart (tradeoff.svg): one row per setting, both workloads. */
    static String tradeOff(List<Run> sweep, Map<String, double[]> ranges, Path out) throws IOException {
        Map<String, Map<String, Metrics>> rows = new LinkedHashMap<>();
        for (Run r : sweep) rows.computeIfAbsent(r.setting(), k -> new TreeMap<>(Comparator.reverseOrder())).put(r.workload(), metrics(r, ranges));
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "Trade-off, Ts 5 s, %d periods: first period within +/-%.2f at workload 2.0 / 0.5, "
                + "periods out of the band after it, overshoot past the set point, RMS deviation over the last 20 periods, rate-bound violations%n",
                sweep.get(0).samples().size(), BAND));
        table.append(String.format(Locale.ROOT, "%-50s %11s %11s %13s %15s %9s%n", "setting", "first in", "out after", "overshoot", "RMS last 20", "rate out"));
        StringBuilder csv = new StringBuilder("setting,workload,first_within_band,periods_out_after,overshoot,rms_last20,rate_bound_violations\n");
        Map<String, List<double[]>> firstByTref = new TreeMap<>(Comparator.reverseOrder()), overshootByTref = new TreeMap<>(Comparator.reverseOrder());
        Pattern tref = Pattern.compile("^P=2 M=1 Tref/Ts=([\\d.]+) w=1\\b");
        rows.forEach((setting, byWorkload) -> {
            Metrics a = byWorkload.get("2.0"), b = byWorkload.get("0.5");
            table.append(String.format(Locale.ROOT, "%-50s %5s / %-3s %5d / %-3d %6.3f / %-5.3f %7.4f / %-6.4f %4d%n", setting, first(a), first(b),
                    a.outAfter(), b.outAfter(), a.overshoot(), b.overshoot(), a.rms(), b.rms(), a.rateViolations() + b.rateViolations()));
            Matcher t = tref.matcher(setting);
            String series = setting.endsWith(GAIN_ESTIMATED) ? GAIN_ESTIMATED : "gain 1";
            byWorkload.forEach((workload, m) -> {
                csv.append(String.format(Locale.ROOT, "\"%s\",%s,%d,%d,%.4f,%.4f,%d%n", setting, workload, m.first(), m.outAfter(), m.overshoot(),
                        m.rms(), m.rateViolations()));
                if (t.find(0)) {
                    double x = Double.parseDouble(t.group(1));
                    firstByTref.computeIfAbsent("workload " + workload + ", " + series, k -> new ArrayList<>()).add(new double[] { x, m.first() });
                    overshootByTref.computeIfAbsent("workload " + workload + ", " + series, k -> new ArrayList<>()).add(new double[] { x, m.overshoot() });
                }
            });
        });
        Files.writeString(out.resolve("tradeoff.csv"), csv);
        LineChart first = new LineChart("P = 2, M = 1, w = 1: first period within +/-0.02", "Tref/Ts", "sampling period").yFrom(0);
        LineChart over = new LineChart("P = 2, M = 1, w = 1: overshoot past the set point", "Tref/Ts", "cpu utilization").yFrom(0);
        firstByTref.forEach((w, points) -> first.series(w, sorted(points)));
        overshootByTref.forEach((w, points) -> over.series(w, sorted(points)));
        over.series("band", List.of(new double[] { 1, BAND }, new double[] { 4, BAND }), true);
        Files.writeString(out.resolve("tradeoff.svg"), LineChart.document(List.of(first, over)));
        return table.toString();
    }

    private static String first(Metrics m) {
        return m.first() < 0 ? "never" : String.valueOf(m.first());
    }

    private static List<double[]> sorted(List<double[]> points) {
        return points.stream().sorted(Comparator.comparingDouble(p -> p[0])).toList();
    }
}
