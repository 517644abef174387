package org.race.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.race.api.CentralMonitor;
import org.race.api.Engine;
import org.race.api.NodeManager;
import org.race.api.RoleProperties;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.NodeState;
import org.race.api.model.Reservation;
import org.race.api.model.ReservationReply;
import org.race.api.model.Resources;
import org.race.api.monitoring.NodeSample;
import org.race.api.monitoring.SystemSnapshot;

/**
 * QoS contracts in real Felix on the sim platform: shrinking less critical applications to admit a
 * critical one and expanding them when it leaves, through the Gogo commands; and two-phase admission
 * against a node that never answers phase 1. The sim hosts sc1 and sc2 only ({@code race.nodes}), so
 * that the test can be sc3's NodeManager (a failure injection).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class QosContractsIT {
    private static final double EPS = 1e-9;

    @Inject
    CommandProcessor processor;

    @Inject
    Engine engine;

    @Inject
    CentralMonitor monitor;

    @Inject
    ConfigurationAdmin configAdmin;

    @Inject
    BundleContext context;

    private Shell shell;
    private Path dir;

    @Configuration
    public Option[] config() throws Exception {
        return options(Dist.container(), frameworkProperty("race.nodes").value("sc1,sc2"));
    }

    @Before
    public void loadDomain() throws Exception {
        // the RTARM figures below are capacity's: negotiation by the analysis settles on other rates
        configureEngine(Map.of("admission", "capacity"));
        shell = new Shell(processor);
        dir = Files.createTempDirectory("qos-it");
        write("domain.json", """
                {"name": "lab", "linkLatency": 1, "nodes": [
                  {"name": "sc1", "cpu": 1, "memory": 512, "bandwidth": 10},
                  {"name": "sc2", "cpu": 1, "memory": 512, "bandwidth": 10},
                  {"name": "sc3", "cpu": 1, "memory": 512, "bandwidth": 10}]}""");
        shell.run("race:domain " + dir.resolve("domain.json"));
    }

    @After
    public void undeployAll() throws Exception {
        for (DeploymentPlan p : engine.applications()) engine.undeploy(p.name());
    }

    private Path write(String name, String json) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, json);
        return f;
    }

    /** A contracted pipeline: one component per (node, execution time ms) pair, in order. */
    private Path contracted(String name, String importance, int minMs, int maxMs, Object... stages) throws Exception {
        StringBuilder cs = new StringBuilder(), ks = new StringBuilder();
        for (int i = 0; i < stages.length; i += 2) {
            if (i > 0) {
                cs.append(", ");
                ks.append(ks.length() == 0 ? "" : ", ").append("{\"from\": \"s").append(i / 2 - 1).append("\", \"to\": \"s").append(i / 2).append("\"}");
            }
            cs.append("{\"name\": \"s").append(i / 2).append("\", \"executionTime\": ").append(stages[i + 1]).append(", \"node\": \"").append(stages[i]).append("\"}");
        }
        return write(name + ".json", "{\"name\": \"" + name + "\", \"importance\": \"" + importance + "\""
                + ", \"region\": {\"period\": {\"min\": " + minMs + ", \"max\": " + maxMs + "}}, \"components\": [" + cs + "], \"connections\": [" + ks + "]}");
    }

    private Map<String, Double> periods() {
        Map<String, Double> out = new TreeMap<>();
        engine.applications().forEach(p -> out.put(p.name(), p.application().periodMs()));
        return out;
    }

    private static final Pattern CHANGE = Pattern.compile("(?m)^(shrank|expanded) (\\S+) \\(low\\): ([\\d.]+) -> ([\\d.]+) Hz \\(period ([\\d.]+) -> ([\\d.]+) ms");

    /** What a command printed about rate changes: application -> {from ms, to ms}. */
    private static Map<String, double[]> printed(String verb, String out) {
        Map<String, double[]> m = new TreeMap<>();
        Matcher x = CHANGE.matcher(out);
        while (x.find()) {
            if (x.group(1).equals(verb)) m.put(x.group(2), new double[] { Double.parseDouble(x.group(5)), Double.parseDouble(x.group(6)) });
        }
        return m;
    }

    @Test
    public void aCriticalApplicationIsAdmittedByShrinkingTheLowOnesWhichExpandWhenItLeaves() throws Exception {
        // the distribution's chain: MUF puts hi (high) above the low applications on the full nodes
        configureEngine(Map.of("configurators", "muf,middleware,network"));
        // sc1: lo1's 30 ms + lo2's 70 ms, sc2: lo1's 20 ms + lo3's 80 ms: both nodes full at 10 Hz
        String lows = shell.run("race:deploy " + contracted("lo1", "low", 100, 400, "sc1", 30, "sc2", 20) + "; race:deploy "
                + contracted("lo2", "low", 100, 400, "sc1", 70) + "; race:deploy " + contracted("lo3", "low", 100, 400, "sc2", 80));
        assertEquals(lows, 3, lows.split("its maximum", -1).length - 1);
        for (NodeState n : engine.nodes()) {
            if (!n.name().equals("sc3")) assertEquals(n.name() + " full", 1.0, n.reserved().cpu(), 1e-6);
        }
        // hi needs 0.2 of each node at its minimum 5 Hz (40 ms per stage)
        String out = shell.run("race:deploy " + contracted("hi", "high", 100, 200, "sc1", 40, "sc2", 40));
        assertTrue(out, out.contains("granted 5 Hz (period 200 ms) of region 5..10 Hz (period 100..200 ms), its minimum"));
        Map<String, double[]> shrank = printed("shrank", out);
        assertEquals(out, List.of("lo1", "lo3"), List.copyOf(shrank.keySet()));
        assertEquals(400, shrank.get("lo1")[1], EPS); // to its minimum: on sc2 nothing less is enough
        assertEquals(106.667, shrank.get("lo3")[1], EPS); // just enough: 80 ms x 9.375 Hz = 0.75 of sc2
        Map<String, Double> now = periods();
        for (Map.Entry<String, double[]> e : shrank.entrySet()) {
            assertEquals("registry = printed for " + e.getKey(), e.getValue()[1], now.get(e.getKey()), EPS);
            assertEquals(100, e.getValue()[0], EPS);
        }
        assertEquals("lo2 did not need to shrink", 100, now.get("lo2"), EPS);
        for (DeploymentPlan p : engine.applications()) {
            assertTrue(p.name() + " inside its region", p.application().region().contains(p.application().periodMs()));
        }
        for (NodeState n : engine.nodes()) assertTrue(n.name() + " reserves " + n.reserved(), n.reserved().fitsIn(n.node().capacity()));

        String contracts = shell.run("race:contracts");
        assertTrue(contracts, Pattern.compile("(?m)^lo3\\s+low\\s+100\\.\\.400\\s+2\\.5\\.\\.10\\s+-\\s+106\\.667\\s+9\\.375\\s+-6\\.3 %$").matcher(contracts).find());
        assertTrue(contracts, Pattern.compile("(?m)^hi\\s+high\\s+100\\.\\.200\\s+5\\.\\.10\\s+-\\s+200\\s+5\\s+-50\\.0 %$").matcher(contracts).find());

        // the sim runs what was admitted: no node above its capacity, hi meets its deadlines
        shell.run("race:run 5");
        SystemSnapshot s = monitor.latest().orElseThrow();
        for (NodeSample n : s.nodes()) assertTrue(n.node() + " cpu " + n.utilization(), n.utilization().get("cpu") <= 1.0);
        assertTrue("hi runs: " + s.applications().get("hi"), s.applications().get("hi").met() > 0);
        String status = shell.run("race:status");
        assertTrue(status, status.contains("shrank lo3 (low) 10 -> 9.375 Hz (period 100 -> 106.667 ms, rate -6.3 %) to admit hi (high)"));

        String left = shell.run("race:undeploy hi");
        Map<String, double[]> expanded = printed("expanded", left);
        assertEquals(left, List.of("lo1", "lo3"), List.copyOf(expanded.keySet()));
        assertEquals(Map.of("lo1", 100.0, "lo2", 100.0, "lo3", 100.0), periods());
        assertTrue(shell.run("race:events"), shell.run("race:events").contains("expanded lo1 (low) 2.5 -> 10 Hz (period 400 -> 100 ms, rate +300.0 %) after hi left"));
    }

    @Test
    public void aNodeThatNeverAnswersPhaseOneAbortsTheAdmissionAndNoReservationOutlivesItsLease() throws Exception {
        configureEngine(Map.of("admissionTimeoutMs", 300L, "reservationLeaseMs", 1500L));
        CountDownLatch never = new CountDownLatch(1);
        ServiceRegistration<NodeManager> sc3 = context.registerService(NodeManager.class, new SilentNode("sc3", never),
                new Hashtable<>(Map.of(RoleProperties.NODE, "sc3")));
        try {
            await("sc3 up", () -> engine.nodes().stream().anyMatch(n -> n.name().equals("sc3") && n.up()));
            Path span = write("span.json", """
                    {"name": "span", "period": 100, "deadline": 100, "components": [
                      {"name": "a", "executionTime": 10, "node": "sc1"}, {"name": "b", "executionTime": 10, "node": "sc3"}],
                     "connections": [{"from": "a", "to": "b"}]}""");
            long t0 = System.nanoTime();
            Exception e = shell.fail("race:deploy " + span);
            long abortedAfterMs = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(e.getMessage(), e.getMessage().contains("admission: node sc3 did not answer phase 1 within 300 ms; aborted"));
            assertTrue("aborted at the bound, not later: " + abortedAfterMs + " ms", abortedAfterMs < 1500);
            assertTrue(engine.applications().isEmpty());
            NodeManager sc1 = nodeManager("sc1");
            assertFalse("nothing started on sc1", sc1.applications().contains("span"));
            await("sc1's reservation released", () -> sc1.reservations().isEmpty());

            // a central that dies between the phases sends no release: the node's lease ends the reservation
            ReservationReply orphan = sc1.reserve(new Reservation("orphan", "ghost", new Resources(1, 0, 0), Map.of(), 500));
            assertTrue(orphan.granted());
            Path small = write("small.json", """
                    {"name": "small", "period": 100, "deadline": 100, "components": [{"name": "a", "executionTime": 10, "node": "sc1"}]}""");
            Exception refused = shell.fail("race:deploy " + small);
            assertTrue(refused.getMessage(), refused.getMessage().contains("node sc1 refused phase 1: node sc1 has 0 cpu free, small needs 0.1"));
            Thread.sleep(600);
            assertTrue("expired with its lease", sc1.reservations().isEmpty() && nodeManager("sc2").reservations().isEmpty());
            assertTrue(shell.run("race:deploy " + small), engine.application("small").isPresent());
        } finally {
            never.countDown();
            sc3.unregister();
            configureEngine(Map.of("admissionTimeoutMs", 2000L, "reservationLeaseMs", 5000L));
        }
    }

    /** sc3 as a node whose phase 1 never returns (until the test ends). */
    static final class SilentNode implements NodeManager {
        private final String name;
        private final CountDownLatch never;

        SilentNode(String name, CountDownLatch never) {
            this.name = name;
            this.never = never;
        }

        @Override
        public String nodeName() {
            return name;
        }

        @Override
        public ReservationReply reserve(Reservation reservation) {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new ReservationReply(reservation.id(), name, false, "too late", Resources.ZERO);
        }

        @Override
        public void commit(String reservationId, DeploymentPlan plan) {
            throw new IllegalStateException("never reserved");
        }

        @Override
        public void release(String reservationId) {
        }

        @Override
        public List<Reservation> reservations() {
            return List.of();
        }

        @Override
        public void deploy(DeploymentPlan plan) {
            throw new IllegalStateException("not in this test");
        }

        @Override
        public void update(DeploymentPlan plan) {
        }

        @Override
        public void undeploy(String application) {
        }

        @Override
        public List<String> applications() {
            return List.of();
        }
    }

    private NodeManager nodeManager(String node) throws Exception {
        ServiceReference<NodeManager> ref = context.getServiceReferences(NodeManager.class, "(" + RoleProperties.NODE + "=" + node + ")").iterator().next();
        return context.getService(ref);
    }

    /** PID race.engine; ConfigAdmin is asynchronous: done once the engine's service shows the values. */
    private void configureEngine(Map<String, Object> values) throws Exception {
        org.osgi.service.cm.Configuration c = configAdmin.getConfiguration("race.engine", "?");
        Dictionary<String, Object> props = c.getProperties() == null ? new Hashtable<>() : c.getProperties();
        values.forEach(props::put);
        c.update(props);
        await("race.engine " + values, () -> {
            ServiceReference<Engine> ref = context.getServiceReference(Engine.class);
            return ref != null && values.entrySet().stream().allMatch(e -> e.getValue().equals(ref.getProperty(e.getKey())));
        });
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(20);
        }
    }
}
