package org.race.platform.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.race.api.model.Application;
import org.race.api.model.Component;
import org.race.api.model.ComponentSettings;
import org.race.api.model.Connection;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;
import org.race.api.model.Importance;
import org.race.api.model.Node;
import org.race.api.model.Placement;
import org.race.api.model.Range;
import org.race.api.model.Resources;
import org.race.api.monitoring.ApplicationQos;
import org.race.api.monitoring.ComponentSample;
import org.race.api.monitoring.NodeSample;

/** The simulated processors, in virtual time: every expectation below is worked out by hand from the model. */
class SimWorldTest {
    static final long MS = 1_000, S = 1_000_000; // in µs
    static final double EPS = 1e-9;

    // ------------------------------------------------------------------ fixtures

    static Domain domain(double linkLatencyMs, Node... nodes) {
        return new Domain("test", List.of(nodes), linkLatencyMs);
    }

    static Node node(String name, double cpu, double memory, double bandwidth) {
        return new Node(name, new Resources(cpu, memory, bandwidth));
    }

    static SimWorld world(long seed, double variation, Domain domain) {
        SimWorld w = new SimWorld(seed, variation, 1.0);
        w.setDomain(domain);
        return w;
    }

    static SimWorld oneNode() {
        return world(42, 0, domain(1, node("sc1", 1.0, 512, 10)));
    }

    static Component comp(String name, double execMs, String node) {
        return new Component(name, name, new Resources(0.1, 16, 0), execMs, node);
    }

    static Application app(String name, double periodMs, double deadlineMs, Range range, List<Component> cs, List<Connection> ks) {
        return new Application(name, Importance.MEDIUM, null, periodMs, deadlineMs, range, cs, ks);
    }

    /** A plan placing each component on its {@code node} field, with the given priorities (component to priority). */
    static DeploymentPlan plan(Application app, Map<String, Integer> priorities) {
        Map<String, String> nodeOf = new LinkedHashMap<>();
        Map<String, ComponentSettings> settings = new TreeMap<>();
        for (Component c : app.components()) {
            nodeOf.put(c.name(), c.node());
            Integer p = priorities.get(c.name());
            settings.put(c.name(), p == null ? ComponentSettings.NONE : ComponentSettings.NONE.withPriority(p));
        }
        return new DeploymentPlan(app, new Placement("test", nodeOf), settings);
    }

    static DeploymentPlan plan(Application app) {
        return plan(app, Map.of());
    }

    /** One component on sc1 doing {@code execMs} every {@code periodMs}, deadline = period. */
    static DeploymentPlan single(String name, double execMs, double periodMs) {
        return plan(app(name, periodMs, periodMs, null, List.of(comp(name + "-c", execMs, "sc1")), List.of()));
    }

    static ApplicationQos qos(NodeSample s, String app) {
        return s.applications().stream().filter(q -> q.application().equals(app)).findFirst()
                .orElseThrow(() -> new AssertionError("no QoS for " + app + " in " + s));
    }

    static ComponentSample comp(NodeSample s, String app, String component) {
        return s.components().stream().filter(c -> c.application().equals(app) && c.component().equals(component)).findFirst()
                .orElseThrow(() -> new AssertionError("no sample of " + app + "/" + component + " in " + s));
    }

    // ------------------------------------------------------------------ (a) one application alone

    @Test
    void singleComponentUtilizationQosAndLatency() {
        SimWorld w = oneNode();
        w.deploy("sc1", single("app", 100, 1000));
        assertEquals(List.of("app"), w.applications("sc1"));
        w.advanceTo(10 * S);
        NodeSample s = w.sample("sc1");

        assertEquals(10_000, s.timeMs());
        assertEquals(10_000, s.windowMs());
        // releases at 0, 1, ..., 10 s; the ten jobs of 0..9 s ran 100 ms each; the one released at 10 s has not run yet
        assertEquals(0.1, s.utilization().get("cpu"), EPS);
        assertEquals(16 / 512.0, s.utilization().get("memory"), EPS);
        assertEquals(0.0, s.utilization().get("bandwidth"), EPS);
        ApplicationQos q = qos(s, "app");
        assertEquals(new ApplicationQos("app", 10, 0, 10, 100.0, 100.0), q); // deadlines at 1..10 s fell in the window
        ComponentSample c = comp(s, "app", "app-c");
        assertEquals(10, c.jobs());
        assertEquals(0.1, c.utilization(), EPS);
        assertEquals(100.0, c.meanResponseMs(), EPS);
        assertEquals(100.0, c.maxResponseMs(), EPS);
    }

