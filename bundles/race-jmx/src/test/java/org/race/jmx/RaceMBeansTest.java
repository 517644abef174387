package org.race.jmx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.race.api.AdaptationLoop;
import org.race.api.CentralEffector;
import org.race.api.CentralMonitor;
import org.race.api.Engine;
import org.race.api.analysis.AnalysisResult;
import org.race.api.analysis.ApplicationBound;
import org.race.api.analysis.ComponentResponse;
import org.race.api.analysis.Interference;
import org.race.api.model.AdaptationDecision;
import org.race.api.model.Adjustment;
import org.race.api.model.Application;
import org.race.api.model.Component;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;
import org.race.api.model.EffectReport;
import org.race.api.model.Importance;
import org.race.api.model.Node;
import org.race.api.model.NodeState;
import org.race.api.model.Placement;
import org.race.api.model.Range;
import org.race.api.model.Resources;
import org.race.api.monitoring.ApplicationQos;
import org.race.api.monitoring.DelayStats;
import org.race.api.monitoring.NodeSample;
import org.race.api.monitoring.SystemSnapshot;

/** The MBeans in an MBeanServer of their own, read by attribute name as a JMX client reads them. */
class RaceMBeansTest {
    private final MBeanServer server = MBeanServerFactory.newMBeanServer();
    private final RegistryEngine engine = new RegistryEngine();
    private final RaceMBeans beans = new RaceMBeans(server);
    private volatile SystemSnapshot snapshot;

    // ------------------------------------------------------------------ in-test roles

    /** The engine's registry as plain lists the test changes. */
    static final class RegistryEngine implements Engine {
        volatile List<NodeState> nodes = List.of();
        volatile List<DeploymentPlan> plans = List.of();
        volatile Optional<AnalysisResult> bounds = Optional.empty();

        @Override
        public Optional<AnalysisResult> bounds() {
            return bounds;
        }

        public Optional<Domain> domain() {
            return Optional.of(new Domain("lab", nodes.stream().map(NodeState::node).toList(), 1));
        }

        public Domain loadDomain(Domain domain) {
            throw new UnsupportedOperationException();
        }

        public List<NodeState> nodes() {
            return nodes;
        }

        public DeploymentPlan deploy(org.race.api.model.Application application, String allocator) {
            throw new UnsupportedOperationException();
        }

        public void undeploy(String application) {
            throw new UnsupportedOperationException();
        }

        public DeploymentPlan move(String application, String component, String node) {
            throw new UnsupportedOperationException();
        }

        public void updated(DeploymentPlan plan) {
            throw new UnsupportedOperationException();
        }

        public List<DeploymentPlan> applications() {
            return plans;
        }

        public Optional<DeploymentPlan> application(String name) {
            return plans.stream().filter(p -> p.name().equals(name)).findFirst();
        }

        public List<String> allocators() {
            return List.of("firstfit", "static");
        }

        public String defaultAllocator() {
            return "firstfit";
        }

        public List<String> events() {
            List<String> e = new ArrayList<>();
            for (int i = 1; i <= 30; i++) e.add("event " + i);
            return e;
        }
    }

    static RaceMBeans.Config every(long ms) {
        return new RaceMBeans.Config() {
            public Class<? extends Annotation> annotationType() {
                return RaceMBeans.Config.class;
            }

            public long refreshMs() {
                return ms;
            }
        };
    }

    static NodeState node(String name, double cpu, double reservedCpu) {
        return new NodeState(new Node(name, new Resources(cpu, 1024, 100)), new Resources(reservedCpu, 64, 0), true);
    }

    static DeploymentPlan plan(String name, double periodMs, Range range, String... nodes) {
        List<Component> cs = new ArrayList<>();
        java.util.Map<String, String> nodeOf = new java.util.TreeMap<>();
        for (int i = 0; i < nodes.length; i++) {
            cs.add(new Component("c" + i, "c", new Resources(0.1, 16, 0), 10, null));
            nodeOf.put("c" + i, nodes[i]);
        }
        Application a = new Application(name, Importance.MEDIUM, "survey", periodMs, periodMs, range, cs, List.of());
        return new DeploymentPlan(a, new Placement("firstfit", nodeOf), Map.of());
    }

