package org.race.experiment.scalability;

import org.race.text.Arguments;
import org.race.text.CommandLine;
import org.race.api.DescriptorReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.race.api.AdaptationLoop;
import org.race.api.CentralEffector;
import org.race.api.CentralMonitor;
import org.race.api.Clock;
import org.race.api.Engine;
import org.race.api.RoleProperties;
import org.race.api.NodeMonitor;
import org.race.api.model.AdaptationDecision;
import org.race.api.model.Adjustment;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Node;
import org.race.api.model.NodeState;
import org.race.api.monitoring.DelayStats;
import org.race.charts.LineChart;

/**
 * The paper's scalability experiment (section 5.3) in one container on the sim platform:
 * experiment 1, five applications of six components on 1 to 6 nodes; experiment 2, six nodes and
 * 1 to 5 applications; then beyond, with the five applications on more nodes. For each point and
 * each configuration (hierarchical, flat) it measures the monitoring delay (CentralMonitor.collect)
 * and the actuation delay (a priority change of every component through the CentralEffector)
 * over many iterations, and writes CSV and SVG charts.
 * <p>
 * With {@code --on} it measures one point of experiment 1 on nodes of the loaded domain as they
 * are, hosted in this container or in node containers (distributed mode), and keeps it in a CSV
 * that {@code --report} compares across placements (see {@link PlacementComparison}).
 */
@Component(service = ScalabilityExperiment.class, property = { "osgi.command.scope=race", "osgi.command.function=scalability" })
public class ScalabilityExperiment {
    record Point(String experiment, int nodes, int apps, String mode, DelayStats monitoring, DelayStats actuation) {
    }

    static final String USAGE = "race:scalability [--iterations N] [--beyond 10,100,1000] [--out DIR]\n"
            + "  Monitoring and actuation delay, hierarchical vs flat: experiment 1 (5 applications x 6 components,\n"
            + "  nodes 1..6), experiment 2 (6 nodes, applications 1..5) and beyond (5 applications, more nodes).\n"
            + "  Replaces the domain and undeploys everything. Writes scalability.csv and scalability.svg into DIR.\n"
            + "race:scalability --on NODE,NODE,... [--iterations N] [--out DIR]\n"
            + "  The same 5 applications on these nodes of the loaded domain, which must be exactly the nodes up\n"
            + "  (the monitors sample every node up): in this container (-Drace.nodes) or in node containers.\n"
            + "  Undeploys everything. Appends to DIR/" + PlacementComparison.CSV + " as in-process or remote.\n"
            + "race:scalability --report [--out DIR]\n"
            + "  Compares in-process and remote points of DIR/" + PlacementComparison.CSV + ": table with ratios,\n"
            + "  " + PlacementComparison.SVG + ".\n"
            + "race:scalability --tail [--nodes N | --on NODE,...] [--mode hierarchical|flat] [--periods N] [--out DIR]\n"
            + "  Where the monitoring delay's tail comes from: the 5 applications on N generated nodes (default 6) or on the\n"
            + "  nodes named, then N periods (default 300) of collect from a clock task as the control loop makes it, from\n"
            + "  the first on, each with the GC, JIT, classes loaded, threads started and lock waits meanwhile. Run it in a\n"
            + "  fresh container per point. Appends to DIR/" + MonitoringTail.CSV + " and DIR/" + MonitoringTail.PERIODS_CSV + ".\n"
            + "race:scalability --tail-report [--out DIR]\n"
            + "  The tail points beside the goals (p50, p99, max, warm-up vs steady, slow periods by cause, hierarchical /\n"
            + "  flat): table, " + MonitoringTail.SVG + ".";

    private static final List<String> MODES = List.of("hierarchical", "flat");

    /** Configuration key marking which update of its configuration a component runs with. */
    private static final String ROUND = "race.scalability.round";

    @Reference
    Engine engine;

    @Reference
    DescriptorReader descriptors;

    @Reference
    ConfigurationAdmin configAdmin;

    /** With its service properties, which carry the configured mode. */
    @Reference(policy = ReferencePolicy.DYNAMIC)
    volatile Map.Entry<Map<String, Object>, CentralMonitor> monitor;

