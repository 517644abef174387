package org.race.experiment.scalability;

import java.io.IOException;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import org.race.api.monitoring.DelayStats;
import org.race.charts.LineChart;

/**
 * Where the monitoring delay's tail comes from: every sampling period's collect as the control loop
 * makes it (from a clock task, from the first period of a fresh container on), with what else happened
 * in the JVM while it ran, read from the platform MXBeans just before and just after (outside the
 * measured window): collections ({@link GarbageCollectorMXBean}), JIT compilation time, classes loaded,
 * threads started (a pool starting its threads) and the time threads spent blocked on monitors. A slow
 * period is put down to the first of: warm-up (the first {@value #WARM_UP} periods), GC, threads
 * started, classes loaded, lock waits, JIT compiling meanwhile; else scheduling (the collecting
 * thread or a thread it waits for was not on a core: two cores shared by everything on the machine).
 * Points are appended to {@value #CSV} (one container per point, so every point starts cold), the
 * periods to {@value #PERIODS_CSV}; {@link #table} sets them beside the goals.
 */
final class MonitoringTail {
    static final String CSV = "monitoring-tail.csv";
    static final String PERIODS_CSV = "monitoring-tail-periods.csv";
    static final String SVG = "monitoring-tail.svg";
    static final int WARM_UP = 10;
    /** The goals: p99 in one container and across node containers, ms; a slow period is one beyond the first. */
    static final double GOAL_IN_PROCESS_MS = 1, GOAL_REMOTE_MS = 5;
    /** Hierarchical no slower than flat from this many nodes on. */
    static final int GOAL_RATIO_FROM = 6;
    static final List<String> CAUSES = List.of("warm-up", "gc", "threads", "classes", "lock", "jit", "scheduling");
    private static final String HEADER = "placement,nodes,mode,periods,p50_ms,p99_ms,max_ms,warmup_max_ms,steady_p99_ms,steady_max_ms,"
            + "gc_periods,slow_periods," + String.join(",", CAUSES.stream().map(c -> "slow_" + c).toList());

    /** One period: the delay and what the JVM did meanwhile. */
    record Period(int index, long delayNanos, long gcs, long gcMillis, long jitMillis, long classes, long threads, long blockedMillis) {
        /** Why it was slow, the first cause that applies. */
        String cause() {
            if (index < WARM_UP) return "warm-up";
            if (gcs > 0) return "gc";
            if (threads > 0) return "threads";
            if (classes > 0) return "classes";
            if (blockedMillis > 0) return "lock";
            if (jitMillis > 0) return "jit";
            return "scheduling";
        }
    }

