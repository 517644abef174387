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
 * Turns the output of the benchmark's runs (race:status and race:apps after every sampling period, and
 * race:mms's "done:" lines) into the table of the figures beside the goals, goals.csv, goals.svg,
 * eucon.csv, the charts, tradeoff.csv, speed.csv and summary.txt. Run by run.sh as a single-file program:
 * {@code java -cp race-charts.jar EuconEvidence.java OUT_DIR DESCRIPTOR_DIR SETTING|WORKLOAD|SAMPLING_MS|SEED|OUTPUT_FILE... mms|OUTPUT_FILE...}
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
    record Run(String setting, String workload, long samplingMs, long seed, Map<String, Double> deployed, List<Sample> samples,
            List<String> nodes, List<String> apps, double decisionMedianMs, double decisionP99Ms) {
        String label() {
            return "workload " + workload + ", Ts " + samplingMs / 1000 + " s" + (setting.equals(DEFAULTS) ? "" : ", " + setting);
        }
    }

    /** What the trade-off table shows of one run: see {@link #metrics}. */
    record Metrics(int first, int outAfter, double overshoot, double rms, int rateViolations) {
    }

    /**
     * A run at fixed rates and the figures of the EUCON run it repeats, from that run's first period in the
     * band; {@code unfiltered}: the same seed without the filter (null when not run).
     */
    record Floor(Run eucon, Metrics metrics, int outAfter, double rmsAfter, double fixedRmsAfter, Metrics unfiltered, double unfilteredRmsAfter) {
    }

    /** One configuration of race:mms: wall and cpu seconds, decision times. */
    record MmsRun(double wallS, double cpuS, double decisionMedianMs, double decisionP99Ms) {
    }

    private static final Pattern SNAPSHOT = Pattern.compile("^snapshot at ([\\d.]+) s");
    private static final Pattern DEPLOYED = Pattern.compile("^deployed (\\S+) \\(.*, period ([\\d.]+) ms");
    private static final Pattern DECISION = Pattern.compile("^decision time last \\S+ ms, median ([\\d.]+) ms, p99 ([\\d.]+) ms");
    private static final Pattern DONE = Pattern.compile(
            "^\\s*heavy/(\\w+)\\s+done: \\S+ s of platform time in ([\\d.]+) s .*cpu ([\\d.]+) s(?:, decisions median ([\\d.]+) ms, p99 ([\\d.]+) ms)?");
    static final String DEFAULTS = "defaults", FIXED = "fixed rates", NO_FILTER = "no filter";

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Map<String, double[]> ranges = periodRanges(Path.of(args[1]));
        List<Run> runs = new ArrayList<>();
        List<Map<String, MmsRun>> mms = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            if (args[i].startsWith("mms|")) {
                mms.add(parseMms(Path.of(args[i].substring(4))));
                continue;
            }
            String[] spec = args[i].split("\\|", 5);
            runs.add(parse(spec[0], spec[1], Long.parseLong(spec[2]), Long.parseLong(spec[3]), Files.readAllLines(Path.of(spec[4]))));
        }
        List<Run> eucon = runs.stream().filter(r -> !r.setting().startsWith("P=") && !r.setting().equals(FIXED) && !r.setting().equals(NO_FILTER)).toList();
        // the charts and the per-period figures: the first seed of each
        long seed = eucon.isEmpty() ? 0 : eucon.get(0).seed();
        List<Run> main = eucon.stream().filter(r -> r.seed() == seed).toList();
        if (!main.isEmpty()) writeCsv(out.resolve("eucon.csv"), main);
        for (long sampling : main.stream().map(Run::samplingMs).distinct().toList()) {
            List<Run> same = main.stream().filter(r -> r.samplingMs() == sampling).toList();
            String suffix = sampling == 5000 ? "" : "-" + sampling / 1000 + "s";
            Files.writeString(out.resolve("eucon" + suffix + ".svg"), LineChart.document(same.stream().map(EuconEvidence::utilizationChart).toList()));
            Files.writeString(out.resolve("eucon-periods" + suffix + ".svg"), LineChart.document(same.stream().map(EuconEvidence::periodChart).toList()));
        }
        StringBuilder summary = new StringBuilder(goals(runs, mms, ranges, out)).append('\n');
        summary.append(String.format(Locale.ROOT, "EUCON on the sim platform, SMALL workload (T1..T3 on sc1, sc2), set point %.4f, band +/-%.2f, seed %d%n",
                SET_POINT, BAND, seed));
        for (Run r : main) summary.append(summarise(r, ranges)).append('\n');
        List<Run> sweep = runs.stream().filter(r -> r.setting().startsWith("P=")).toList();
        if (!sweep.isEmpty()) {
            summary.append('\n').append(tradeOff(sweep, ranges, out));
        }
        Files.writeString(out.resolve("summary.txt"), summary);
        System.out.print(summary);
    }

    /**
     * The table of the figures beside the goals (printed, goals.csv per run, goals.svg): for each sampling
     * period and workload EUCON's first period in the band over the seeds, the periods out of it after
     * that, against the same periods of the sim at the rates EUCON ended with and no controller (the
     * window noise no controller removes), RMS deviations after settling, rates out of their range and
     * decision times; then EUCON's cost under MMS heavy, container by container.
     */
    static String goals(List<Run> runs, List<Map<String, MmsRun>> mms, Map<String, double[]> ranges, Path out) throws IOException {
        List<Floor> floors = new ArrayList<>();
        for (Run r : runs) {
            if (!r.setting().equals(DEFAULTS)) continue;
            Run fixed = same(runs, FIXED, r), unfiltered = same(runs, NO_FILTER, r);
            Metrics m = metrics(r, ranges), u = unfiltered == null ? null : metrics(unfiltered, ranges);
            int from = m.first() < 0 ? r.samples().size() : m.first();
            floors.add(new Floor(r, m, fixed == null ? -1 : outOfBand(fixed, from), rms(r, from), fixed == null ? Double.NaN : rms(fixed, from), u,
                    u == null ? Double.NaN : rms(unfiltered, u.first() < 0 ? unfiltered.samples().size() : u.first())));
        }
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT,
                "EUCON benchmark: the figures beside the goals (SMALL workload on the sim, set point %.4f, band +/-%.2f, %d periods a run)%n",
                SET_POINT, BAND, runs.isEmpty() ? 0 : runs.get(0).samples().size()));
        String row = "%-78s %-8s %s%n";
        t.append(String.format(Locale.ROOT, row, "figure", "goal", "measured"));
        StringBuilder csv = new StringBuilder("sampling_period_s,workload,seed,first_within_band,periods_out_after,fixed_rates_periods_out_after,"
                + "rms_after,fixed_rates_rms_after,rate_bound_violations,decision_median_ms,decision_p99_ms,no_filter_first_within_band,"
                + "no_filter_periods_out_after,no_filter_rms_after\n");
        List<LineChart> charts = new ArrayList<>();
        int violations = 0;
        for (long sampling : floors.stream().map(f -> f.eucon().samplingMs()).distinct().toList()) {
            LineChart chart = new LineChart("Ts " + sampling / 1000 + " s: periods out of the band after entering it", "seed", "periods").yFrom(0);
            for (String workload : floors.stream().map(f -> f.eucon().workload()).distinct().toList()) {
                List<Floor> same = floors.stream().filter(f -> f.eucon().samplingMs() == sampling && f.eucon().workload().equals(workload)).toList();
                if (same.isEmpty()) continue;
                String where = String.format(Locale.ROOT, "Ts %d s, workload %s, seeds %s: ", sampling / 1000, workload,
                        String.join(" ", same.stream().map(f -> String.valueOf(f.eucon().seed())).toList()));
                boolean compared = same.stream().allMatch(f -> f.unfiltered() != null);
                t.append(String.format(Locale.ROOT, row, where + "first period within the band", "<= 10", join(same, f -> first(f.metrics()))
                        + (compared ? "  (no filter: " + join(same, f -> first(f.unfiltered())) + ")" : "")));
                t.append(String.format(Locale.ROOT, row, where + "periods out of the band after it", "0",
                        join(same, f -> String.valueOf(f.metrics().outAfter())) + "  (at fixed rates: " + join(same, f -> String.valueOf(f.outAfter())) + ")"
                                + (compared ? "  (no filter: " + join(same, f -> String.valueOf(f.unfiltered().outAfter())) + ")" : "")));
                t.append(String.format(Locale.ROOT, row, where + "RMS deviation after it", "",
                        join(same, f -> String.format(Locale.ROOT, "%.4f", f.rmsAfter())) + "  (at fixed rates: "
                                + join(same, f -> String.format(Locale.ROOT, "%.4f", f.fixedRmsAfter())) + ")"
                                + (compared ? "  (no filter: " + join(same, f -> String.format(Locale.ROOT, "%.4f", f.unfilteredRmsAfter())) + ")" : "")));
                List<double[]> eu = new ArrayList<>(), fx = new ArrayList<>(), nf = new ArrayList<>();
                for (int k = 0; k < same.size(); k++) {
                    Floor f = same.get(k);
                    violations += f.metrics().rateViolations();
                    eu.add(new double[] { k + 1, f.metrics().outAfter() });
                    fx.add(new double[] { k + 1, f.outAfter() });
                    if (f.unfiltered() != null) nf.add(new double[] { k + 1, f.unfiltered().outAfter() });
                    csv.append(String.format(Locale.ROOT, "%d,%s,%d,%d,%d,%d,%.4f,%.4f,%d,%.3f,%.3f,%s,%s,%s%n", sampling / 1000, workload, f.eucon().seed(),
                            f.metrics().first(), f.metrics().outAfter(), f.outAfter(), f.rmsAfter(), f.fixedRmsAfter(), f.metrics().rateViolations(),
                            f.eucon().decisionMedianMs(), f.eucon().decisionP99Ms(), f.unfiltered() == null ? "" : f.unfiltered().first(),
                            f.unfiltered() == null ? "" : f.unfiltered().outAfter(), f.unfiltered() == null ? "" : String.format(Locale.ROOT, "%.4f", f.unfilteredRmsAfter())));
                    if (f.unfiltered() != null) violations += f.unfiltered().rateViolations();
                }
                chart.series("workload " + workload + ", EUCON", eu).series("workload " + workload + ", fixed rates", fx, true);
                if (!nf.isEmpty()) chart.series("workload " + workload + ", no filter", nf);
            }
            charts.add(chart);
        }
        if (!floors.isEmpty()) {
            t.append(String.format(Locale.ROOT, row, "rate samples outside the periodRange, all of these runs", "0", violations));
            t.append(String.format(Locale.ROOT, row, "decision time, median / largest (a run's first decision, loading classes), ms", "",
                    String.format(Locale.ROOT, "%.3f / %.3f", median(floors.stream().mapToDouble(f -> f.eucon().decisionMedianMs()).toArray()),
                            floors.stream().mapToDouble(f -> f.eucon().decisionP99Ms()).max().orElse(Double.NaN))));
        }
        if (!mms.isEmpty()) {
            t.append(String.format(Locale.ROOT, row, "MMS heavy: EUCON wall time per 1,400 s configuration, s, container by container", "< 2",
                    joinMms(mms, m -> String.format(Locale.ROOT, "%.1f", m.get("eucon").wallS()))));
            t.append(String.format(Locale.ROOT, row, "MMS heavy: EUCON cpu time of the container's threads, s", "",
                    joinMms(mms, m -> String.format(Locale.ROOT, "%.1f", m.get("eucon").cpuS()))));
            t.append(String.format(Locale.ROOT, row, "MMS heavy: FMUF wall time, s (same container)", "",
                    joinMms(mms, m -> String.format(Locale.ROOT, "%.1f", m.get("fmuf").wallS()))));
            t.append(String.format(Locale.ROOT, row, "MMS heavy: EUCON / FMUF wall time (cpu time)", "",
                    joinMms(mms, m -> String.format(Locale.ROOT, "%.2f (%.2f)", m.get("eucon").wallS() / m.get("fmuf").wallS(),
                            m.get("eucon").cpuS() / m.get("fmuf").cpuS()))));
            t.append(String.format(Locale.ROOT, row, "MMS heavy: EUCON decision time, median / p99 of the last 1,000 periods, ms", "",
                    joinMms(mms, m -> String.format(Locale.ROOT, "%.3f / %.3f", m.get("eucon").decisionMedianMs(), m.get("eucon").decisionP99Ms()))));
            speed(mms, out);
        }
        Files.writeString(out.resolve("goals.csv"), csv);
        if (!charts.isEmpty()) Files.writeString(out.resolve("goals.svg"), LineChart.document(charts));
        return t.toString();
    }

    /** speed.csv and speed.svg: wall and cpu seconds of every configuration, container by container. */
    static void speed(List<Map<String, MmsRun>> mms, Path out) throws IOException {
        StringBuilder csv = new StringBuilder("container,baseline_s,fmuf_s,eucon_s,eucon_over_fmuf,baseline_cpu_s,fmuf_cpu_s,eucon_cpu_s,"
                + "eucon_decision_median_ms,eucon_decision_p99_ms\n");
        List<double[]> fmuf = new ArrayList<>(), eucon = new ArrayList<>(), euconCpu = new ArrayList<>();
        for (int k = 0; k < mms.size(); k++) {
            Map<String, MmsRun> m = mms.get(k);
            MmsRun b = m.getOrDefault("baseline", new MmsRun(Double.NaN, Double.NaN, Double.NaN, Double.NaN)), f = m.get("fmuf"), e = m.get("eucon");
            csv.append(String.format(Locale.ROOT, "%d,%.1f,%.1f,%.1f,%.2f,%.1f,%.1f,%.1f,%.3f,%.3f%n", k + 1, b.wallS(), f.wallS(), e.wallS(),
                    e.wallS() / f.wallS(), b.cpuS(), f.cpuS(), e.cpuS(), e.decisionMedianMs(), e.decisionP99Ms()));
            fmuf.add(new double[] { k + 1, f.wallS() });
            eucon.add(new double[] { k + 1, e.wallS() });
            euconCpu.add(new double[] { k + 1, e.cpuS() });
        }
        Files.writeString(out.resolve("speed.csv"), csv);
        LineChart chart = new LineChart("MMS heavy: time per 1,400 s configuration", "container", "s").yFrom(0);
        chart.series("fmuf, wall", fmuf).series("eucon, wall", eucon).series("eucon, cpu", euconCpu);
        chart.series("goal: eucon 2 s", List.of(new double[] { 1, 2 }, new double[] { Math.max(2, mms.size()), 2 }), true);
        Files.writeString(out.resolve("speed.svg"), LineChart.document(List.of(chart)));
    }

    /** Every configuration's "done:" line of one race:mms output. */
    static Map<String, MmsRun> parseMms(Path file) throws IOException {
        Map<String, MmsRun> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            Matcher m = DONE.matcher(line);
            if (m.find()) {
                out.put(m.group(1), new MmsRun(Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
                        m.group(4) == null ? Double.NaN : Double.parseDouble(m.group(4)), m.group(5) == null ? Double.NaN : Double.parseDouble(m.group(5))));
            }
        }
        if (!out.containsKey("fmuf") || !out.containsKey("eucon")) throw new IllegalStateException(file + ": no fmuf or eucon \"done:\" line");
        return out;
    }

    /** The run of {@code setting} with the workload, sampling period and seed of {@code r}, or null. */
    private static Run same(List<Run> runs, String setting, Run r) {
        return runs.stream().filter(f -> f.setting().equals(setting) && f.workload().equals(r.workload()) && f.samplingMs() == r.samplingMs()
                && f.seed() == r.seed()).findFirst().orElse(null);
    }

    private static String join(List<Floor> floors, java.util.function.Function<Floor, String> f) {
        return String.join(" ", floors.stream().map(f).toList());
    }

    private static String joinMms(List<Map<String, MmsRun>> mms, java.util.function.Function<Map<String, MmsRun>, String> f) {
        return String.join("  ", mms.stream().map(f).toList());
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Periods from index {@code from} on with a node out of the band. */
    static int outOfBand(Run r, int from) {
        int out = 0;
        for (int k = from; k < r.samples().size(); k++) {
            Sample now = r.samples().get(k);
            if (!r.nodes().stream().allMatch(n -> Math.abs(now.cpu().get(n) - SET_POINT) < BAND)) out++;
        }
        return out;
    }

    /** RMS deviation from the set point over every node, from index {@code from} on. */
    static double rms(Run r, int from) {
        double sq = 0;
        int count = 0;
        for (int k = from; k < r.samples().size(); k++) {
            for (String n : r.nodes()) {
                double e = r.samples().get(k).cpu().get(n) - SET_POINT;
                sq += e * e;
                count++;
            }
        }
        return count == 0 ? Double.NaN : Math.sqrt(sq / count);
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
    static Run parse(String setting, String workload, long samplingMs, long seed, List<String> lines) {
        List<Sample> samples = new ArrayList<>();
        Map<String, Double> deployed = new TreeMap<>();
        TreeSet<String> nodes = new TreeSet<>(), apps = new TreeSet<>();
        String table = "";
        Sample current = null;
        double decisionMedian = Double.NaN, decisionP99 = Double.NaN;
        for (String line : lines) {
            Matcher dt = DECISION.matcher(line);
            if (dt.find()) {
                decisionMedian = Double.parseDouble(dt.group(1));
                decisionP99 = Double.parseDouble(dt.group(2));
            }
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
        return new Run(setting, workload, samplingMs, seed, deployed, samples, List.copyOf(nodes), List.copyOf(apps), decisionMedian, decisionP99);
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
        table.append(String.format(Locale.ROOT, "%-62s %11s %11s %13s %15s %9s%n", "setting", "first in", "out after", "overshoot", "RMS last 20", "rate out"));
        StringBuilder csv = new StringBuilder("setting,workload,first_within_band,periods_out_after,overshoot,rms_last20,rate_bound_violations\n");
        Map<String, List<double[]>> firstByTref = new TreeMap<>(Comparator.reverseOrder()), overshootByTref = new TreeMap<>(Comparator.reverseOrder());
        Pattern tref = Pattern.compile("^P=2 M=1 Tref/Ts=([\\d.]+) w=1\\b");
        rows.forEach((setting, byWorkload) -> {
            Metrics a = byWorkload.get("2.0"), b = byWorkload.get("0.5");
            table.append(String.format(Locale.ROOT, "%-62s %5s / %-3s %5d / %-3d %6.3f / %-5.3f %7.4f / %-6.4f %4d%n", setting, first(a), first(b),
                    a.outAfter(), b.outAfter(), a.overshoot(), b.overshoot(), a.rms(), b.rms(), a.rateViolations() + b.rateViolations()));
            Matcher t = tref.matcher(setting);
            // the chart compares the reference trajectories without the filter
            String series = setting.contains("filtered") ? null : setting.endsWith(GAIN_ESTIMATED) ? GAIN_ESTIMATED : "gain 1";
            byWorkload.forEach((workload, m) -> {
                csv.append(String.format(Locale.ROOT, "\"%s\",%s,%d,%d,%.4f,%.4f,%d%n", setting, workload, m.first(), m.outAfter(), m.overshoot(),
                        m.rms(), m.rateViolations()));
                if (series != null && t.find(0)) {
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