    @Reference(policy = ReferencePolicy.DYNAMIC)
    volatile Map.Entry<Map<String, Object>, CentralEffector> effector;

    @Reference
    Clock clock;

    /** With its service properties, to see when race.control took an update (see {@link #tail}). */
    @Reference(policy = ReferencePolicy.DYNAMIC)
    volatile Map.Entry<Map<String, Object>, AdaptationLoop> loop;

    private int rounds;

    /** With their service properties: service.imported marks a node container's. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    volatile List<Map.Entry<Map<String, Object>, NodeMonitor>> nodeMonitors;

    @Descriptor("run the scalability experiment")
    public void scalability(@Descriptor("[-n|--iterations N] [-b|--beyond N,N,...] [-o|--out DIR] [--on NODE,...] [--report]") String... args)
            throws Exception {
        Arguments typed = new CommandLine("race:scalability", USAGE).option("--iterations", "-n").option("--beyond", "-b").option("--out", "-o")
                .option("--on").flag("--report").flag("--tail").flag("--tail-report").option("--nodes").option("--mode").option("--periods").parse(args);
        if (typed.help()) {
            System.out.println(USAGE);
            return;
        }
        typed.positional(0, 0);
        int iterations = (int) typed.whole("--iterations", 200, 1, 1_000_000);
        // read before anything is measured: a bad entry must not end the run after experiments 1 and 2
        List<Integer> beyond = new ArrayList<>();
        for (String b : typed.value("--beyond", "10,100,1000").split(",")) {
            if (!b.isBlank()) beyond.add((int) typed.whole("--beyond entry", b, 1, 10_000));
        }
        String on = typed.value("--on", "");
        Path dir = Path.of(typed.value("--out", "scalability-results")).toAbsolutePath();
        int nodes = (int) typed.whole("--nodes", 6, 1, 10_000);
        int periods = (int) typed.whole("--periods", 300, 1, 1_000_000);
        String mode = typed.value("--mode", "");
        if (!mode.isEmpty() && !MODES.contains(mode)) throw typed.error("--mode must be hierarchical or flat, got '" + mode + "'");
        if (typed.has("--report")) {
            report(dir);
            return;
        }
        if (typed.has("--tail-report")) {
            tailReport(dir);
            return;
        }
        typed.outputFolder("--out", dir);
        Path work = Files.createTempDirectory("race-scalability");
        if (typed.has("--tail")) {
            tail(List.of(on.split(",")).stream().map(String::trim).filter(n -> !n.isEmpty()).toList(), nodes, mode.isEmpty() ? MODES : List.of(mode),
                    periods, dir, work);
            return;
        }
        if (!on.isBlank()) {
            measureOn(List.of(on.split(",")).stream().map(String::trim).filter(n -> !n.isEmpty()).toList(), iterations, dir, work);
            return;
        }
        List<Point> points = new ArrayList<>();
        printHeader("experiment");
        measure("warm-up", 6, 5, iterations, work); // let the JIT compile before anything is recorded
        for (int n = 1; n <= 6; n++) points.addAll(measure("1-nodes", n, 5, iterations, work));
        for (int a = 1; a <= 5; a++) points.addAll(measure("2-apps", 6, a, iterations, work));
        for (int b : beyond) points.addAll(measure("3-beyond", b, 5, iterations, work));
        configure("hierarchical");
        for (DeploymentPlan p : engine.applications()) engine.undeploy(p.name());
        writeCsv(dir.resolve("scalability.csv"), points, iterations);
        Files.writeString(dir.resolve("scalability.svg"), LineChart.document(List.of(
                chart("Fig. 10: monitoring delay vs nodes (5 apps)", points, "1-nodes", true, false),
                chart("Fig. 10: actuation delay vs nodes (5 apps)", points, "1-nodes", false, false))));
        Files.writeString(dir.resolve("scalability-apps.svg"), LineChart.document(List.of(
                chart("Fig. 11: monitoring delay vs applications (6 nodes)", points, "2-apps", true, true),
                chart("Fig. 11: actuation delay vs applications (6 nodes)", points, "2-apps", false, true))));
        List<Point> large = new ArrayList<>(points.stream().filter(p -> p.experiment().equals("1-nodes")).toList());
        large.addAll(points.stream().filter(p -> p.experiment().equals("3-beyond")).toList());
        Files.writeString(dir.resolve("scalability-beyond.svg"), LineChart.document(List.of(
                chart("Monitoring delay, 1 to many nodes", large, null, true, false).logX().logY(),
                chart("Actuation delay, 1 to many nodes", large, null, false, false).logX().logY())));
        System.out.println();
        ratio(points, "1-nodes", 6);
        large.stream().filter(p -> p.experiment().equals("3-beyond")).mapToInt(Point::nodes).max().ifPresent(n -> ratio(points, "3-beyond", n));
        System.out.println("wrote " + dir.resolve("scalability.csv") + ", scalability.svg, scalability-apps.svg, scalability-beyond.svg");
    }

    private static void printHeader(String first) {
        System.out.printf(Locale.ROOT, "%-12s %6s %5s %-13s %14s %14s %14s %14s%n", first, "nodes", "apps", "mode",
                "monitor med ms", "monitor p99 ms", "actuate med ms", "actuate p99 ms");
    }

    /**
     * One point of experiment 1 on {@code nodes} as they are (the domain is kept): checked to be
     * exactly the nodes up, labelled in-process or remote by whether their NodeMonitors are imported,
     * measured after an unrecorded warm-up pass, appended to the comparison's CSV.
     */
    private void measureOn(List<String> nodes, int iterations, Path dir, Path work) throws Exception {
        List<String> domain = engine.nodes().stream().map(NodeState::name).toList();
        List<String> up = engine.nodes().stream().filter(NodeState::up).map(NodeState::name).toList();
        String placement = placement(nodes, domain, up, nodeMonitors.stream().map(Map.Entry::getKey).toList());
        printHeader("placement");
        // one deployment for both passes: deploying again would be refused while the last snapshot still shows
        // the busy node (a node container's sim runs in wall time, so back-to-back samples see it at ~100 %)
        deployChains(nodes, 5, work);
        measureModes("warm-up", nodes.size(), 5, iterations);
        List<Point> points = measureModes(placement, nodes.size(), 5, iterations);
        configure("hierarchical");
        for (DeploymentPlan p : engine.applications()) engine.undeploy(p.name());
        Path csv = dir.resolve(PlacementComparison.CSV);
        PlacementComparison.append(csv, points.stream().map(p -> new PlacementComparison.Row(placement, p.nodes(), p.apps(), p.mode(), iterations,
                p.monitoring().medianMs(), p.monitoring().p99Ms(), p.actuation().medianMs(), p.actuation().p99Ms())).toList());
        System.out.println("appended to " + csv);
    }

