package org.race.platform.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.race.node.platform.RuntimeNode;
import org.race.api.model.Adjustment;
import org.race.api.model.Application;
import org.race.api.model.Component;
import org.race.api.model.ComponentSettings;
import org.race.api.model.Connection;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;
import org.race.api.model.EffectReport;
import org.race.api.model.Importance;
import org.race.api.model.Node;
import org.race.api.model.Placement;
import org.race.api.model.Range;
import org.race.api.model.Resources;
import org.race.api.monitoring.ApplicationQos;
import org.race.api.monitoring.ComponentSample;
import org.race.api.monitoring.NodeSample;

/**
 * The jvm platform on real threads and the real clock. The machine may be busy with other work, so
 * the measured components run at a high priority where the OS lets us (nice, as configured by
 * default) and the bounds are tolerant; each still fails when the model is wrong (wrong execution
 * time, no network delay, no deadline accounting, period ignored). Each test runs for at most about 2 s.
 */
class JvmWorldTest {
    /** What the platform uses by default; only Java priorities where renice does not work. */
    static final OsPriorities PRIORITIES = OsPriorities.probe(OsPriorities.NICE, OsPriorities.PROCESSES);
    static final int HIGH = 90;

    private JvmWorld world;

    @AfterEach
    void close() {
        if (world != null) world.close();
        assertEquals(List.of(), raceThreads(), "every worker and timer thread is joined");
    }