    @Test
    void utilizationStaysNearDemandWithVariation() {
        SimWorld w = world(42, 0.1, domain(1, node("sc1", 1.0, 512, 10)));
        w.deploy("sc1", single("app", 100, 1000));
        w.advanceTo(10 * S);
        NodeSample s = w.sample("sc1");
        double cpu = s.utilization().get("cpu");
        assertTrue(cpu >= 0.09 && cpu <= 0.11, "cpu " + cpu + " within +/-10% of 0.1");
        assertNotEquals(0.1, cpu, "execution times do vary");
        ApplicationQos q = qos(s, "app");
        assertEquals(0, q.missed());
        assertTrue(q.maxLatencyMs() <= 110 + EPS && q.meanLatencyMs() >= 90 - EPS, q.toString());
    }

    @Test
    void metAndMissedCountIterationsWhoseDeadlineFellInTheWindow() {
        SimWorld w = oneNode();
        w.deploy("sc1", single("app", 100, 1000));
        w.advanceTo(9_500 * MS);
        // ten iterations (released 0..9 s) have completed, but only nine deadlines (1..9 s) fell in [0, 9.5 s]
        ApplicationQos first = qos(w.sample("sc1"), "app");
        assertEquals(10, first.completed());
        assertEquals(9, first.met() + first.missed(), first.toString());
        assertEquals(9, first.met());
        w.advanceTo(10 * S);
        ApplicationQos second = qos(w.sample("sc1"), "app");
        assertEquals(1, second.met(), "the deadline at 10 s is counted in the next window: " + second);
        assertEquals(0, second.completed());
        assertEquals(0.0, second.meanLatencyMs(), EPS);
    }

    @Test
    void finishingExactlyAtTheDeadlineMeetsIt() {
        SimWorld w = oneNode();
        w.deploy("sc1", plan(app("tight", 1000, 100, null, List.of(comp("c", 100, "sc1")), List.of())));
        w.advanceTo(10 * S);
        ApplicationQos q = qos(w.sample("sc1"), "tight");
        assertEquals(100.0, q.maxLatencyMs(), EPS);
        assertEquals(0, q.missed(), "latency == deadline is not a miss: " + q);
        assertEquals(10, q.met(), "deadlines at 0.1, 1.1, ..., 9.1 s (10.1 s lies after the window): " + q);
    }

    @Test
    void windowsAreConsecutive() {
        SimWorld w = oneNode();
        w.deploy("sc1", single("app", 100, 1000));
        w.advanceTo(2 * S);
        NodeSample a = w.sample("sc1");
        w.advanceTo(5 * S);
        NodeSample b = w.sample("sc1");
        assertEquals(2_000, a.windowMs());
        assertEquals(3_000, b.windowMs());
        assertEquals(5_000, b.timeMs());
        assertEquals(3, comp(b, "app", "app-c").jobs());
        assertEquals(0.1, b.utilization().get("cpu"), EPS);
    }

    @Test
    void fasterProcessorAndWorkloadScaleExecutionTime() {
        SimWorld fast = world(42, 0, domain(1, node("sc1", 2.0, 512, 10)));
        fast.deploy("sc1", single("app", 100, 1000));
        fast.advanceTo(10 * S);
        NodeSample f = fast.sample("sc1");
        assertEquals(50.0, qos(f, "app").meanLatencyMs(), EPS, "twice the cpu capacity halves the execution time");
        assertEquals(0.05, f.utilization().get("cpu"), EPS);

        SimWorld heavy = new SimWorld(42, 0, 3.0);
        heavy.setDomain(domain(1, node("sc1", 1.0, 512, 10)));
        heavy.deploy("sc1", single("app", 100, 1000));
        heavy.advanceTo(10 * S);
        NodeSample h = heavy.sample("sc1");
        assertEquals(300.0, qos(h, "app").meanLatencyMs(), EPS, "workload 3 triples the execution time");
        assertEquals(0.3, h.utilization().get("cpu"), EPS);
    }