    /**
     * in-process or remote; refuses nodes outside the domain, down, repeated, or a set other than the
     * nodes up (the monitors would sample those too).
     */
    static String placement(List<String> nodes, List<String> domain, List<String> up, List<Map<String, Object>> monitors) {
        if (nodes.isEmpty()) throw new IllegalArgumentException("race:scalability --on: no node named");
        for (String n : nodes) {
            if (!domain.contains(n)) throw new IllegalArgumentException("race:scalability --on: " + n + " is not a node of the domain " + domain);
            if (nodes.indexOf(n) != nodes.lastIndexOf(n)) throw new IllegalArgumentException("race:scalability --on: " + n + " is named twice");
        }
        if (!new java.util.TreeSet<>(nodes).equals(new java.util.TreeSet<>(up))) {
            throw new IllegalArgumentException("race:scalability --on " + String.join(",", nodes) + ": the nodes up are " + up
                    + "; the monitors sample every node up, so exactly the nodes named must be up "
                    + "(-Drace.nodes in this container, or node containers hosting them)");
        }
        long imported = monitors.stream().filter(m -> nodes.contains(String.valueOf(m.get(RoleProperties.NODE))) && m.get("service.imported") != null).count();
        long local = monitors.stream().filter(m -> nodes.contains(String.valueOf(m.get(RoleProperties.NODE))) && m.get("service.imported") == null).count();
        if (imported + local < nodes.size()) throw new IllegalArgumentException("race:scalability --on: not every node named has a NodeMonitor yet");
        if (imported > 0 && local > 0) throw new IllegalArgumentException("race:scalability --on: some nodes are in this container and some remote; measure one placement at a time");
        return imported > 0 ? PlacementComparison.REMOTE : PlacementComparison.IN_PROCESS;
    }