    /** One point: a placement, a number of nodes, a mode, its periods. */
    record Point(String placement, int nodes, String mode, int periods, double p50, double p99, double max, double warmUpMax, double steadyP99,
            double steadyMax, int gcPeriods, Map<String, Integer> slow) {
        static Point of(String placement, int nodes, String mode, List<Period> periods) {
            DelayStats all = DelayStats.of(periods.stream().map(Period::delayNanos).toList());
            DelayStats warm = DelayStats.of(periods.stream().filter(p -> p.index() < WARM_UP).map(Period::delayNanos).toList());
            DelayStats steady = DelayStats.of(periods.stream().filter(p -> p.index() >= WARM_UP).map(Period::delayNanos).toList());
            Map<String, Integer> slow = new LinkedHashMap<>();
            CAUSES.forEach(c -> slow.put(c, 0));
            double bound = goal(placement);
            for (Period p : periods) {
                if (p.delayNanos() / 1e6 > bound) slow.merge(p.cause(), 1, Integer::sum);
            }
            return new Point(placement, nodes, mode, periods.size(), all.medianMs(), all.p99Ms(), all.maxMs(), warm.maxMs(), steady.p99Ms(),
                    steady.maxMs(), (int) periods.stream().filter(p -> p.gcs() > 0).count(), slow);
        }

        int slowPeriods() {
            return slow.values().stream().mapToInt(Integer::intValue).sum();
        }

        String csv() {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s,%d,%s,%d,%.5f,%.5f,%.5f,%.5f,%.5f,%.5f,%d,%d", placement, nodes, mode,
                    periods, p50, p99, max, warmUpMax, steadyP99, steadyMax, gcPeriods, slowPeriods()));
            for (String c : CAUSES) sb.append(',').append(slow.get(c));
            return sb.toString();
        }

        String causes() {
            StringBuilder sb = new StringBuilder();
            slow.forEach((c, k) -> {
                if (k > 0) sb.append(sb.length() == 0 ? "" : " ").append(c).append(' ').append(k);
            });
            return sb.length() == 0 ? "-" : sb.toString();
        }
    }

    /** The JVM's counters at one instant. */
    static final class Probe {
        private final List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();
        private final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        private final ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final boolean contention;
        long gcCount, gcMillis, jitMillis, loaded, started, blockedMillis;

        Probe() {
            contention = threads.isThreadContentionMonitoringSupported();
            if (contention) threads.setThreadContentionMonitoringEnabled(true); // blocked time is -1 without it
        }

        void read() {
            gcCount = gcs.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
            gcMillis = gcs.stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
            jitMillis = jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
            loaded = classes.getTotalLoadedClassCount();
            started = threads.getTotalStartedThreadCount();
            blockedMillis = 0;
            if (contention) {
                for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
                    if (t != null && t.getBlockedTime() > 0) blockedMillis += t.getBlockedTime();
                }
            }
        }

        /** The period from {@code before} to this reading. */
        Period since(Probe before, int index, long delayNanos) {
            return new Period(index, delayNanos, gcCount - before.gcCount, gcMillis - before.gcMillis, jitMillis - before.jitMillis,
                    loaded - before.loaded, started - before.started, blockedMillis - before.blockedMillis);
        }
    }

    private MonitoringTail() {
    }

    static double goal(String placement) {
        return placement.equals(PlacementComparison.REMOTE) ? GOAL_REMOTE_MS : GOAL_IN_PROCESS_MS;
    }

    /** Appends the point and its periods, writing the headers of new files. */
    static void append(Path dir, Point point, List<Period> periods) throws IOException {
        Path csv = dir.resolve(CSV);
        boolean fresh = !Files.exists(csv) || Files.size(csv) == 0;
        if (!fresh && !Files.readAllLines(csv).get(0).equals(HEADER)) throw new IOException(csv + ":1: expected the header " + HEADER);
        Files.writeString(csv, (fresh ? HEADER + "\n" : "") + point.csv() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Path per = dir.resolve(PERIODS_CSV);
        StringBuilder sb = new StringBuilder();
        if (!Files.exists(per) || Files.size(per) == 0) sb.append("placement,nodes,mode,period,delay_ms,gcs,gc_ms,jit_ms,classes,threads,blocked_ms,cause\n");
        for (Period p : periods) {
            sb.append(String.format(Locale.ROOT, "%s,%d,%s,%d,%.5f,%d,%d,%d,%d,%d,%d,%s%n", point.placement(), point.nodes(), point.mode(), p.index(),
                    p.delayNanos() / 1e6, p.gcs(), p.gcMillis(), p.jitMillis(), p.classes(), p.threads(), p.blockedMillis(), p.cause()));
        }
        Files.writeString(per, sb, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The points of the CSV; a later point for the same placement, nodes and mode replaces an earlier one. */
    static List<Point> read(Path csv) throws IOException {
        if (!Files.exists(csv)) throw new IOException(csv + ": no such file (race:scalability --tail writes it)");
        List<String> lines = Files.readAllLines(csv);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) throw new IOException(csv + ":1: expected the header " + HEADER);
        Map<String, Point> points = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            String[] f = lines.get(i).split(",", -1);
            String where = csv + ":" + (i + 1) + ": ";
            if (f.length != 12 + CAUSES.size()) throw new IOException(where + "expected " + (12 + CAUSES.size()) + " fields, got " + f.length);
            try {
                Map<String, Integer> slow = new LinkedHashMap<>();
                for (int c = 0; c < CAUSES.size(); c++) slow.put(CAUSES.get(c), Integer.parseInt(f[12 + c]));
                Point p = new Point(f[0], Integer.parseInt(f[1]), f[2], Integer.parseInt(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
                        Double.parseDouble(f[6]), Double.parseDouble(f[7]), Double.parseDouble(f[8]), Double.parseDouble(f[9]), Integer.parseInt(f[10]), slow);
                String key = p.placement() + "/" + p.nodes() + "/" + p.mode();
                points.remove(key);
                points.put(key, p);
            } catch (NumberFormatException e) {
                throw new IOException(where + "not a number: " + e.getMessage());
            }
        }
        return List.copyOf(points.values());
    }

    /**
     * One row per placement, nodes and mode: p50, p99 and max over all periods, the warm-up's max beside the
     * steady state's p99, the slow periods by cause, hierarchical / flat from the same run, and the goals.
     */
    static String table(List<Point> points) {
        return header() + rows(points);
    }

    static String header() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "monitoring delay per sampling period, ms, from each container's first period; goals: p99 < %.0f in one container "
                + "(6 nodes), < %.0f across node containers, hierarchical / flat median <= 1 from %d nodes on%n", GOAL_IN_PROCESS_MS, GOAL_REMOTE_MS,
                GOAL_RATIO_FROM));
        sb.append(String.format(Locale.ROOT, "%-10s %5s %-12s %7s %8s %8s %8s %9s %9s %9s %4s  %-30s %7s %7s  %s%n", "placement", "nodes", "mode", "periods",
                "p50", "p99", "max", "warm max", "steady99", "steadymx", "gc", "slow periods (> goal) by cause", "h/f p50", "h/f p99", "goal"));
        return sb.toString();
    }

    /** The rows of {@link #table}. */
    static String rows(List<Point> points) {
        Map<String, Point> byKey = new LinkedHashMap<>();
        points.forEach(p -> byKey.put(p.placement() + "/" + p.nodes() + "/" + p.mode(), p));
        StringBuilder sb = new StringBuilder();
        TreeSet<Integer> nodes = new TreeSet<>();
        points.forEach(p -> nodes.add(p.nodes()));
        for (String placement : List.of(PlacementComparison.IN_PROCESS, PlacementComparison.REMOTE)) {
            for (int n : nodes) {
                Point h = byKey.get(placement + "/" + n + "/hierarchical"), f = byKey.get(placement + "/" + n + "/flat");
                for (Point p : Arrays.asList(h, f)) {
                    if (p == null) continue;
                    boolean first = p == h || h == null;
                    String ratio50 = first && h != null && f != null ? PlacementComparison.ratio(h.p50(), f.p50()) : "", ratio99 = first && h != null
                            && f != null ? PlacementComparison.ratio(h.p99(), f.p99()) : "";
                    sb.append(String.format(Locale.ROOT, "%-10s %5d %-12s %7d %8.4f %8.4f %8.4f %9.4f %9.4f %9.4f %4d  %-30s %7s %7s  %s%n", p.placement(),
                            p.nodes(), p.mode(), p.periods(), p.p50(), p.p99(), p.max(), p.warmUpMax(), p.steadyP99(), p.steadyMax(), p.gcPeriods(),
                            p.causes(), ratio50, ratio99, verdict(p, first ? h : null, f)));
                }
            }
        }
        return sb.toString();
    }

    /** The goals this row is measured against: its p99, and on the hierarchical row from 6 nodes on in one container, the ratio. */
    private static String verdict(Point p, Point h, Point f) {
        double goal = goal(p.placement());
        boolean inProcess = p.placement().equals(PlacementComparison.IN_PROCESS);
        if (inProcess && p.nodes() < GOAL_RATIO_FROM) return "";
        String out = String.format(Locale.ROOT, "p99 < %.0f %s", goal, p.p99() < goal ? "met" : "NOT met");
        if (inProcess && h != null && f != null) out += "; h/f p50 <= 1 " + (h.p50() <= f.p50() ? "met" : "NOT met");
        return out;
    }

    /** p99 and max vs nodes per placement and mode, and the delay of every period at the most nodes (log y: warm-up and tail beside the body). */
    static String svg(List<Point> points, List<String[]> periods) {
        LineChart byNodes = new LineChart("Monitoring delay p99 (solid) and max (dashed) vs nodes", "nodes", "delay ms").logY().legendBeside();
        for (String placement : List.of(PlacementComparison.IN_PROCESS, PlacementComparison.REMOTE)) {
            for (String mode : List.of("hierarchical", "flat")) {
                List<double[]> p99 = new ArrayList<>(), max = new ArrayList<>();
                for (Point p : points) {
                    if (!p.placement().equals(placement) || !p.mode().equals(mode)) continue;
                    p99.add(new double[] { p.nodes(), p.p99() });
                    max.add(new double[] { p.nodes(), p.max() });
                }
                p99.sort((x, y) -> Double.compare(x[0], y[0]));
                max.sort((x, y) -> Double.compare(x[0], y[0]));
                if (!p99.isEmpty()) {
                    byNodes.series(placement + " " + mode + " p99", p99, false);
                    byNodes.series(placement + " " + mode + " max", max, true);
                }
            }
        }
        int most = points.stream().filter(p -> p.placement().equals(PlacementComparison.IN_PROCESS)).mapToInt(Point::nodes).max().orElse(0);
        LineChart perPeriod = new LineChart("Monitoring delay per period, " + most + " nodes in one container", "period", "delay ms").logY().noPointMarkers();
        for (String mode : List.of("hierarchical", "flat")) {
            List<double[]> pts = new ArrayList<>();
            for (String[] r : periods) {
                if (r[0].equals(PlacementComparison.IN_PROCESS) && Integer.parseInt(r[1]) == most && r[2].equals(mode)) {
                    pts.add(new double[] { Integer.parseInt(r[3]), Math.max(1e-3, Double.parseDouble(r[4])) });
                }
            }
            if (!pts.isEmpty()) perPeriod.series(mode, pts, mode.equals("flat"));
        }
        return LineChart.document(List.of(byNodes, perPeriod));
    }

    /** The rows of the periods' CSV (header skipped), the latest run of each point only. */
    static List<String[]> periods(Path csv) throws IOException {
        if (!Files.exists(csv)) return List.of();
        List<String> lines = Files.readAllLines(csv);
        Map<String, List<String[]>> byPoint = new LinkedHashMap<>();
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.split(",", -1);
            if (f.length < 5) continue;
            String key = f[0] + "/" + f[1] + "/" + f[2];
            if (f[3].equals("0")) byPoint.put(key, new ArrayList<>()); // a new run of this point
            byPoint.computeIfAbsent(key, k -> new ArrayList<>()).add(f);
        }
        return byPoint.values().stream().flatMap(List::stream).toList();
    }
}