    @BeforeEach
    void setUp() {
        engine.nodes = List.of(node("sc1", 1, 0.25), node("sc2", 2, 0));
        engine.plans = List.of(plan("gnc", 100, null, "sc1", "sc1"), plan("science", 250, new Range(200, 500), "sc1", "sc2"));
        snapshot = new SystemSnapshot(5000, List.of(
                new NodeSample("sc1", 5000, 1000, Map.of("cpu", 0.4, "memory", 0.125, "bandwidth", 0.0), List.of(), List.of()),
                new NodeSample("sc2", 5000, 1000, Map.of("cpu", 0.05, "memory", 0.0625, "bandwidth", 0.01, "battery", 0.5), List.of(), List.of())),
                Map.of("gnc", new ApplicationQos("gnc", 10, 0, 10, 25.5, 27), "science", new ApplicationQos("science", 3, 1, 4, 180, 260)),
                List.of("sc2"), 2_000_000);
        beans.engine = engine;
        beans.monitor = new CentralMonitor() {
            public SystemSnapshot collect() {
                return snapshot;
            }

            public Optional<SystemSnapshot> latest() {
                return Optional.ofNullable(snapshot);
            }

            public DelayStats delays() {
                return DelayStats.of(List.of(1_000_000L, 3_000_000L, 2_000_000L));
            }
        };
        beans.effector = new CentralEffector() {
            public EffectReport apply(AdaptationDecision decision, List<DeploymentPlan> deployed) {
                throw new UnsupportedOperationException();
            }

            public DelayStats delays() {
                return DelayStats.of(List.of(4_000_000L));
            }
        };
        beans.loop = new AdaptationLoop() {
            public List<String> controllers() {
                return List.of("eucon", "fmuf");
            }

            public Optional<String> activeController() {
                return Optional.of("eucon");
            }

            public String chosenController() {
                return "";
            }

            public Optional<AdaptationDecision> lastDecision() {
                return Optional.of(new AdaptationDecision("eucon",
                        List.of(new Adjustment("science", null, Adjustment.Kind.PERIOD, 200, null)), "sc1 under its set point"));
            }

            public void choose(String controller) {
                throw new UnsupportedOperationException("the MBeans only read");
            }
        };
        beans.activate(every(3_600_000)); // the test refreshes by hand
        beans.refresh();
    }

    @AfterEach
    void tearDown() {
        beans.deactivate();
    }

    private Object get(String type, String name, String attribute) throws Exception {
        return server.getAttribute(RaceMBeans.name(type, name), attribute);
    }

    private List<String> registered(String type) throws Exception {
        return server.queryNames(new ObjectName("org.race:type=" + type + ",*"), null).stream()
                .map(n -> n.getKeyProperty("name")).sorted().toList();
    }

    @Test
    void nodesCarryCapacityReservationAndTheLatestSnapshotsUtilization() throws Exception {
        assertEquals(List.of("sc1", "sc2"), registered("Node"));
        assertEquals(0.4, (double) get("Node", "sc1", "CpuUtilization"));
        assertEquals(0.125, (double) get("Node", "sc1", "MemoryUtilization"));
        assertEquals(1.0, (double) get("Node", "sc1", "CpuCapacity"));
        assertEquals(0.25, (double) get("Node", "sc1", "ReservedCpu"));
        assertEquals(1000L, get("Node", "sc1", "WindowMs"));
        assertEquals(false, get("Node", "sc1", "Stale"));
        assertEquals(true, get("Node", "sc2", "Stale"));
        assertArrayEquals(new String[] { "gnc", "science" }, (String[]) get("Node", "sc1", "Applications"));
        assertArrayEquals(new String[] { "science" }, (String[]) get("Node", "sc2", "Applications"));
        TabularData all = (TabularData) get("Node", "sc2", "Utilization");
        assertEquals(0.5, all.get(new Object[] { "battery" }).get("value"), "a resource beyond the three");
    }

    @Test
    void applicationsCarryRateAndTheLastWindowsQos() throws Exception {
        assertEquals(List.of("gnc", "science"), registered("Application"));
        assertEquals(10.0, (double) get("Application", "gnc", "RateHz"), 1e-12);
        assertEquals(4.0, (double) get("Application", "science", "RateHz"), 1e-12);
        assertEquals(0.25, (double) get("Application", "science", "MissRatio"), 1e-12);
        assertEquals(3L, get("Application", "science", "MetDeadlines"));
        assertEquals(1L, get("Application", "science", "MissedDeadlines"));
        assertEquals(260.0, (double) get("Application", "science", "MaxLatencyMs"));
        assertEquals(200.0, (double) get("Application", "science", "MinPeriodMs"));
        assertTrue(Double.isNaN((double) get("Application", "gnc", "MaxPeriodMs")), "fixed period");
        assertArrayEquals(new String[] { "sc1", "sc2" }, (String[]) get("Application", "science", "Nodes"));
        assertEquals("medium", get("Application", "science", "Importance"));

        // a controller's period change shows at the next read
        engine.plans = List.of(engine.plans.get(0), engine.plans.get(1).withApplication(engine.plans.get(1).application().withPeriod(200)));
        assertEquals(5.0, (double) get("Application", "science", "RateHz"), 1e-12);
    }