    /**
     * The tail of the monitoring delay on the nodes named (checked as for {@code --on}) or on {@code generated}
     * nodes of a fresh domain, each mode in turn: the control loop paused (its period set to a day, then put
     * back), {@code periods} periods of collect from a clock task of the platform, as the loop calls it, with
     * the JVM's counters read around each (see {@link MonitoringTail}).
     */
    private void tail(List<String> on, int generated, List<String> modes, int periods, Path dir, Path work) throws Exception {
        String placement;
        List<String> nodes = on;
        if (on.isEmpty()) {
            nodes = generatedDomain(generated, work);
            placement = PlacementComparison.IN_PROCESS;
        } else {
            placement = placement(on, engine.nodes().stream().map(NodeState::name).toList(),
                    engine.nodes().stream().filter(NodeState::up).map(NodeState::name).toList(), nodeMonitors.stream().map(Map.Entry::getKey).toList());
        }
        deployChains(nodes, 5, work);
        Object period = properties("race.control").get("samplingPeriod");
        update("race.control", Map.of("samplingPeriod", 86_400_000L), () -> loop.getKey());
        try {
            System.out.print(MonitoringTail.header());
            for (String mode : modes) {
                configure(mode);
                CentralMonitor m = monitor.getValue();
                List<MonitoringTail.Period> measured = new ArrayList<>();
                MonitoringTail.Probe before = new MonitoringTail.Probe(), after = new MonitoringTail.Probe();
                try (AutoCloseable task = clock.schedule(1000, () -> {
                    before.read();
                    long start = System.nanoTime();
                    m.collect();
                    long delay = System.nanoTime() - start;
                    after.read();
                    measured.add(after.since(before, measured.size(), delay));
                })) {
                    clock.elapse(periods * 1000L);
                }
                MonitoringTail.Point point = MonitoringTail.Point.of(placement, nodes.size(), mode, measured);
                System.out.print(MonitoringTail.rows(List.of(point)));
                MonitoringTail.append(dir, point, measured);
            }
        } finally {
            Map<String, Object> back = new java.util.HashMap<>();
            back.put("samplingPeriod", period == null ? 1000L : period);
            update("race.control", back, () -> loop.getKey());
            configure("hierarchical");
            for (DeploymentPlan p : engine.applications()) engine.undeploy(p.name());
        }
        System.out.println("appended to " + dir.resolve(MonitoringTail.CSV) + " and " + MonitoringTail.PERIODS_CSV);
    }

    private static void tailReport(Path dir) throws IOException {
        List<MonitoringTail.Point> points = MonitoringTail.read(dir.resolve(MonitoringTail.CSV));
        System.out.print(MonitoringTail.table(points));
        Files.writeString(dir.resolve(MonitoringTail.SVG), MonitoringTail.svg(points, MonitoringTail.periods(dir.resolve(MonitoringTail.PERIODS_CSV))));
        System.out.println("wrote " + dir.resolve(MonitoringTail.SVG));
    }

    private static void report(Path dir) throws IOException {
        List<PlacementComparison.Row> rows = PlacementComparison.read(dir.resolve(PlacementComparison.CSV));
        System.out.print(PlacementComparison.table(rows));
        Files.writeString(dir.resolve(PlacementComparison.SVG), PlacementComparison.svg(rows));
        System.out.println("wrote " + dir.resolve(PlacementComparison.SVG));
    }

    private List<Point> measure(String experiment, int nodes, int apps, int iterations, Path work) throws Exception {
        deployChains(generatedDomain(nodes, work), apps, work);
        return measureModes(experiment, nodes, apps, iterations);
    }