    static List<String> raceThreads() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("race-")) names.add(t.getName());
        }
        return names;
    }

    // ------------------------------------------------------------------ fixtures

    static Node node(String name, double cpu, double bandwidth) {
        return new Node(name, new Resources(cpu, 512, bandwidth));
    }

    static JvmWorld world(double linkLatencyMs, Node... nodes) {
        JvmWorld w = new JvmWorld(1.0, PRIORITIES);
        w.setDomain(new Domain("test", List.of(nodes), linkLatencyMs));
        return w;
    }

    static Component comp(String name, double execMs, String node) {
        return new Component(name, null, new Resources(0.1, 32, 0), execMs, node);
    }

    /** Every component at {@code priority} (null: not configured). */
    static DeploymentPlan plan(String name, double periodMs, double deadlineMs, Range range, List<Component> cs, List<Connection> ks,
            Integer priority) {
        Map<String, String> nodeOf = new LinkedHashMap<>();
        Map<String, ComponentSettings> settings = new TreeMap<>();
        for (Component c : cs) {
            nodeOf.put(c.name(), c.node());
            settings.put(c.name(), ComponentSettings.NONE.withPriority(priority));
        }
        Application app = new Application(name, Importance.MEDIUM, null, periodMs, deadlineMs, range, cs, ks);
        return new DeploymentPlan(app, new Placement("test", nodeOf), settings);
    }

    /** Deploy on every node the plan uses, as the engine does. */
    static void deploy(JvmWorld w, DeploymentPlan p) {
        for (String n : new java.util.TreeSet<>(p.placement().nodeOf().values())) w.deploy(n, p);
    }

    static ApplicationQos qos(NodeSample s, String app) {
        return s.applications().stream().filter(q -> q.application().equals(app)).findFirst()
                .orElseThrow(() -> new AssertionError("no QoS for " + app + " in " + s));
    }

    static ComponentSample comp(NodeSample s, String component) {
        return s.components().stream().filter(c -> c.component().equals(component)).findFirst()
                .orElseThrow(() -> new AssertionError("no sample of " + component + " in " + s));
    }

    // ------------------------------------------------------------------ tests

    @Test
    void oneComponentUsesItsShareOfTheNode() throws Exception {
        world = world(1, node("n1", 1.0, 10));
        world.deploy("n1", plan("app", 100, 100, null, List.of(comp("c", 20, "n1")), List.of(), HIGH));
        world.sample("n1"); // windows open now
        Thread.sleep(1500);
        NodeSample s = world.sample("n1");
        double cpu = s.utilization().get("cpu");
        assertEquals(0.2, cpu, 0.07, "20 ms of CPU every 100 ms: " + s);
        ComponentSample c = comp(s, "c");
        assertEquals(0.2, c.utilization(), 0.07, c.toString());
        assertTrue(c.jobs() >= 13 && c.jobs() <= 17, "about 15 jobs in 1.5 s: " + c);
        assertTrue(c.meanResponseMs() >= 19.5, "a job takes at least its 20 ms of CPU: " + c);
        ApplicationQos q = qos(s, "app");
        assertTrue(q.met() + q.missed() >= 13 && q.met() + q.missed() <= 16, "deadlines that fell in the window: " + q);
        assertTrue(q.met() >= 10, q.toString());
        assertEquals(32 / 512.0, s.utilization().get("memory"), 1e-9);
        assertEquals(0.0, s.utilization().get("bandwidth"), 1e-9);
    }

    @Test
    void cpuCapacityAndWorkloadScaleTheWork() throws Exception {
        world = world(1, node("fast", 2.0, 10));
        world.setWorkload(3.0);
        world.deploy("fast", plan("app", 100, 100, null, List.of(comp("c", 10, "fast")), List.of(), HIGH));
        world.sample("fast");
        Thread.sleep(1000);
        NodeSample s = world.sample("fast");
        // 10 ms x workload 3 / cpu 2 = 15 ms every 100 ms
        assertEquals(0.15, s.utilization().get("cpu"), 0.06, s.toString());
        assertTrue(qos(s, "app").meanLatencyMs() >= 14.5, s.toString());
    }

    /**
     * A node given 1.35 times as much work as the machine has processors misses its deadlines; a
     * lightly loaded node next to it, at a higher priority, meets them. (The emulated nodes share
     * this machine, so "overloaded" has to mean more than the machine can do; the low priority of the
     * overload also keeps it from disturbing the rest of the machine.)
     */
    @Test
    void anOverloadedNodeMissesDeadlinesWhileALightOneDoesNot() throws Exception {
        int processors = Runtime.getRuntime().availableProcessors(), hogs = (3 * processors + 1) / 2;
        world = world(1, node("hot", 1.0, 10), node("light", 1.0, 10));
        List<Component> heavy = new ArrayList<>();
        for (int i = 0; i < hogs; i++) heavy.add(comp("h" + i, 90, "hot"));
        world.deploy("hot", plan("hot", 100, 100, null, heavy, List.of(), 0));
        world.deploy("light", plan("light", 100, 100, null, List.of(comp("l", 5, "light")), List.of(), HIGH));
        world.sample("hot");
        world.sample("light");
        Thread.sleep(1500);
        NodeSample hot = world.sample("hot"), light = world.sample("light");
        ApplicationQos h = qos(hot, "hot"), l = qos(light, "light");
        assertTrue(h.met() + h.missed() >= 10, "deadlines fell in the window: " + h);
        assertTrue(h.missRatio() >= 0.8, "demand " + hogs * 0.9 + " on " + processors + " processors: " + h);
        assertTrue(l.met() >= 10 && l.missRatio() <= 0.2, l.toString());
        // CPU time is what the threads got, however long they waited: the light node's is its demand
        assertEquals(0.05, light.utilization().get("cpu"), 0.03, light.toString());
        assertTrue(hot.utilization().get("cpu") > 0, "at nice 19 the hogs get what the machine leaves: " + hot.utilization());
    }

    @Test
    void halvingThePeriodDoublesTheCompletionsPerWindow() throws Exception {
        world = world(1, node("n1", 1.0, 10));
        world.deploy("n1", plan("sci", 100, 100, new Range(50, 200), List.of(comp("c", 5, "n1")), List.of(), HIGH));
        RuntimeNode n1 = new RuntimeNode(node("n1", 1.0, 10), world);
        world.sample("n1");
        Thread.sleep(1000);
        long before = qos(world.sample("n1"), "sci").completed();
        EffectReport r = n1.apply(List.of(new Adjustment("sci", null, Adjustment.Kind.PERIOD, 50, null)));
        assertEquals(List.of("sci PERIOD 50.0"), r.applied(), r.toString());
        Thread.sleep(150); // the release already due at the old period
        world.sample("n1");
        Thread.sleep(1000);
        long after = qos(world.sample("n1"), "sci").completed();
        assertTrue(before >= 8 && before <= 12, "about 10 per second at 100 ms: " + before);
        double ratio = after / (double) before;
        assertTrue(ratio >= 1.6 && ratio <= 2.4, "twice as many at 50 ms: " + before + " then " + after);
        assertEquals(50, world.plan("n1", "sci").application().periodMs());
        EffectReport bad = n1.apply(List.of(new Adjustment("sci", null, Adjustment.Kind.PERIOD, 20, null)));
        assertTrue(bad.rejected().get(0).contains("outside the allowed range"), bad.toString());
    }

    /**
     * a (10 ms) on n1 sends 2 Mbit/s x 0.2 s = 0.4 Mbit to b (10 ms) on n2 over 10 Mbit/s: 40 ms of
     * transmission plus 20 ms link latency, so one iteration takes at least 80 ms end to end.
     */
    @Test
    void endToEndLatencyOfACrossNodeChainIncludesTheNetwork() throws Exception {
        world = world(20, node("n1", 1.0, 10), node("n2", 1.0, 100));
        deploy(world, plan("x", 200, 200, null, List.of(comp("a", 10, "n1"), comp("b", 10, "n2")), List.of(new Connection("a", "b", 2)),
                HIGH));
        for (String n : List.of("n1", "n2")) world.sample(n);
        Thread.sleep(1300);
        NodeSample n1 = world.sample("n1"), n2 = world.sample("n2");
        assertTrue(n1.applications().isEmpty(), "the node of the sink reports: " + n1);
        ApplicationQos q = qos(n2, "x");
        assertTrue(q.completed() >= 5, q.toString());
        assertTrue(q.meanLatencyMs() >= 79.5 && q.meanLatencyMs() <= 130, "10 + 20 + 40 + 10 ms: " + q);
        assertTrue(q.met() >= 5 && q.missed() == 0, q.toString());
        // 0.4 Mbit every 0.2 s = 2 Mbit/s, on both ends
        assertEquals(0.2, n1.utilization().get("bandwidth"), 0.05, n1.toString());
        assertEquals(0.02, n2.utilization().get("bandwidth"), 0.005, n2.toString());
        assertEquals(0.05, n1.utilization().get("cpu"), 0.04, n1.toString());
    }

    @Test
    void undeployStopsTheThreadsAndTheReleases() throws Exception {
        world = world(1, node("n1", 1.0, 10), node("n2", 1.0, 10));
        DeploymentPlan x = plan("x", 50, 50, null, List.of(comp("a", 5, "n1"), comp("b", 5, "n2")), List.of(new Connection("a", "b", 0)),
                null);
        world.deploy("n1", x);
        assertEquals(List.of("race-n1-x-a"), raceThreads(), "no releases before every node holds its part");
        world.deploy("n2", x);
        Thread.sleep(300);
        assertTrue(raceThreads().containsAll(List.of("race-n1-x-a", "race-n2-x-b", "race-x-release")), raceThreads().toString());
        world.undeploy("n1", "x");
        assertEquals(List.of("race-n2-x-b"), raceThreads());
        assertEquals(List.of(), world.applications("n1"));
        assertEquals(List.of("x"), world.applications("n2"));
        world.undeploy("n2", "x");
        assertEquals(List.of(), raceThreads());
        double cpu = world.cpuUtilization("n1");
        assertTrue(cpu > 0, "the CPU of a stopped worker still counts in its window: " + cpu);
    }

    @Test
    void priorityAdjustmentsAreRecordedCheckedAndReachTheOsThread() throws IOException {
        world = world(1, node("n1", 1.0, 10));
        world.deploy("n1", plan("app", 100, 100, null, List.of(comp("c", 1, "n1")), List.of(), null));
        RuntimeNode n1 = new RuntimeNode(node("n1", 1.0, 10), world);
        EffectReport r = n1.apply(List.of(new Adjustment("app", "c", Adjustment.Kind.PRIORITY, 99, null),
                new Adjustment("app", "c", Adjustment.Kind.PRIORITY, 100, null),
                new Adjustment("app", "c", Adjustment.Kind.PRIORITY_CLASS, 0, "high"),
                new Adjustment("app", "c", Adjustment.Kind.MOVE, 0, "n2")));
        assertEquals(List.of("app/c PRIORITY 99", "app/c PRIORITY_CLASS high"), r.applied());
        assertTrue(r.rejected().get(0).contains("outside [0, 99]") && r.rejected().get(1).contains("cannot move"), r.toString());
        assertEquals(99, world.plan("n1", "app").settingsOf("c").priority());
        Thread worker = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("race-n1-app-c")).findFirst().orElseThrow();
        assertEquals(Thread.MAX_PRIORITY, worker.getPriority(), "the Java priority follows everywhere");
        if (PRIORITIES.mechanism() == OsPriorities.Mechanism.NICE) {
            assertEquals(PRIORITIES.nice(99), osNice("race-n1-app-c"), "the OS thread's nice value");
            n1.apply(List.of(new Adjustment("app", null, Adjustment.Kind.PRIORITY, 10, null)));
            assertEquals(PRIORITIES.nice(10), osNice("race-n1-app-c"));
            assertTrue(PRIORITIES.nice(10) > PRIORITIES.nice(99), "a lower RACE priority is a higher nice value");
        }
    }

    /** The nice value Linux reports for this process's thread named {@code name} (field 19 of its stat). */
    /**
     * One application across two containers on real threads: each world hosts one node and reaches the
     * other through deliveries handed over on a thread of their own, as a wire would. sc1 releases and
     * reports: a (10 ms) then 5 ms of link then b (10 ms) on sc2, whose completion travels back.
     */
    @Test
    void anApplicationAcrossContainersIsReleasedJudgedAndReportedByItsFirstNode() throws Exception {
        Node[] nodes = { node("sc1", 1.0, 10), node("sc2", 1.0, 10) };
        JvmWorld sc1 = world(5, nodes), sc2 = world(5, nodes);
        java.util.concurrent.ExecutorService wire = java.util.concurrent.Executors.newSingleThreadExecutor();
        Map<String, JvmWorld> byNode = Map.of("sc1", sc1, "sc2", sc2);
        for (String n : byNode.keySet()) {
            byNode.get(n).connect(n::equals, (to, d) -> wire.execute(() -> byNode.get(to).deliver(to, List.of(d))));
        }
        // a generous deadline: what is tested is who releases, judges and reports, not this machine's load
        DeploymentPlan p = plan("x", 100, 500, null, List.of(comp("a", 10, "sc1"), comp("b", 10, "sc2")),
                List.of(new Connection("a", "b", 0)), HIGH);
        try {
            sc2.deploy("sc2", p);
            sc1.deploy("sc1", p);
            sc1.sample("sc1");
            sc2.sample("sc2");
            Thread.sleep(1500);
            NodeSample s1 = sc1.sample("sc1"), s2 = sc2.sample("sc2");
            ApplicationQos q = qos(s1, "x");
            // deadlines released in the first 0.8 s passed (+ 200 ms of grace) within the 1.5 s
            assertTrue(q.met() >= 6 && q.missed() == 0, "judged by sc1: " + q);
            assertTrue(q.completed() >= 12 && q.meanLatencyMs() >= 24.5, "10 + 5 + 10 ms and the wire: " + q);
            assertTrue(s2.applications().isEmpty(), "reported once, by sc1: " + s2);
            assertTrue(comp(s2, "b").jobs() >= 12, "b ran on sc2 for a's outputs: " + s2);
        } finally {
            sc1.close();
            sc2.close();
            wire.shutdownNow();
        }
    }

    static int osNice(String name) throws IOException {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : tasks.toList()) {
                if (!Files.readString(t.resolve("comm")).trim().equals(name)) continue;
                String stat = Files.readString(t.resolve("stat"));
                return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
            }
        }
        throw new AssertionError("no thread " + name);
    }
}
