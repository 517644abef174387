package org.race.mms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.race.api.model.Importance;
import org.race.charts.LineChart;

/** What runs of a scenario recorded, and the files and table made of it. */
final class MmsResults {
    /** One application over one sampling period. */
    record Sample(long timeMs, String application, Importance importance, double periodMs, long met, long missed) {
        double missRatio() {
            return met + missed == 0 ? 0 : (double) missed / (met + missed);
        }
    }

    /**
     * One configuration's run of a scenario, with its components' measured figures where the platform ran
     * their code (--real), and when it started (wall clock, ms).
     */
    record Run(MmsConfiguration configuration, List<Sample> samples, List<ComponentTotal> components, long wallStartMillis) {
        Run(MmsConfiguration configuration, List<Sample> samples) {
            this(configuration, samples, List.of(), 0);
        }
    }

    /**
     * One component over a run, summed from the node monitors' samples (measured on the platform): its jobs,
     * their CPU time, the most one job used, the longest response, failed jobs and overruns; {@code budgetMs}
     * is the CPU time a job may use on its node (executionTime / node cpu).
     */
    record ComponentTotal(String application, String component, String node, long jobs, double cpuMs, double maxJobCpuMs, double maxResponseMs,
            long failures, long overruns, double budgetMs) {
        double cpuPerJobMs() {
            return jobs == 0 ? 0 : cpuMs / jobs;
        }
    }

    /** Deadlines and misses of one importance class. */
    record ClassTotal(int applications, long deadlines, long missed) {
        double missRatio() {
            return deadlines == 0 ? 0 : (double) missed / deadlines;
        }
    }

    private MmsResults() {
    }