    /** Hierarchical, then flat, on what is deployed: {@code iterations} rounds each after 20 unrecorded ones. */
    private List<Point> measureModes(String experiment, int nodes, int apps, int iterations) throws Exception {
        List<Point> out = new ArrayList<>();
        for (String mode : List.of("hierarchical", "flat")) {
            configure(mode);
            List<Long> monitoring = new ArrayList<>(), actuation = new ArrayList<>();
            List<Adjustment> changes = new ArrayList<>();
            for (int k = -20; k < iterations; k++) { // 20 rounds of warm-up
                clock.elapse(100);
                long m = monitor.getValue().collect().monitoringDelayNanos();
                changes.clear();
                for (DeploymentPlan p : engine.applications()) {
                    for (var c : p.application().components()) {
                        changes.add(new Adjustment(p.name(), c.name(), Adjustment.Kind.PRIORITY, 10 + Math.floorMod(k, 2), null));
                    }
                }
                long a = effector.getValue().apply(new AdaptationDecision("scalability", changes, "experiment"), engine.applications()).actuationDelayNanos();
                if (k >= 0) {
                    monitoring.add(m);
                    actuation.add(a);
                }
            }
            Point p = new Point(experiment, nodes, apps, mode, DelayStats.of(monitoring), DelayStats.of(actuation));
            System.out.printf(Locale.ROOT, "%-12s %6d %5d %-13s %14.4f %14.4f %14.4f %14.4f%n", experiment, nodes, apps, mode,
                    p.monitoring().medianMs(), p.monitoring().p99Ms(), p.actuation().medianMs(), p.actuation().p99Ms());
            out.add(p);
        }
        return out;
    }

    /** Undeploys everything and loads a fresh domain of {@code nodes} nodes n0, n1, ...; returns their names. */
    private List<String> generatedDomain(int nodes, Path work) throws Exception {
        for (DeploymentPlan p : engine.applications()) engine.undeploy(p.name());
        StringBuilder d = new StringBuilder("{\"name\":\"scale" + nodes + "\",\"nodes\":[");
        for (int j = 0; j < nodes; j++) {
            d.append(j == 0 ? "" : ",").append("{\"name\":\"n").append(j).append("\",\"cpu\":1,\"memory\":4096,\"bandwidth\":100}");
        }
        Path domain = work.resolve("domain-" + nodes + ".json");
        Files.writeString(domain, d.append("]}").toString());
        return engine.loadDomain(descriptors.readDomain(domain)).nodes().stream().map(Node::name).toList();
    }

    /** Undeploys everything, then deploys {@code apps} six-component chains spread round robin over {@code nodes}. */
    private void deployChains(List<String> nodes, int apps, Path work) throws Exception {
        admitByCapacity();
        for (DeploymentPlan p : engine.applications()) engine.undeploy(p.name());
        for (int i = 0; i < apps; i++) {
            StringBuilder a = new StringBuilder("{\"name\":\"app" + i + "\",\"period\":1000,\"deadline\":1000,\"components\":[");
            StringBuilder k = new StringBuilder("],\"connections\":[");
            for (int c = 0; c < 6; c++) {
                a.append(c == 0 ? "" : ",").append("{\"name\":\"c").append(c).append("\",\"cpu\":0.02,\"executionTime\":20,\"node\":\"")
                        .append(nodes.get((i * 6 + c) % nodes.size())).append("\"}");
                if (c > 0) k.append(c == 1 ? "" : ",").append("{\"from\":\"c").append(c - 1).append("\",\"to\":\"c").append(c).append("\",\"bandwidth\":0.1}");
            }
            Path app = work.resolve("app" + i + ".json");
            Files.writeString(app, a.append(k).append("]}").toString());
            engine.deploy(descriptors.readApplication(app, engine.domain().orElse(null)), null);
        }
    }

    /**
     * The chains are about monitoring and control delays, not timing: admitted by capacity (race.engine
     * {@code admission}), as before the schedulability analysis, which finds the longest ones beyond their
     * deadline. Waits until the engine runs with it (ConfigAdmin is asynchronous).
     */
    private void admitByCapacity() throws Exception {
        if ("capacity".equals(properties("race.engine").get("admission"))) return;
        org.osgi.framework.BundleContext context = org.osgi.framework.FrameworkUtil.getBundle(getClass()).getBundleContext();
        update("race.engine", Map.of("admission", "capacity"), () -> {
            var ref = context.getServiceReference(Engine.class);
            return ref == null ? Map.of() : Map.of(ROUND, String.valueOf(ref.getProperty(ROUND)));
        });
    }