    @Test
    void chainOnOneNodeRunsInPrecedenceOrder() {
        SimWorld w = oneNode();
        Application a = app("chain", 500, 500, null,
                List.of(comp("a", 10, "sc1"), comp("b", 20, "sc1"), comp("c", 30, "sc1")),
                List.of(new Connection("a", "b", 5), new Connection("b", "c", 5)));
        w.deploy("sc1", plan(a));
        w.advanceTo(5 * S);
        NodeSample s = w.sample("sc1");
        assertEquals(new ApplicationQos("chain", 10, 0, 10, 60.0, 60.0), qos(s, "chain"));
        assertEquals(0.0, s.utilization().get("bandwidth"), EPS, "a local connection moves no data over the network");
        assertEquals(0.12, s.utilization().get("cpu"), EPS);
    }

    // ------------------------------------------------------------------ (b), (c) fixed-priority scheduling

    /** A: 60 ms every 100 ms; B: 100 ms every 200 ms; together 1.1 > 1. */
    static void deployOverload(SimWorld w, Map<String, Integer> priorities) {
        w.deploy("sc1", plan(app("A", 100, 100, null, List.of(comp("a", 60, "sc1")), List.of()), priorities));
        w.deploy("sc1", plan(app("B", 200, 200, null, List.of(comp("b", 100, "sc1")), List.of()), priorities));
    }

    @Test
    void overloadRateMonotonicLowerRateAppMisses() {
        SimWorld w = oneNode();
        deployOverload(w, Map.of());
        w.advanceTo(10 * S);
        NodeSample s = w.sample("sc1");
        ApplicationQos a = qos(s, "A"), b = qos(s, "B");
        assertEquals(new ApplicationQos("A", 100, 0, 100, 60.0, 60.0), a, "the higher-rate app is never delayed");
        assertEquals(0, b.met());
        assertTrue(b.missed() > 0, b.toString());
        assertEquals(1.0, b.missRatio(), EPS);
        assertEquals(1.0, s.utilization().get("cpu"), EPS, "the processor never idles");
        assertEquals(0.6, comp(s, "A", "a").utilization(), EPS);
        assertEquals(0.4, comp(s, "B", "b").utilization(), EPS);
    }

    @Test
    void explicitPrioritiesOverrideRateMonotonic() {
        SimWorld w = oneNode();
        deployOverload(w, Map.of("b", 10, "a", 1));
        w.advanceTo(10 * S);
        NodeSample s = w.sample("sc1");
        ApplicationQos a = qos(s, "A"), b = qos(s, "B");
        assertEquals(new ApplicationQos("B", 50, 0, 50, 100.0, 100.0), b, "B now runs first, undisturbed");
        assertTrue(a.missed() > 0, a.toString());
        assertTrue(a.met() < 100, a.toString());
    }

    @Test
    void equalExplicitPrioritiesFallBackToRateMonotonic() {
        SimWorld w = oneNode();
        deployOverload(w, Map.of("a", 7, "b", 7));
        w.advanceTo(10 * S);
        NodeSample s = w.sample("sc1");
        assertEquals(0, qos(s, "A").missed());
        assertEquals(0, qos(s, "B").met());
    }

    @Test
    void higherPriorityPreemptsRunningJob() {
        // L (priority 1) starts at 0 and needs 300 ms; H (priority 5) is released at 0 too but by a 100 ms period
        SimWorld w = oneNode();
        w.deploy("sc1", plan(app("L", 1000, 1000, null, List.of(comp("l", 300, "sc1")), List.of()), Map.of("l", 1)));
        w.deploy("sc1", plan(app("H", 100, 100, null, List.of(comp("h", 20, "sc1")), List.of()), Map.of("h", 5)));
        w.advanceTo(1 * S);
        NodeSample s = w.sample("sc1");
        assertEquals(20.0, qos(s, "H").maxLatencyMs(), EPS, "H never waits for L");
        // L gets 80 ms of every 100 (20-100, 120-200, 220-300, 320-380): its 300 ms of work end at 380 ms
        assertEquals(380.0, qos(s, "L").maxLatencyMs(), EPS);
    }