    /** The analysis at the periods in force beside the measured latency; what race:status flags, on the Engine MBean. */
    @Test
    void applicationsCarryTheirWorstCaseBoundAndVerdict() throws Exception {
        assertTrue(Double.isNaN((double) get("Application", "gnc", "BoundMs")), "no analysis installed");
        assertEquals("not analysed", get("Application", "gnc", "Verdict"));
        assertEquals(0, ((CompositeData[]) get("Application", "gnc", "ComponentBounds")).length);
        assertEquals(0, ((String[]) get("Engine", null, "ApplicationsBeyondDeadline")).length);

        engine.bounds = Optional.of(new AnalysisResult(false, List.of(
                new ApplicationBound("gnc", 22.0, 100, true, List.of("c0", "c1"), "sc1", List.of(),
                        List.of(new ComponentResponse("c0", "sc1", 5, 11, 11.0), new ComponentResponse("c1", "sc1", 5, 11, 22.0))),
                new ApplicationBound("science", null, 250, false, List.of("c1"), "sc2", List.of(new Interference("x", "y", 3, 1.5)),
                        List.of(new ComponentResponse("c0", "sc1", 1, 11, 33.0), new ComponentResponse("c1", "sc2", 1, 11, null))))));
        assertEquals(22.0, (double) get("Application", "gnc", "BoundMs"));
        assertEquals(27.0, (double) get("Application", "gnc", "MaxLatencyMs"), "beside what was measured");
        assertEquals("schedulable", get("Application", "gnc", "Verdict"));
        assertEquals("", get("Application", "gnc", "BoundExplanation"));
        assertEquals(Double.POSITIVE_INFINITY, (double) get("Application", "science", "BoundMs"));
        assertEquals("beyond deadline", get("Application", "science", "Verdict"));
        assertTrue(((String) get("Application", "science", "BoundExplanation")).startsWith("science: worst-case unbounded"));
        CompositeData[] comps = (CompositeData[]) get("Application", "gnc", "ComponentBounds");
        assertEquals(2, comps.length);
        assertEquals("c1", comps[1].get("name"));
        assertEquals("sc1", comps[1].get("node"));
        assertEquals(5, comps[1].get("priority"));
        assertEquals(11.0, comps[1].get("wcetMs"));
        assertEquals(22.0, comps[1].get("responseMs"));
        assertEquals(Double.POSITIVE_INFINITY, ((CompositeData[]) get("Application", "science", "ComponentBounds"))[1].get("responseMs"));
        assertArrayEquals(new String[] { "science" }, (String[]) get("Engine", null, "ApplicationsBeyondDeadline"));
    }

    @Test
    void theEngineCarriesTheLoopsDelaysAndController() throws Exception {
        assertEquals("eucon", get("Engine", null, "ActiveController"));
        assertArrayEquals(new String[] { "eucon", "fmuf" }, (String[]) get("Engine", null, "Controllers"));
        assertEquals("eucon: 1 adjustments (sc1 under its set point)", get("Engine", null, "LastDecision"));
        assertEquals(3, get("Engine", null, "MonitoringDelaySamples"));
        assertEquals(2.0, (double) get("Engine", null, "MonitoringDelayMedianMs"), 1e-12);
        assertEquals(2.0, (double) get("Engine", null, "MonitoringDelayLastMs"), 1e-12);
        assertEquals(3.0, (double) get("Engine", null, "MonitoringDelayMaxMs"), 1e-12);
        assertEquals(4.0, (double) get("Engine", null, "ActuationDelayLastMs"), 1e-12);
        assertEquals(5000L, get("Engine", null, "SnapshotTimeMs"));
        assertArrayEquals(new String[] { "sc2" }, (String[]) get("Engine", null, "StaleNodes"));
        String[] events = (String[]) get("Engine", null, "Events");
        assertEquals(EngineFigures.EVENTS, events.length);
        assertEquals("event 30", events[events.length - 1]);
    }

    @Test
    void withoutMonitorControllerOrSnapshotTheFiguresSayNothingMeasured() throws Exception {
        beans.monitor = null;
        beans.loop = null;
        beans.effector = null;
        assertTrue(Double.isNaN((double) get("Node", "sc1", "CpuUtilization")));
        assertEquals(0.0, (double) get("Application", "science", "MissRatio"));
        assertEquals(0L, get("Application", "science", "MetDeadlines"));
        assertEquals("none", get("Engine", null, "ActiveController"));
        assertEquals(-1L, get("Engine", null, "SnapshotTimeMs"));
        assertEquals(0, get("Engine", null, "MonitoringDelaySamples"));
    }

    @Test
    void mbeansFollowDeploymentsAndDomainsAndLeaveOnDeactivation() throws Exception {
        engine.plans = List.of(engine.plans.get(1));
        engine.nodes = List.of(node("n1", 1, 0));
        beans.refresh();
        assertEquals(List.of("science"), registered("Application"));
        assertEquals(List.of("n1"), registered("Node"));
        assertTrue(Double.isNaN((double) get("Node", "n1", "CpuUtilization")), "n1 is not in the snapshot");

        beans.deactivate();
        assertTrue(server.queryNames(new ObjectName("org.race:*"), null).isEmpty());
        beans.refresh();
        assertTrue(server.queryNames(new ObjectName("org.race:*"), null).isEmpty(), "a refresh after deactivation registers nothing");
        beans.activate(every(3_600_000));
    }

    @Test
    void namesThatObjectNameCannotTakeAsTheyAreAreQuoted() throws Exception {
        assertEquals("org.race:name=sc1,type=Node", RaceMBeans.name("Node", "sc1").getCanonicalName());
        ObjectName odd = RaceMBeans.name("Application", "a,b=c");
        assertEquals("a,b=c", ObjectName.unquote(odd.getKeyProperty("name")));
        assertFalse(odd.isPattern());
    }
}