    /**
     * Both the monitor and the effector in {@code mode}; waits until both run with this very update
     * (see {@link #update}): their mode properties alone are there before any configuration (defaults), so a first
     * update would not be waited for, and the monitor would swap its thread pool under a running measurement.
     */
    private void configure(String mode) throws Exception {
        update("race.monitor", Map.of("mode", mode), () -> monitor.getKey());
        update("race.effector", Map.of("mode", mode), () -> effector.getKey());
    }

    /** The configuration of {@code pid} as it is (empty when there is none). */
    private Map<String, Object> properties(String pid) throws IOException {
        var c = configAdmin.getConfiguration(pid, "?");
        Map<String, Object> props = new java.util.HashMap<>();
        if (c.getProperties() != null) {
            var keys = c.getProperties().keys();
            while (keys.hasMoreElements()) {
                String key = keys.nextElement();
                props.put(key, c.getProperties().get(key));
            }
        }
        return props;
    }

    /**
     * {@code changes} into the configuration of {@code pid}, with a round number that DS shows in the component's
     * service properties; returns once {@code shown} (those properties) carries it: ConfigAdmin delivers asynchronously.
     */
    private void update(String pid, Map<String, Object> changes, java.util.function.Supplier<Map<String, Object>> shown) throws Exception {
        Map<String, Object> props = properties(pid);
        props.putAll(changes);
        String round = pid + " " + (++rounds);
        props.put(ROUND, round);
        configAdmin.getConfiguration(pid, "?").update(new Hashtable<>(props));
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            Map<String, Object> now = shown.get();
            if (round.equals(now.get(ROUND))) return;
            if (System.currentTimeMillis() > deadline) throw new IllegalStateException("race:scalability: " + pid + " " + changes + " did not take effect");
            Thread.sleep(10);
        }
    }

    private static LineChart chart(String title, List<Point> points, String experiment, boolean monitoring, boolean byApps) {
        LineChart c = new LineChart(title, byApps ? "applications" : "nodes", "median delay ms");
        for (String mode : List.of("hierarchical", "flat")) {
            List<double[]> pts = new ArrayList<>();
            for (Point p : points) {
                if ((experiment == null || p.experiment().equals(experiment)) && p.mode().equals(mode)) {
                    DelayStats d = monitoring ? p.monitoring() : p.actuation();
                    pts.add(new double[] { byApps ? p.apps() : p.nodes(), d.medianMs() });
                }
            }
            c.series(mode, pts, mode.equals("flat"));
        }
        return c.yFrom(0);
    }

    private static void ratio(List<Point> points, String experiment, int nodes) {
        Map<String, Point> byMode = new LinkedHashMap<>();
        for (Point p : points) {
            if (p.experiment().equals(experiment) && p.nodes() == nodes) byMode.put(p.mode(), p);
        }
        Point h = byMode.get("hierarchical"), f = byMode.get("flat");
        if (h == null || f == null) return;
        System.out.printf(Locale.ROOT, "%5d nodes: flat/hierarchical median monitoring delay %.4f/%.4f ms = %.2f; actuation %.4f/%.4f ms = %.2f%n",
                nodes, f.monitoring().medianMs(), h.monitoring().medianMs(), f.monitoring().medianMs() / h.monitoring().medianMs(),
                f.actuation().medianMs(), h.actuation().medianMs(), f.actuation().medianMs() / h.actuation().medianMs());
    }

    private static void writeCsv(Path file, List<Point> points, int iterations) throws IOException {
        StringBuilder sb = new StringBuilder("experiment,nodes,applications,mode,iterations,monitoring_median_ms,monitoring_p99_ms,"
                + "actuation_median_ms,actuation_p99_ms\n");
        for (Point p : points) {
            sb.append(String.format(Locale.ROOT, "%s,%d,%d,%s,%d,%.5f,%.5f,%.5f,%.5f%n", p.experiment(), p.nodes(), p.apps(), p.mode(),
                    iterations, p.monitoring().medianMs(), p.monitoring().p99Ms(), p.actuation().medianMs(), p.actuation().p99Ms()));
        }
        Files.writeString(file, sb.toString());
    }
}