    // ------------------------------------------------------------------ (d) across nodes

    static Domain twoNodes() {
        return domain(5, node("sc1", 1.0, 512, 10), node("sc2", 1.0, 256, 5));
    }

    /** a (10 ms) on sc1 sends 1 Mbit/s to b (20 ms) on sc2, every second. */
    static DeploymentPlan crossNode() {
        return plan(app("x", 1000, 1000, null, List.of(comp("a", 10, "sc1"), comp("b", 20, "sc2")),
                List.of(new Connection("a", "b", 1))));
    }

    @Test
    void crossNodeLatencyIncludesLinkLatencyAndTransmission() {
        SimWorld w = world(42, 0, twoNodes());
        w.deploy("sc1", crossNode());
        w.deploy("sc2", crossNode());
        w.advanceTo(10 * S);
        NodeSample s1 = w.sample("sc1"), s2 = w.sample("sc2");
        // 1 Mbit/s x 1 s = 1 Mbit over the slower end (5 Mbit/s) = 200 ms, + 5 ms link latency, + 10 + 20 ms of work
        assertEquals(new ApplicationQos("x", 10, 0, 10, 235.0, 235.0), qos(s2, "x"));
        assertTrue(s1.applications().isEmpty(), "QoS is reported once, by the node of the sink: " + s1.applications());
        assertEquals(10.0, comp(s1, "x", "a").meanResponseMs(), EPS);
        assertEquals(20.0, comp(s2, "x", "b").meanResponseMs(), EPS);
        // ten 1 Mbit messages in 10 s, on both ends
        assertEquals(0.1, s1.utilization().get("bandwidth"), EPS);
        assertEquals(0.2, s2.utilization().get("bandwidth"), EPS);
        assertEquals(0.01, s1.utilization().get("cpu"), EPS);
        assertEquals(0.02, s2.utilization().get("cpu"), EPS);
    }

    @Test
    void transmissionTimeScalesWithPeriod() {
        SimWorld w = world(42, 0, twoNodes());
        DeploymentPlan p = plan(app("x", 500, 1000, null, List.of(comp("a", 10, "sc1"), comp("b", 20, "sc2")),
                List.of(new Connection("a", "b", 2))));
        w.deploy("sc1", p);
        w.deploy("sc2", p);
        w.advanceTo(5 * S);
        // 2 Mbit/s x 0.5 s = 1 Mbit / 5 Mbit/s = 200 ms
        assertEquals(235.0, qos(w.sample("sc2"), "x").meanLatencyMs(), EPS);
    }

    @Test
    void joinWaitsForAllPredecessors() {
        // a on sc1 -> c on sc1 directly, b on sc2 -> c across the link: c starts when the remote input arrives
        SimWorld w = world(42, 0, domain(5, node("sc1", 1.0, 512, 10), node("sc2", 1.0, 512, 10)));
        DeploymentPlan p = plan(app("j", 1000, 1000, null,
                List.of(comp("a", 10, "sc1"), comp("b", 30, "sc2"), comp("c", 10, "sc1")),
                List.of(new Connection("a", "c", 0), new Connection("b", "c", 0))));
        w.deploy("sc1", p);
        w.deploy("sc2", p);
        w.advanceTo(3 * S);
        assertEquals(45.0, qos(w.sample("sc1"), "j").maxLatencyMs(), EPS); // 30 + 5 + 10
    }

    // ------------------------------------------------------------------ (e) determinism

