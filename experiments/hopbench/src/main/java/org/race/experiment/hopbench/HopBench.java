package org.race.experiment.hopbench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.race.charts.LineChart;

/**
 * Per-hop overhead of the component runtime (issue 16): chains of {@code echo} components on the jvm
 * platform, one container and two node containers, against the same chain in plain Java (threads handing
 * a payload on through a BlockingQueue, and through a loopback socket).
 *
 * <pre>
 * HopBench plan --mode one|cross --dir DIR [options]   writes the domain and the chains' descriptors into DIR and
 *                                                      prints the Gogo command line that runs them one after another
 * HopBench report --one DIR --cross DIR --out DIR [options]
 *                                                      runs the Java baselines, reads the containers' Flight Recorder
 *                                                      files (DIR/*.jfr), prints the table, writes hopbench.csv/.svg/.txt
 * options: --components 2..10  --rates 100,1000  --iterations 1000 (counted per chain and rate)  --warm-up 1 (s, not counted)
 *          --spin 10 (us of CPU per job)  --payload 1024 (bytes)
 * </pre>
 */
public final class HopBench {
    /** The chain's modes, in table order. */
    enum Mode {
        ONE("RACE, one container"), CROSS("RACE, two node containers"), QUEUE("Java threads, BlockingQueue"), SOCKET("Java threads, loopback socket");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    record Options(int minComponents, int maxComponents, List<Integer> rates, int iterations, double warmUpSeconds, int spinMicros, int payloadBytes) {
        int warmUp(int rate) {
            return (int) Math.ceil(warmUpSeconds * rate);
        }

        /** Releases of one chain at {@code rate}, the warm-up included. */
        int releases(int rate) {
            return warmUp(rate) + iterations;
        }

        /** Whole seconds a chain runs: its releases and a second for the last iterations to drain. */
        int seconds(int rate) {
            return (int) Math.ceil(releases(rate) / (double) rate) + 1;
        }
    }

    /** The uncounted pass before the chains (in each container and for each Java baseline). */
    static final int WARM_PASS_SECONDS = 3;

    record Point(Mode mode, int components, int rate, Timeline.Stats stats) {
    }