    /** Every sample: {@code mms-<scenario>.csv}. */
    static void writeCsv(Path file, List<Run> runs) throws IOException {
        StringBuilder sb = new StringBuilder("time_s,configuration,application,importance,period_ms,met,missed,miss_ratio\n");
        for (Run r : runs) {
            for (Sample s : r.samples()) {
                sb.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%s,%d,%d,%.4f%n", seconds(s.timeMs()), r.configuration().name(), s.application(),
                        s.importance().label(), plain(s.periodMs()), s.met(), s.missed(), s.missRatio()));
            }
        }
        Files.writeString(file, sb.toString());
    }

    /** Pooled over the run: missed deadlines over all deadlines of the class's applications. */
    static Map<Importance, ClassTotal> totals(Run run) {
        Map<Importance, Map<String, long[]>> byClass = new EnumMap<>(Importance.class);
        for (Sample s : run.samples()) {
            long[] t = byClass.computeIfAbsent(s.importance(), k -> new TreeMap<>()).computeIfAbsent(s.application(), k -> new long[2]);
            t[0] += s.met() + s.missed();
            t[1] += s.missed();
        }
        Map<Importance, ClassTotal> out = new EnumMap<>(Importance.class);
        byClass.forEach((imp, apps) -> out.put(imp, new ClassTotal(apps.size(), apps.values().stream().mapToLong(t -> t[0]).sum(),
                apps.values().stream().mapToLong(t -> t[1]).sum())));
        return out;
    }

    /** {@code mms-<scenario>-summary.csv}. */
    static void writeSummary(Path file, Scenario scenario, List<Run> runs) throws IOException {
        StringBuilder sb = new StringBuilder("scenario,configuration,importance,applications,deadlines,missed,miss_ratio\n");
        for (Run r : runs) {
            for (Map.Entry<Importance, ClassTotal> e : descending(totals(r)).entrySet()) {
                ClassTotal t = e.getValue();
                sb.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%d,%d,%.4f%n", scenario.name(), r.configuration().name(), e.getKey().label(),
                        t.applications(), t.deadlines(), t.missed(), t.missRatio()));
            }
        }
        Files.writeString(file, sb.toString());
    }

    /** The summary as a table: one row per configuration, one column per importance class. */
    static String table(Scenario scenario, List<Run> runs) {
        List<Importance> classes = new ArrayList<>();
        for (Importance i : List.of(Importance.HIGH, Importance.MEDIUM, Importance.LOW)) {
            if (runs.stream().anyMatch(r -> totals(r).containsKey(i))) classes.add(i);
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s: deadline-miss ratio per importance class (missed / deadlines over %s s)%n",
                scenario.name(), seconds(scenario.durationMs())));
        sb.append(String.format(Locale.ROOT, "%-10s", "config"));
        for (Importance i : classes) sb.append(String.format(Locale.ROOT, " %10s", i.label()));
        sb.append(String.format(Locale.ROOT, "   %s%n", "what"));
        for (Run r : runs) {
            Map<Importance, ClassTotal> t = totals(r);
            sb.append(String.format(Locale.ROOT, "%-10s", r.configuration().name()));
            for (Importance i : classes) {
                sb.append(t.containsKey(i) ? String.format(Locale.ROOT, " %10.4f", t.get(i).missRatio()) : String.format(" %10s", "-"));
            }
            sb.append(String.format(Locale.ROOT, "   %s%n", r.configuration().title()));
        }
        return sb.toString();
    }

    /** {@code mms-<scenario>-components.csv}: every measured component of every run. */
    static void writeComponents(Path file, List<Run> runs) throws IOException {
        StringBuilder sb = new StringBuilder("configuration,application,component,node,jobs,cpu_ms_per_job,max_job_cpu_ms,budget_ms,max_response_ms,failures,overruns\n");
        for (Run r : runs) {
            for (ComponentTotal c : r.components()) {
                sb.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%d,%.3f,%.3f,%.3f,%.1f,%d,%d%n", r.configuration().name(), c.application(), c.component(),
                        c.node(), c.jobs(), c.cpuPerJobMs(), c.maxJobCpuMs(), c.budgetMs(), c.maxResponseMs(), c.failures(), c.overruns()));
            }
        }
        Files.writeString(file, sb.toString());
    }

    /** Per configuration and application: its components' jobs, failed jobs and overruns, and their CPU per iteration against their budgets. */
    static String componentTable(Scenario scenario, List<Run> runs) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%s: measured over %s s, per application (its components summed; CPU time per iteration against the budgets)%n", scenario.name(),
                seconds(scenario.durationMs())));
        sb.append(String.format(Locale.ROOT, "%-10s %-12s %8s %8s %8s %10s %10s%n", "config", "application", "jobs", "failed", "overruns", "cpu ms", "budget ms"));
        for (Run r : runs) {
            Map<String, double[]> apps = new LinkedHashMap<>(); // jobs, failures, overruns, cpu per job summed, budget summed
            for (ComponentTotal c : r.components()) {
                double[] a = apps.computeIfAbsent(c.application(), k -> new double[5]);
                a[0] += c.jobs();
                a[1] += c.failures();
                a[2] += c.overruns();
                a[3] += c.cpuPerJobMs();
                a[4] += c.budgetMs();
            }
            apps.forEach((app, a) -> sb.append(String.format(Locale.ROOT, "%-10s %-12s %8.0f %8.0f %8.0f %10.2f %10.2f%n", r.configuration().name(), app,
                    a[0], a[1], a[2], a[3], a[4])));
        }
        return sb.toString();
    }

    /** The top of the y axis every configuration's chart shares: a tenth above the largest miss ratio drawn. */
    static double chartTop(Scenario scenario, List<Run> runs) {
        double top = 0;
        for (Run r : runs) {
            for (Line l : lines(scenario, r)) {
                for (double[] p : l.points()) top = Math.max(top, p[1]);
            }
        }
        return Math.min(1, Math.floor(top * 10 + 1e-9) / 10 + 0.1);
    }

    /**
     * Figure 12/13 style: miss ratio over time, one line per application with its importance in the
     * name; medium in warm colours, low dashed in cool ones, the high-importance (GNC) applications
     * pooled into one grey line; each point the ratio over one chart window; events numbered.
     */
    static void writeChart(Path file, Scenario scenario, Run run, double yTop) throws IOException {
        double seconds = scenario.durationMs() / 1000.0;
        LineChart c = new LineChart("MMS " + scenario.name() + ", " + run.configuration().name() + ": " + run.configuration().title(), "time s",
                "deadline miss ratio per " + seconds(scenario.chartWindowMs()) + " s").legendBeside().noPointMarkers().yAxis(0, yTop, yTop <= 0.3 ? 0.05 : 0.1)
                .xAxis(0, seconds, tickStep(seconds));
        for (Scenario.Event e : scenario.timeline()) {
            if (e.atMs() > 0) c.mark(e.atMs() / 1000.0, seconds(e.atMs()) + " s: " + e.label());
        }
        int medium = 0, low = 0;
        for (Line l : lines(scenario, run)) {
            String colour = switch (l.importance()) {
                case HIGH -> "#555555";
                case MEDIUM -> WARM[medium++ % WARM.length];
                case LOW -> COOL[low++ % COOL.length];
            };
            c.series(l.name(), l.points(), l.importance() == Importance.LOW, colour);
        }
        Files.writeString(file, c.svg());
    }

    /** Whether some application's period changed during the run. */
    static boolean ratesChanged(Run run) {
        Map<String, Double> first = new TreeMap<>();
        for (Sample s : run.samples()) {
            Double p = first.putIfAbsent(s.application(), s.periodMs());
            if (p != null && p != s.periodMs()) return true;
        }
        return false;
    }

    /**
     * The rates over time, as a fraction of the rate each application was deployed with (its region's
     * maximum when that fitted), one line per application with that rate in Hz in its name.
     */
    static void writeRateChart(Path file, Scenario scenario, Run run) throws IOException {
        double seconds = scenario.durationMs() / 1000.0;
        LineChart c = new LineChart("MMS " + scenario.name() + ", " + run.configuration().name() + ": rates", "time s",
                "rate / rate at deployment").legendBeside().noPointMarkers().yAxis(0, 1.2, 0.1).xAxis(0, seconds, tickStep(seconds));
        for (Scenario.Event e : scenario.timeline()) {
            if (e.atMs() > 0) c.mark(e.atMs() / 1000.0, seconds(e.atMs()) + " s: " + e.label());
        }
        Map<String, List<double[]>> lines = new LinkedHashMap<>();
        Map<String, Double> deployedAt = new TreeMap<>();
        Map<String, Importance> importance = new TreeMap<>();
        for (Sample s : run.samples()) {
            deployedAt.putIfAbsent(s.application(), 1000 / s.periodMs());
            importance.put(s.application(), s.importance());
        }
        for (Sample s : run.samples()) {
            lines.computeIfAbsent(s.application(), k -> new ArrayList<>()).add(new double[] { s.timeMs() / 1000.0, 1000 / s.periodMs() / deployedAt.get(s.application()) });
        }
        int medium = 0, low = 0;
        for (Map.Entry<String, List<double[]>> l : lines.entrySet()) {
            Importance i = importance.get(l.getKey());
            String colour = switch (i) {
                case HIGH -> "#555555";
                case MEDIUM -> WARM[medium++ % WARM.length];
                case LOW -> COOL[low++ % COOL.length];
            };
            c.series(l.getKey() + " (" + i.label() + ", deployed at " + plain(Math.round(deployedAt.get(l.getKey()) * 1000) / 1000.0) + " Hz)", l.getValue(),
                    i == Importance.LOW, colour);
        }
        Files.writeString(file, c.svg());
    }

    private static final String[] WARM = { "#d62728", "#ff7f0e", "#8c564b", "#e377c2", "#bcbd22" };
    private static final String[] COOL = { "#1f77b4", "#2ca02c", "#17becf", "#9467bd", "#7f7f7f", "#aec7e8", "#98df8a" };

    /** One line of a chart: (window end s, miss ratio over the window) for the windows that had deadlines. */
    record Line(String name, Importance importance, List<double[]> points) {
    }

    /** Per application in order of first appearance, the high-importance ones pooled into one line. */
    private static List<Line> lines(Scenario scenario, Run run) {
        Map<String, Importance> importance = new LinkedHashMap<>();
        Map<String, TreeMap<Long, long[]>> windows = new LinkedHashMap<>();
        List<String> high = new ArrayList<>();
        for (Sample s : run.samples()) {
            if (importance.putIfAbsent(s.application(), s.importance()) == null && s.importance() == Importance.HIGH) high.add(s.application());
        }
        String pooled = high.size() + " high-importance application" + (high.size() == 1 ? "" : "s") + " (pooled)";
        for (Sample s : run.samples()) {
            String line = s.importance() == Importance.HIGH ? pooled : s.application() + " (" + s.importance().label() + ")";
            long window = (s.timeMs() + scenario.chartWindowMs() - 1) / scenario.chartWindowMs(); // (k-1)W < t <= kW
            long[] t = windows.computeIfAbsent(line, k -> new TreeMap<>()).computeIfAbsent(window, k -> new long[2]);
            t[0] += s.met() + s.missed();
            t[1] += s.missed();
        }
        List<Line> out = new ArrayList<>();
        windows.forEach((name, w) -> {
            List<double[]> points = new ArrayList<>();
            w.forEach((k, t) -> {
                if (t[0] > 0) points.add(new double[] { k * scenario.chartWindowMs() / 1000.0, (double) t[1] / t[0] });
            });
            out.add(new Line(name, name.equals(pooled) ? Importance.HIGH : importance.get(name.substring(0, name.indexOf(" ("))), points));
        });
        return out;
    }

    /** 1, 2 or 5 times a power of ten, for five to ten ticks. */
    static double tickStep(double range) {
        double step = Math.pow(10, Math.floor(Math.log10(range / 5)));
        for (double f : new double[] { 1, 2, 5, 10 }) {
            if (range / (step * f) <= 10) return step * f;
        }
        return step * 10;
    }

    private static Map<Importance, ClassTotal> descending(Map<Importance, ClassTotal> m) {
        Map<Importance, ClassTotal> out = new LinkedHashMap<>();
        for (Importance i : List.of(Importance.HIGH, Importance.MEDIUM, Importance.LOW)) {
            if (m.containsKey(i)) out.put(i, m.get(i));
        }
        return out;
    }

    static String seconds(long ms) {
        return plain(ms / 1000.0);
    }

    /** A number without a trailing ".0" when whole. */
    static String plain(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.valueOf(v);
    }
}