    static List<NodeSample> scenario(long seed) {
        SimWorld w = world(seed, 0.1, twoNodes());
        deployOverload(w, Map.of());
        // sc1 is overloaded: give x's first component the top priority so that x still runs
        DeploymentPlan x = plan(crossNode().application(), Map.of("a", 50));
        w.deploy("sc1", x);
        w.deploy("sc2", x);
        List<NodeSample> out = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            w.advanceTo(i * 4 * S);
            out.add(w.sample("sc1"));
            out.add(w.sample("sc2"));
        }
        return out;
    }

    @Test
    void sameSeedSameRunDifferentSeedDifferentRun() {
        List<NodeSample> first = scenario(7);
        assertEquals(first, scenario(7));
        List<NodeSample> other = scenario(8);
        assertNotEquals(first, other);
        ApplicationQos x7 = qos(first.get(1), "x"), x8 = qos(other.get(1), "x");
        assertEquals(4, x7.completed(), "x runs despite the overload: " + x7);
        assertNotEquals(x7.meanLatencyMs(), x8.meanLatencyMs());
    }

    @Test
    void anotherApplicationElsewhereDoesNotChangeExecutionTimes() {
        SimWorld alone = world(3, 0.1, twoNodes());
        alone.deploy("sc1", single("app", 100, 1000));
        alone.advanceTo(10 * S);

        SimWorld shared = world(3, 0.1, twoNodes());
        shared.deploy("sc2", plan(app("other", 300, 300, null, List.of(comp("o", 50, "sc2")), List.of())));
        shared.deploy("sc1", single("app", 100, 1000));
        shared.advanceTo(10 * S);
        assertEquals(comp(alone.sample("sc1"), "app", "app-c"), comp(shared.sample("sc1"), "app", "app-c"));
    }

    // ------------------------------------------------------------------ (f) deploy / undeploy

    @Test
    void undeployStopsTheApplication() {
        SimWorld w = oneNode();
        w.deploy("sc1", single("app", 100, 1000));
        w.advanceTo(5 * S + 50 * MS); // a job is running right now
        assertEquals(5, qos(w.sample("sc1"), "app").completed());
        w.undeploy("sc1", "app");
        assertEquals(List.of(), w.applications("sc1"));
        w.advanceTo(10 * S);
        NodeSample s = w.sample("sc1");
        assertEquals(List.of(), s.applications());
        assertEquals(List.of(), s.components());
        assertEquals(0.0, s.utilization().get("cpu"), EPS);
        assertEquals(0.0, s.utilization().get("memory"), EPS);
        w.undeploy("sc1", "app"); // no-op, no error
        w.setDomain(twoNodes()); // nothing deployed any more: allowed
    }

    @Test
    void redeployAfterUndeployStartsAfresh() {
        SimWorld w = oneNode();
        w.deploy("sc1", single("app", 100, 1000));
        w.advanceTo(3 * S + 50 * MS);
        w.undeploy("sc1", "app");
        w.advanceTo(4 * S + 500 * MS);
        w.sample("sc1");
        w.deploy("sc1", single("app", 100, 1000)); // releases at 4.5, 5.5, ...
        w.advanceTo(10 * S);
        NodeSample s = w.sample("sc1");
        assertEquals(6, qos(s, "app").completed());
        assertEquals(100.0, qos(s, "app").maxLatencyMs(), EPS, "no job of the old run is left over");
        assertEquals(0.6 / 5.5, s.utilization().get("cpu"), EPS);
    }

    @Test
    void applicationStartsOnlyWhenAllItsNodesHaveIt() {
        SimWorld w = world(42, 0, twoNodes());
        w.deploy("sc1", crossNode());
        w.advanceTo(5 * S);
        NodeSample early1 = w.sample("sc1"), early2 = w.sample("sc2");
        assertEquals(0.0, early1.utilization().get("cpu"), EPS, "sc1 must not run its part alone");
        assertEquals(0, qos(early2, "x").completed());
        assertEquals(0, qos(early2, "x").met() + qos(early2, "x").missed());

        w.deploy("sc2", crossNode()); // releases from 5 s on
        w.advanceTo(10 * S);
        ApplicationQos q = qos(w.sample("sc2"), "x");
        assertEquals(new ApplicationQos("x", 5, 0, 5, 235.0, 235.0), q);
    }

    /** Undeployed on one node only, then deployed there again: the application runs again as a new run. */
    @Test
    void partialUndeployAndRedeployRestartsTheApplication() {
        SimWorld w = world(42, 0, twoNodes());
        w.deploy("sc1", crossNode());
        w.deploy("sc2", crossNode());
        w.advanceTo(3 * S);
        w.undeploy("sc2", "x");
        w.advanceTo(5 * S);
        w.sample("sc2");
        w.deploy("sc2", crossNode()); // releases from 5 s on
        w.advanceTo(10 * S);
        assertEquals(new ApplicationQos("x", 5, 0, 5, 235.0, 235.0), qos(w.sample("sc2"), "x"));
    }

    @Test
    void deployErrors() {
        SimWorld w = world(42, 0, twoNodes());
        w.deploy("sc1", crossNode());
        assertTrue(assertThrows(IllegalStateException.class, () -> w.deploy("sc1", crossNode())).getMessage().contains("already deployed on sc1"));
        DeploymentPlan moved = plan(app("x", 1000, 1000, null, List.of(comp("a", 10, "sc2"), comp("b", 20, "sc2")),
                List.of(new Connection("a", "b", 1))));
        assertTrue(assertThrows(IllegalStateException.class, () -> w.deploy("sc2", moved)).getMessage().contains("another placement"));
        assertTrue(assertThrows(IllegalStateException.class, () -> w.deploy("sc9", crossNode())).getMessage().contains("no simulated node 'sc9'"));
        assertTrue(assertThrows(IllegalStateException.class, () -> w.setDomain(twoNodes())).getMessage().contains("still deployed"));
        assertTrue(assertThrows(IllegalStateException.class, () -> w.update("sc2", crossNode())).getMessage().contains("not deployed on sc2"));
        assertTrue(assertThrows(IllegalStateException.class, () -> w.update("sc1", moved)).getMessage().contains("cannot move"));
    }

    @Test
    void updateAppliesNewPriorities() {
        SimWorld w = oneNode();
        deployOverload(w, Map.of());
        w.advanceTo(2 * S);
        w.sample("sc1");
        w.update("sc1", plan(app("B", 200, 200, null, List.of(comp("b", 100, "sc1")), List.of()), Map.of("b", 10)));
        assertEquals(10, w.plan("sc1", "B").settingsOf("b").priority());
        w.advanceTo(10 * S);
        w.sample("sc1");
        w.advanceTo(20 * S); // a clean window under the new priorities
        NodeSample s = w.sample("sc1");
        assertEquals(0, qos(s, "B").missed(), qos(s, "B").toString());
        assertTrue(qos(s, "A").missed() > 0);
    }

    // ------------------------------------------------------------------ (g) the clock

    @Test
    void scheduleRunsAtEveryPeriodUntilClosed() throws Exception {
        SimWorld w = oneNode();
        List<Long> times = new ArrayList<>();
        AutoCloseable task = w.schedule(250 * MS, () -> times.add(w.nowMicros()));
        w.advanceTo(1 * S);
        assertEquals(List.of(250 * MS, 500 * MS, 750 * MS, 1000 * MS), times);
        assertEquals(1 * S, w.nowMicros());
        task.close();
        w.advanceTo(3 * S);
        assertEquals(4, times.size(), "closed: no more runs");
        assertEquals(3 * S, w.nowMicros(), "time still moves without events");
        assertThrows(IllegalArgumentException.class, () -> w.schedule(0, () -> { }));
    }

    @Test
    void scheduledTaskMayCallIntoTheNodes() throws Exception {
        SimWorld w = oneNode();
        w.deploy("sc1", single("app", 100, 1000));
        List<NodeSample> samples = new ArrayList<>();
        try (AutoCloseable loop = w.schedule(2 * S, () -> samples.add(w.sample("sc1")))) {
            w.advanceTo(10 * S);
        }
        assertEquals(5, samples.size());
        for (NodeSample s : samples) {
            assertEquals(2_000, s.windowMs());
            assertEquals(2, comp(s, "app", "app-c").jobs(), s.toString());
            // the task runs after everything else at its instant: the deadline at the sampling time is in its window
            assertEquals(2, qos(s, "app").met(), s.toString());
        }
        assertEquals(10_000, samples.get(4).timeMs());
    }

    @Test
    void advanceToThePastDoesNotMoveTimeBack() {
        SimWorld w = oneNode();
        w.advanceTo(2 * S);
        w.advanceTo(1 * S);
        assertEquals(2 * S, w.nowMicros());
    }
}