    private HopBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) usage("a command: plan or report");
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) usage("option '" + args[i] + "' without a value");
            a.put(args[i], args[++i]);
        }
        String[] range = a.getOrDefault("--components", "2..10").split("\\.\\.");
        List<Integer> rates = new ArrayList<>();
        for (String r : a.getOrDefault("--rates", "100,1000").split(",")) rates.add(Integer.parseInt(r.trim()));
        Options o = new Options(Integer.parseInt(range[0]), Integer.parseInt(range[range.length - 1]), rates, Integer.parseInt(a.getOrDefault("--iterations", "1000")),
                Double.parseDouble(a.getOrDefault("--warm-up", "1")), Integer.parseInt(a.getOrDefault("--spin", "10")), Integer.parseInt(a.getOrDefault("--payload", "1024")));
        if (o.minComponents() < 2 || o.maxComponents() < o.minComponents()) usage("--components: a range a..b with 2 <= a <= b");
        switch (args[0]) {
        case "plan" -> System.out.println(plan(Mode.valueOf(required(a, "--mode").toUpperCase(Locale.ROOT)), Path.of(required(a, "--dir")), o));
        case "report" -> report(Path.of(required(a, "--one")), Path.of(required(a, "--cross")), Path.of(required(a, "--out")), o);
        default -> usage("unknown command '" + args[0] + "'");
        }
    }

    private static String required(Map<String, String> a, String option) {
        String v = a.get(option);
        if (v == null) usage("missing " + option);
        return v;
    }

    private static void usage(String why) {
        System.err.println("HopBench: " + why + "\nusage: HopBench plan --mode one|cross --dir DIR [options] | report --one DIR --cross DIR --out DIR [options]");
        System.exit(2);
    }

    static String application(Mode mode, int components, int rate) {
        return "hop-" + mode.name().toLowerCase(Locale.ROOT) + "-c" + components + "-r" + rate;
    }

    // ---------------------------------------------------------------- plan

    /**
     * The domain (two nodes, no modelled link latency, so a hop across containers costs what the wire costs) and
     * one descriptor per chain and rate; returns the command line deploying, running and undeploying each in turn.
     */
    static String plan(Mode mode, Path dir, Options o) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("domain.json"), """
                {"name": "hop", "linkLatency": 0, "nodes": [
                  {"name": "n1", "cpu": 1, "memory": 1024, "bandwidth": 1000},
                  {"name": "n2", "cpu": 1, "memory": 1024, "bandwidth": 1000}]}
                """);
        // first a pass nobody counts, the longest chain at the highest rate: the container's code gets compiled
        int top = o.rates().stream().max(Integer::compare).orElseThrow();
        String warm = "hop-" + mode.name().toLowerCase(Locale.ROOT) + "-warm";
        Files.writeString(dir.resolve(warm + ".json"), descriptor(mode, warm, o.maxComponents(), top, o));
        StringBuilder line = new StringBuilder("race:deploy " + dir.resolve(warm + ".json") + "; race:run " + WARM_PASS_SECONDS + "; race:undeploy " + warm);
        for (int n = o.minComponents(); n <= o.maxComponents(); n++) {
            for (int rate : o.rates()) {
                String app = application(mode, n, rate);
                Path file = dir.resolve(app + ".json");
                Files.writeString(file, descriptor(mode, app, n, rate, o));
                line.append("; race:deploy ").append(file).append("; race:run ").append(o.seconds(rate)).append("; race:undeploy ").append(app);
            }
        }
        return line.toString();
    }

    /**
     * A chain e1 -> ... -> en of echo: e1 emits the payload, each one spins; in one container all on n1 and the sink
     * checks every payload (intact, of its iteration, in order); across containers on n1, n2, n1, ... so that every
     * hop crosses (no check: payloads do not cross containers yet, the iteration's delivery does).
     */
    static String descriptor(Mode mode, String app, int n, int rate, Options o) {
        StringBuilder c = new StringBuilder(), k = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            String node = mode == Mode.CROSS && i % 2 == 0 ? "n2" : "n1";
            String props = "\"spinMicros\": " + o.spinMicros() + (i == 1 ? ", \"payloadBytes\": " + o.payloadBytes() : "")
                    + (i == n && mode == Mode.ONE ? ", \"check\": true" : "");
            c.append(i > 1 ? ",\n" : "").append(String.format(Locale.ROOT,
                    "    {\"name\": \"e%d\", \"type\": \"echo\", \"executionTime\": 0.05, \"node\": \"%s\", \"properties\": {%s}}", i, node, props));
            if (i > 1) k.append(i > 2 ? ", " : "").append(String.format(Locale.ROOT, "{\"from\": \"e%d\", \"to\": \"e%d\"}", i - 1, i));
        }
        return String.format(Locale.ROOT, "{\"name\": \"%s\", \"period\": %s, \"deadline\": 100,\n  \"components\": [\n%s],\n  \"connections\": [%s]}\n", app,
                num(1000.0 / rate), c, k);
    }

    private static String num(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    // ---------------------------------------------------------------- report

    static void report(Path one, Path cross, Path out, Options o) throws Exception {
        Files.createDirectories(out);
        List<Point> points = new ArrayList<>();
        int top = o.rates().stream().max(Integer::compare).orElseThrow();
        for (Mode m : new Mode[] { Mode.QUEUE, Mode.SOCKET }) {
            System.out.printf(Locale.ROOT, "[%s] warm-up pass: %d components at %d Hz for %d s%n", m.label, o.maxComponents(), top, WARM_PASS_SECONDS);
            Baselines.run(kind(m), new Timeline(o.maxComponents(), top * WARM_PASS_SECONDS, 0), top, o.payloadBytes(), o.spinMicros() * 1000L);
            for (int n = o.minComponents(); n <= o.maxComponents(); n++) {
                for (int rate : o.rates()) {
                    System.out.printf(Locale.ROOT, "[%s] %d components at %d Hz: %d releases (%.1f s) ...%n", m.label, n, rate, o.releases(rate),
                            o.releases(rate) / (double) rate);
                    Timeline t = new Timeline(n, o.releases(rate), o.warmUp(rate));
                    Baselines.run(kind(m), t, rate, o.payloadBytes(), o.spinMicros() * 1000L);
                    points.add(new Point(m, n, rate, t.stats()));
                }
            }
        }
        for (Mode m : new Mode[] { Mode.ONE, Mode.CROSS }) {
            Map<String, Timeline> timelines = new LinkedHashMap<>();
            for (int n = o.minComponents(); n <= o.maxComponents(); n++) {
                for (int rate : o.rates()) timelines.put(application(m, n, rate), new Timeline(n, o.releases(rate), o.warmUp(rate)));
            }
            long events = Recordings.read(m == Mode.ONE ? one : cross, timelines);
            System.out.printf(Locale.ROOT, "[%s] %,d job events read%n", m.label, events);
            for (int n = o.minComponents(); n <= o.maxComponents(); n++) {
                for (int rate : o.rates()) points.add(new Point(m, n, rate, timelines.get(application(m, n, rate)).stats()));
            }
        }
        points.sort(java.util.Comparator.comparing((Point p) -> p.rate()).thenComparing(Point::components).thenComparing(Point::mode));
        String table = table(points, o);
        System.out.print(table);
        Files.writeString(out.resolve("hopbench.txt"), table);
        writeCsv(out.resolve("hopbench.csv"), points);
        Files.writeString(out.resolve("hopbench.svg"), LineChart.document(charts(points, o)));
        System.out.println("wrote " + out.resolve("hopbench.csv") + ", hopbench.svg and hopbench.txt");
    }

    private static Baselines.Kind kind(Mode m) {
        return m == Mode.QUEUE ? Baselines.Kind.QUEUE : Baselines.Kind.SOCKET;
    }

    private static Point find(List<Point> points, Mode m, int n, int rate) {
        return points.stream().filter(p -> p.mode() == m && p.components() == n && p.rate() == rate).findFirst().orElseThrow();
    }

    static String table(List<Point> points, Options o) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Per hop, us: hop = a job's end to its successor's code start (every hop) = send (to the successor's job queued for its%n"
                + "thread; RACE across containers: the wire included) + wake (queued to the code starting); e2e/hop = per iteration the source's%n"
                + "start to the sink's end minus the jobs' own time, over the hops; release = release to the source's start; job = a job's own time.%n"
                + "%d iterations counted per row after %.1f s of warm-up; %d B payloads, %d us spin per job;%n"
                + "%d processors, load average %s.%n%n", o.iterations(), o.warmUpSeconds(), o.payloadBytes(), o.spinMicros(),
                Runtime.getRuntime().availableProcessors(), loadAverage()));
        sb.append(String.format(Locale.ROOT, "%5s %3s  %-29s %6s %5s | %8s %8s %8s | %8s %8s | %8s %8s | %8s %8s | %8s %8s | %7s %9s%n", "Hz", "n", "mode", "iters",
                "lost", "hop p50", "hop p99", "hop max", "send p50", "send p99", "wake p50", "wake p99", "e2e/hop", "e2e/hop", "release", "release", "job", "e2e ms"));
        sb.append(String.format(Locale.ROOT, "%5s %3s  %-29s %6s %5s | %8s %8s %8s | %8s %8s | %8s %8s | %8s %8s | %8s %8s | %7s %9s%n", "", "", "", "", "", "", "", "", "",
                "", "", "", "p50", "p99", "p50", "p99", "p50", "p50"));
        for (Point p : points) {
            Timeline.Stats s = p.stats();
            sb.append(String.format(Locale.ROOT, "%5d %3d  %-29s %6d %5d | %8.1f %8.1f %8.1f | %8.1f %8.1f | %8.1f %8.1f | %8.1f %8.1f | %8.1f %8.1f | %7.1f %9.3f%n",
                    p.rate(), p.components(), p.mode().label, s.iterations(), s.incomplete(), s.hop().p50(), s.hop().p99(), s.hop().max(), s.send().p50(), s.send().p99(),
                    s.wake().p50(), s.wake().p99(), s.perHop().p50(), s.perHop().p99(), s.release().p50(), s.release().p99(), s.job().p50(), s.e2e().p50() / 1e3));
        }
        sb.append(String.format(Locale.ROOT, "%nRatios of hop p50 / hop p99 (RACE over the Java baseline of the same run):%n%5s %3s  %-24s %-24s %-24s%n", "Hz", "n",
                "one container / queue", "two containers / socket", "two containers / queue"));
        for (int rate : o.rates()) {
            for (int n = o.minComponents(); n <= o.maxComponents(); n++) {
                Timeline.Quantiles one = find(points, Mode.ONE, n, rate).stats().hop(), cross = find(points, Mode.CROSS, n, rate).stats().hop(),
                        queue = find(points, Mode.QUEUE, n, rate).stats().hop(), socket = find(points, Mode.SOCKET, n, rate).stats().hop();
                sb.append(String.format(Locale.ROOT, "%5d %3d  %-24s %-24s %-24s%n", rate, n, ratio(one, queue), ratio(cross, socket), ratio(cross, queue)));
            }
        }
        sb.append(String.format(Locale.ROOT, "%nGoal (issue 16): p99 per hop < 50 us in one container, < 1000 us across containers.%n"));
        for (Mode m : new Mode[] { Mode.ONE, Mode.CROSS }) {
            double goal = m == Mode.ONE ? 50 : 1000;
            long met = points.stream().filter(p -> p.mode() == m && p.stats().hop().p99() < goal).count();
            long all = points.stream().filter(p -> p.mode() == m).count();
            double worst = points.stream().filter(p -> p.mode() == m).mapToDouble(p -> p.stats().hop().p99()).max().orElse(Double.NaN);
            sb.append(String.format(Locale.ROOT, "  %-29s hop p99 < %4.0f us in %d of %d rows (worst %.1f us)%n", m.label, goal, met, all, worst));
        }
        return sb.toString();
    }

    private static String ratio(Timeline.Quantiles a, Timeline.Quantiles b) {
        return String.format(Locale.ROOT, "%.2f / %.2f", a.p50() / b.p50(), a.p99() / b.p99());
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static void writeCsv(Path file, List<Point> points) throws IOException {
        StringBuilder sb = new StringBuilder("mode,components,rate_hz,iterations,incomplete,hop_p50_us,hop_p99_us,hop_max_us,send_p50_us,send_p99_us,wake_p50_us,"
                + "wake_p99_us,e2e_per_hop_p50_us,e2e_per_hop_p99_us,"
                + "release_p50_us,release_p99_us,job_p50_us,e2e_p50_us,e2e_p99_us\n");
        for (Point p : points) {
            Timeline.Stats s = p.stats();
            sb.append(String.format(Locale.ROOT, "%s,%d,%d,%d,%d,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f%n",
                    p.mode().name().toLowerCase(Locale.ROOT), p.components(), p.rate(), s.iterations(), s.incomplete(), s.hop().p50(), s.hop().p99(), s.hop().max(),
                    s.send().p50(), s.send().p99(), s.wake().p50(), s.wake().p99(), s.perHop().p50(), s.perHop().p99(),
                    s.release().p50(), s.release().p99(), s.job().p50(), s.e2e().p50(), s.e2e().p99()));
        }
        Files.writeString(file, sb.toString());
    }

    /** Per rate: hop p99 (solid) and median (dashed) against the chain's length, log scale, with the goals. */
    static List<LineChart> charts(List<Point> points, Options o) {
        String[] colours = { "#d62728", "#ff7f0e", "#1f77b4", "#2ca02c" };
        List<LineChart> charts = new ArrayList<>();
        for (int rate : o.rates()) {
            LineChart c = new LineChart("Per hop at " + (rate >= 1000 ? rate / 1000 + " kHz" : rate + " Hz") + ": p99 (solid), median (dashed)", "components in the chain",
                    "us per hop").logY().xAxis(o.minComponents(), o.maxComponents(), 1).legendBeside();
            for (Mode m : Mode.values()) {
                List<double[]> p99 = new ArrayList<>(), p50 = new ArrayList<>();
                for (Point p : points) {
                    if (p.mode() != m || p.rate() != rate || Double.isNaN(p.stats().hop().p99())) continue;
                    p99.add(new double[] { p.components(), Math.max(0.1, p.stats().hop().p99()) });
                    p50.add(new double[] { p.components(), Math.max(0.1, p.stats().hop().p50()) });
                }
                c.series(m.label + " p99", p99, false, colours[m.ordinal()]);
                c.series(m.label + " median", p50, true, colours[m.ordinal()]);
            }
            c.series("goal, one container (50 us)", List.of(new double[] { o.minComponents(), 50 }, new double[] { o.maxComponents(), 50 }), true, "#7f7f7f");
            c.series("goal, across containers (1 ms)", List.of(new double[] { o.minComponents(), 1000 }, new double[] { o.maxComponents(), 1000 }), true, "#000000");
            charts.add(c);
        }
        return charts;
    }
}
