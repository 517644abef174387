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

    /** One configuration's run of a scenario. */
    record Run(MmsConfiguration configuration, List<Sample> samples, long wallMillis) {
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

    /** The largest miss ratio any chart will draw, so every configuration's chart can share one y scale. */
    static double chartTop(Scenario scenario, List<Run> runs) {
        double top = 0;
        for (Run r : runs) {
            for (List<double[]> points : buckets(scenario, r).values()) {
                for (double[] p : points) top = Math.max(top, p[1]);
            }
        }
        return Math.max(0.1, Math.ceil(top * 10 - 1e-9) / 10);
    }

    /**
     * Figure 12/13 style: miss ratio over time, one line per application (importance in its name;
     * low importance dashed), each point the ratio over one chart window, events marked.
     */
    static void writeChart(Path file, Scenario scenario, Run run, double yTop) throws IOException {
        LineChart c = new LineChart(scenario.name() + ": " + run.configuration().title(), "time s",
                "deadline miss ratio per " + seconds(scenario.chartWindowMs()) + " s").legendBeside().noPointMarkers().yFrom(0).yTo(yTop);
        for (Scenario.Event e : scenario.timeline()) {
            if (e.atMs() > 0) c.mark(e.atMs() / 1000.0, e.label());
        }
        Map<String, Importance> importance = new LinkedHashMap<>();
        for (Sample s : run.samples()) importance.putIfAbsent(s.application(), s.importance());
        buckets(scenario, run).forEach((app, points) -> c.series(app + " (" + importance.get(app).label() + ")", points,
                importance.get(app) == Importance.LOW));
        Files.writeString(file, c.svg());
    }

    /** Per application, in order of first appearance: (window end s, miss ratio over the window) for windows with deadlines. */
    private static Map<String, List<double[]>> buckets(Scenario scenario, Run run) {
        Map<String, TreeMap<Long, long[]>> perApp = new LinkedHashMap<>();
        for (Sample s : run.samples()) {
            long window = (s.timeMs() + scenario.chartWindowMs() - 1) / scenario.chartWindowMs(); // (k-1)W < t <= kW
            long[] t = perApp.computeIfAbsent(s.application(), k -> new TreeMap<>()).computeIfAbsent(window, k -> new long[2]);
            t[0] += s.met() + s.missed();
            t[1] += s.missed();
        }
        Map<String, List<double[]>> out = new LinkedHashMap<>();
        perApp.forEach((app, windows) -> {
            List<double[]> points = new ArrayList<>();
            windows.forEach((k, t) -> {
                if (t[0] > 0) points.add(new double[] { k * scenario.chartWindowMs() / 1000.0, (double) t[1] / t[0] });
            });
            out.put(app, points);
        });
        return out;
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
