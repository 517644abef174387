import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * {@code java -cp race-charts.jar EuconEvidence.java OUT_DIR WORKLOAD,SAMPLING_MS,HOLD,OUTPUT_FILE...}
 */
public class EuconEvidence {
    /** Both nodes of the SMALL workload host two subtasks: EUCON's default set point is the RMS bound 2(2^(1/2) - 1). */
    static final double SET_POINT = 2 * (Math.sqrt(2) - 1);
    static final double BAND = 0.02;

    record Sample(double timeS, Map<String, Double> cpu, Map<String, Double> periodMs) {
    }

    /** {@code deployed}: the periods the applications were deployed with, before EUCON's first action. */
    record Run(String workload, long samplingMs, String hold, Map<String, Double> deployed, List<Sample> samples, List<String> nodes,
            List<String> apps) {
        String label() {
            return "workload " + workload + ", Ts " + samplingMs / 1000 + " s" + (hold.equals("rates") ? "" : ", RACE's held changes");
        }
    }

    private static final Pattern SNAPSHOT = Pattern.compile("^snapshot at ([\\d.]+) s");
    private static final Pattern DEPLOYED = Pattern.compile("^deployed (\\S+) \\(.*, period ([\\d.]+) ms");

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        List<Run> runs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String[] spec = args[i].split(",", 4);
            runs.add(parse(spec[0], Long.parseLong(spec[1]), spec[2], Files.readAllLines(Path.of(spec[3]))));
        }
        writeCsv(out.resolve("eucon.csv"), runs);
        for (long sampling : runs.stream().map(Run::samplingMs).distinct().toList()) {
            List<Run> same = runs.stream().filter(r -> r.samplingMs() == sampling).toList();
            String suffix = sampling == 5000 ? "" : "-" + sampling / 1000 + "s";
            Files.writeString(out.resolve("eucon" + suffix + ".svg"), LineChart.document(same.stream().map(EuconEvidence::utilizationChart).toList()));
            Files.writeString(out.resolve("eucon-periods" + suffix + ".svg"), LineChart.document(same.stream().map(EuconEvidence::periodChart).toList()));
        }
        StringBuilder summary = new StringBuilder(String.format(Locale.ROOT,
                "EUCON on the sim platform, SMALL workload (T1..T3 on sc1, sc2), set point %.4f, band +/-%.2f%n", SET_POINT, BAND));
        for (Run r : runs) summary.append(summarise(r)).append('\n');
        Files.writeString(out.resolve("summary.txt"), summary);
        System.out.print(summary);
    }

    /** Samples in the order printed: each "snapshot at" starts one; node rows and race:apps rows fill it. */
    static Run parse(String workload, long samplingMs, String hold, List<String> lines) {
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
        return new Run(workload, samplingMs, hold, deployed, samples, List.copyOf(nodes), List.copyOf(apps));
    }

    static void writeCsv(Path file, List<Run> runs) throws IOException {
        List<String> nodes = runs.get(0).nodes(), apps = runs.get(0).apps();
        StringBuilder csv = new StringBuilder("workload,sampling_period_s,hold,period,time_s");
        nodes.forEach(n -> csv.append(',').append(n).append("_cpu"));
        apps.forEach(a -> csv.append(',').append(a).append("_period_ms"));
        csv.append('\n');
        for (Run r : runs) {
            for (int k = 0; k < r.samples().size(); k++) {
                Sample s = r.samples().get(k);
                csv.append(String.format(Locale.ROOT, "%s,%d,%s,%d,%.0f", r.workload(), r.samplingMs() / 1000, r.hold(), k + 1, s.timeS()));
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
     * When every node first gets within the band, from which period on it stays there to the end, the share
     * of periods in the band after the first entry, and the RMS deviation over the last 20 periods.
     */
    static String summarise(Run r) {
        List<Sample> s = r.samples();
        int first = -1, settled = -1, inBand = 0;
        for (int k = 0; k < s.size(); k++) {
            Sample now = s.get(k);
            boolean in = r.nodes().stream().allMatch(n -> Math.abs(now.cpu().get(n) - SET_POINT) < BAND);
            if (in && first < 0) first = k;
            if (first >= 0 && in) inBand++;
            if (!in) settled = -1;
            else if (settled < 0) settled = k;
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
        Map<String, String> f = new LinkedHashMap<>();
        f.put("first within band", first < 0 ? "never" : "period " + (first + 1));
        f.put("stays within band from", settled < 0 ? "never" : "period " + (settled + 1));
        f.put("in band after first entry", first < 0 ? "-" : String.format(Locale.ROOT, "%d of %d periods", inBand, s.size() - first));
        f.put("RMS deviation, last 20 periods", String.format(Locale.ROOT, "%.4f", Math.sqrt(sq / count)));
        StringBuilder sb = new StringBuilder(r.label() + " (" + s.size() + " periods):");
        f.forEach((k, v) -> sb.append(' ').append(k).append(' ').append(v).append(';'));
        return sb.substring(0, sb.length() - 1);
    }
}
