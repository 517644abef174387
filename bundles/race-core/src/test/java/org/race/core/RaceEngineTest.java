package org.race.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeEach;
import org.osgi.framework.ServiceReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.race.input_adapter.json.JsonInputAdapter;
import org.race.allocator.binpack.FirstFitAllocator;
import org.race.allocator.static_.StaticAllocator;
import org.race.api.Allocator;
import org.race.api.CentralMonitor;
import org.race.api.Configurator;
import org.race.api.DomainListener;
import org.race.api.LegacyComponent;
import org.race.api.NodeManager;
import org.race.api.RoleProperties;
import org.race.api.model.ComponentSettings;
import org.race.api.model.DeploymentException;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.DescriptorException;
import org.race.api.monitoring.ComponentSample;
import org.race.api.monitoring.NodeSample;
import org.race.api.monitoring.SystemSnapshot;
import org.race.api.model.Domain;
import org.race.api.model.NodeState;
import org.race.api.model.Placement;
import org.race.api.model.PlanSet;
import org.race.api.model.Reservation;
import org.race.api.model.ReservationReply;
import org.race.api.model.Resources;
import org.race.api.repository.ComponentBundle;
import org.race.api.repository.ComponentRepository;
import org.race.monitor.calibration.MeasuredCostModel;

/** The deploy pipeline with the real JSON adapter and allocators, and NodeManagers that record what they are asked. */
class RaceEngineTest {
    /** The domain's default best-effort share (0.1) of every node's 10 Mbit/s link, reserved before any application. */
    private static final Resources BEST_EFFORT = new Resources(0, 0, 1);

    private static final double EPS = 1e-9;

    @TempDir
    Path dir;

    private RaceEngine engine;
    private final InputAdapters reader = new InputAdapters();

    {
        reader.bindAdapter(new JsonInputAdapter());
    }

    /** What race:deploy does: the descriptor read, then the model deployed. */
    private DeploymentPlan deploy(Path descriptor, String allocator) throws DeploymentException {
        return engine.deploy(reader.readApplication(descriptor, engine.domain().orElse(null)), allocator);
    }

    private Domain loadDomain(Path descriptor) throws DeploymentException {
        return engine.loadDomain(reader.readDomain(descriptor));
    }
    private final BoundedNodeCalls calls = new BoundedNodeCalls();
    private final Map<String, RecordingNodeManager> managers = new LinkedHashMap<>();
    private final List<Domain> domainsSeen = new ArrayList<>();
    private Path domainFile;

    // ------------------------------------------------------------------ in-test roles

    /** A NodeManager that records every call and can be told to refuse deployments. */
    static final class RecordingNodeManager implements NodeManager {
        final String name;
        final List<DeploymentPlan> deploys = new ArrayList<>();
        final List<DeploymentPlan> updates = new ArrayList<>();
        final List<String> undeploys = new ArrayList<>();
        final TreeSet<String> running = new TreeSet<>();
        String refuseDeploy; // non-null: deploy throws with this reason
        String refuseUpdate; // non-null: update throws with this reason
        final List<Reservation> reserved = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<String> released = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile java.util.concurrent.CountDownLatch blockReserve; // non-null: reserve waits for it

        RecordingNodeManager(String name) {
            this.name = name;
        }

        @Override
        public String nodeName() {
            return name;
        }

        @Override
        public void deploy(DeploymentPlan plan) {
            deploys.add(plan);
            if (refuseDeploy != null) throw new IllegalStateException(refuseDeploy);
            running.add(plan.name());
        }

        @Override
        public void update(DeploymentPlan plan) {
            updates.add(plan);
            if (refuseUpdate != null) throw new IllegalStateException(refuseUpdate);
        }

        @Override
        public void undeploy(String application) {
            undeploys.add(application);
            running.remove(application);
        }

        @Override
        public List<String> applications() {
            return List.copyOf(running);
        }

        int calls() {
            return deploys.size() + updates.size() + undeploys.size();
        }

        /** Phase 1 grants unless told to block (a node that never answers); the node side is tested in race-node. */
        @Override
        public ReservationReply reserve(Reservation reservation) {
            reserved.add(reservation);
            if (blockReserve != null) {
                try {
                    blockReserve.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new ReservationReply(reservation.id(), name, true, null, Resources.ZERO);
        }

        @Override
        public void commit(String reservationId, DeploymentPlan plan) {
            deploy(plan);
        }

        @Override
        public void release(String reservationId) {
            released.add(reservationId);
        }

        @Override
        public List<Reservation> reservations() {
            return List.of();
        }
    }

    /**
     * sc1 in a node container (imported: calls to it are bounded) that can be frozen like a JVM
     * stopped with SIGSTOP: a call then hangs until the caller gives up, and is lost.
     */
    static final class FreezableNodeManager implements NodeManager {
        static final Map<String, Object> SERVICE = Map.of(RoleProperties.NODE, "sc1", BoundedNodeCalls.IMPORTED, "true");
        final RecordingNodeManager node;
        volatile boolean frozen;

        FreezableNodeManager(RecordingNodeManager node) {
            this.node = node;
        }

        private void hang() {
            while (frozen) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    throw new IllegalStateException("abandoned");
                }
            }
        }

        @Override
        public String nodeName() {
            hang();
            return node.nodeName();
        }

        @Override
        public void deploy(DeploymentPlan plan) {
            hang();
            node.deploy(plan);
        }

        @Override
        public void update(DeploymentPlan plan) {
            hang();
            node.update(plan);
        }

        @Override
        public void undeploy(String application) {
            hang();
            node.undeploy(application);
        }

        @Override
        public List<String> applications() {
            hang();
            return node.applications();
        }

        @Override
        public ReservationReply reserve(Reservation reservation) {
            hang();
            return node.reserve(reservation);
        }

        @Override
        public void commit(String reservationId, DeploymentPlan plan) {
            hang();
            node.commit(reservationId, plan);
        }

        @Override
        public void release(String reservationId) {
            hang();
            node.release(reservationId);
        }

        @Override
        public List<Reservation> reservations() {
            hang();
            return node.reservations();
        }
    }

    /** Sets one priority on every component of the candidate (and, if asked, of the deployed plans). */
    static final class PriorityConfigurator implements Configurator {
        final int priority;
        final boolean alsoDeployed;

        PriorityConfigurator(int priority, boolean alsoDeployed) {
            this.priority = priority;
            this.alsoDeployed = alsoDeployed;
        }

        static DeploymentPlan prioritise(DeploymentPlan p, int priority) {
            for (String c : p.settings().keySet()) p = p.withSettings(c, p.settingsOf(c).withPriority(priority));
            return p;
        }

        @Override
        public PlanSet configure(PlanSet plans) {
            List<DeploymentPlan> deployed = alsoDeployed
                    ? plans.deployed().stream().map(p -> prioritise(p, priority)).toList()
                    : plans.deployed();
            return new PlanSet(prioritise(plans.candidate(), priority), deployed);
        }
    }

    /** Tries to move every component of the candidate to sc3. */
    static final class MovingConfigurator implements Configurator {
        @Override
        public PlanSet configure(PlanSet plans) {
            DeploymentPlan c = plans.candidate();
            Map<String, String> nodeOf = new LinkedHashMap<>();
            c.placement().nodeOf().keySet().forEach(k -> nodeOf.put(k, "sc3"));
            return new PlanSet(new DeploymentPlan(c.application(), new Placement(c.placement().allocator(), nodeOf), c.settings()),
                    plans.deployed());
        }
    }

    static EngineSettings.Config config(String domain, String allocator) {
        return config(domain, allocator, "");
    }

    static EngineSettings.Config config(String domain, String allocator, String configurators) {
        return config(domain, allocator, configurators, "");
    }

    static EngineSettings.Config config(String domain, String allocator, String configurators, String stateFile) {
        return config(domain, allocator, configurators, stateFile, 2000, 5000);
    }

    static EngineSettings.Config config(String domain, String allocator, String configurators, String stateFile, long timeoutMs, long leaseMs) {
        return config(domain, allocator, configurators, stateFile, timeoutMs, leaseMs, "analysis");
    }

    static EngineSettings.Config config(String domain, String allocator, String configurators, String stateFile, long timeoutMs, long leaseMs,
            String admission) {
        return new EngineSettings.Config() {
            @Override
            public String admission() {
                return admission;
            }

            @Override
            public String executionTimes() {
                return "declared";
            }

            @Override
            public String stateFile() {
                return stateFile;
            }

            @Override
            public long admissionTimeoutMs() {
                return timeoutMs;
            }

            @Override
            public long reservationLeaseMs() {
                return leaseMs;
            }

            @Override
            public String configurators() {
                return configurators;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return EngineSettings.Config.class;
            }

            @Override
            public String domain() {
                return domain;
            }

            @Override
            public String allocator() {
                return allocator;
            }
        };
    }

    /** A reference to a node's NodeManager as DS hands it to unbind: only the node property matters. */
    static ServiceReference<NodeManager> ref(String node) {
        return new ServiceReference<>() {
            public Object getProperty(String key) {
                return RoleProperties.NODE.equals(key) ? node : null;
            }

            public String[] getPropertyKeys() {
                return new String[] { RoleProperties.NODE };
            }

            public org.osgi.framework.Bundle getBundle() {
                return null;
            }

            public org.osgi.framework.Bundle[] getUsingBundles() {
                return null;
            }

            public boolean isAssignableTo(org.osgi.framework.Bundle bundle, String className) {
                return true;
            }

            public int compareTo(Object reference) {
                return 0;
            }

            public java.util.Dictionary<String, Object> getProperties() {
                return new java.util.Hashtable<>(Map.of(RoleProperties.NODE, node));
            }

            public <A> A adapt(Class<A> type) {
                return null;
            }
        };
    }

    static <T> Map.Entry<Map<String, Object>, T> service(String key, String value, T service) {
        return Map.entry(Map.of(key, value), service);
    }

    // ------------------------------------------------------------------ fixture

    private Path write(String name, String json) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, json.replace('\'', '"'));
        return f;
    }

    @BeforeEach
    void setUp() throws Exception {
        engine = new RaceEngine();
        engine.calls = calls;
        engine.bindAdapter(new JsonInputAdapter());
        engine.allocatorServices = List.of(
                service(RoleProperties.NAME, "firstfit", (Allocator) new FirstFitAllocator()),
                service(RoleProperties.NAME, "static", (Allocator) new StaticAllocator()));
        engine.configuratorServices = List.of();
        for (String n : List.of("sc1", "sc2", "sc3")) {
            RecordingNodeManager m = new RecordingNodeManager(n);
            managers.put(n, m);
            engine.bindNodeManager(m, Map.of(RoleProperties.NODE, n));
        }
        engine.activate(config("", "firstfit"));
        engine.bindDomainListener(domainsSeen::add);
        domainFile = write("domain.json", """
                {'name': 'lab', 'linkLatency': 5, 'nodes': [
                  {'name': 'sc1', 'cpu': 1, 'memory': 512, 'bandwidth': 10},
                  {'name': 'sc2', 'cpu': 1, 'memory': 512, 'bandwidth': 10},
                  {'name': 'sc3', 'cpu': 1, 'memory': 512, 'bandwidth': 10}]}""");
        loadDomain(domainFile);
    }

    /** A component naming a type that is not installed is refused before anything is placed, with the installed types listed. */
    @Test
    void aTypeThatIsNotInstalledIsRefusedWithTheInstalledOnes() throws Exception {
        Path typed = write("typed.json", """
                {'name': 'typed', 'period': 100, 'deadline': 100,
                 'components': [{'name': 'src', 'type': 'echo', 'executionTime': 1}, {'name': 'm', 'executionTime': 1}],
                 'connections': [{'from': 'src', 'to': 'm'}]}""");
        DeploymentException none = assertThrows(DeploymentException.class, () -> deploy(typed, null));
        assertEquals("types", none.step());
        assertTrue(none.getMessage().contains("component 'src' of typed names type 'echo', which is not installed (installed: none;"), none.getMessage());
        engine.bindComponentType(Map.of(org.race.api.component.ComponentType.TYPE, "plasma-filter", "service.id", 7L));
        engine.bindComponentType(Map.of(org.race.api.component.ComponentType.TYPE, "archive", "service.id", 8L));
        DeploymentException other = assertThrows(DeploymentException.class, () -> deploy(typed, null));
        assertTrue(other.getMessage().contains("(installed: archive, plasma-filter;"), other.getMessage());
        assertTrue(engine.applications().isEmpty());
        managers.values().forEach(m -> assertTrue(m.deploys.isEmpty() && m.reserved.isEmpty(), "nothing reached a node"));

        engine.bindComponentType(Map.of(org.race.api.component.ComponentType.TYPE, "echo", "service.id", 9L));
        assertEquals("echo", deploy(typed, null).application().components().get(0).type());
    }

    /**
     * Node containers get the bundles of the types their part of a plan runs, in the version this container
     * serves, before phase 1; a type that cannot be served, or an installer that refuses, refuses the
     * deployment with the reason before anything is reserved or started. Local nodes (no installer) are
     * left alone.
     */
    @Test
    void nodeContainersGetTheBundlesOfTheirTypesBeforeAnythingIsReserved() throws Exception {
        engine.bindComponentType(Map.of(org.race.api.component.ComponentType.TYPE, "echo", "service.id", 1L));
        engine.bindComponentType(Map.of(org.race.api.component.ComponentType.TYPE, "filter", "service.id", 2L));
        String sha = "ab".repeat(32);
        ComponentBundle echo = new ComponentBundle("echo", "race-example-echo-component", "0.1.0.202612072350", sha, 4321);
        engine.repository = new ComponentRepository() {
            @Override
            public ComponentBundle bundleOf(String type) {
                if (type.equals("echo")) return echo;
                throw new IllegalStateException("bundle filters 1.0.0 was installed from mvn:org.example/filters/1.0.0, not from a file the central can serve");
            }

            @Override
            public byte[] read(String sha256, long offset, int length) {
                throw new UnsupportedOperationException("the node containers read, not the engine");
            }
        };
        Map<String, List<List<ComponentBundle>>> installs = new java.util.TreeMap<>();
        Map<String, String> refuse = new java.util.HashMap<>();
        for (String n : List.of("sc1", "sc2")) {
            engine.bindInstaller(bundles -> {
                assertTrue(managers.get(n).reserved.isEmpty(), "installed before phase 1");
                installs.computeIfAbsent(n, k -> new ArrayList<>()).add(bundles);
                if (refuse.containsKey(n)) throw new IllegalStateException(refuse.get(n));
                return n.equals("sc1") ? bundles : List.of(); // sc2 has it already
            }, Map.of(RoleProperties.NODE, n));
        }
        deploy(write("typed.json", """
                {'name': 'typed', 'period': 100, 'deadline': 100,
                 'components': [{'name': 'src', 'type': 'echo', 'executionTime': 1, 'node': 'sc1'},
                                {'name': 'mid', 'type': 'echo', 'executionTime': 1, 'node': 'sc2'},
                                {'name': 'sink', 'type': 'echo', 'executionTime': 1, 'node': 'sc3'}],
                 'connections': [{'from': 'src', 'to': 'mid'}, {'from': 'mid', 'to': 'sink'}]}"""), null);
        assertEquals(Map.of("sc1", List.of(List.of(echo)), "sc2", List.of(List.of(echo))), installs, "sc3 has no installer: it shares this container's bundles");
        assertEquals(List.of("sc1 installed type 'echo' (bundle race-example-echo-component 0.1.0.202612072350) from this container (4321 bytes, SHA-256 "
                + sha + ")"), engine.events().stream().filter(e -> e.contains(" installed ")).toList(), "what a node fetched is an event; what it had is not");

        managers.values().forEach(m -> m.reserved.clear());
        DeploymentException unserved = assertThrows(DeploymentException.class, () -> deploy(write("filtered.json", """
                {'name': 'filtered', 'period': 100, 'deadline': 100,
                 'components': [{'name': 'f', 'type': 'filter', 'executionTime': 1, 'node': 'sc2'}]}"""), null));
        assertEquals("node sc2: component bundles for filtered: type 'filter' cannot be served: bundle filters 1.0.0 was installed from "
                + "mvn:org.example/filters/1.0.0, not from a file the central can serve", unserved.getMessage());

        refuse.put("sc2", "type 'echo' (bundle race-example-echo-component 0.1.0.202612072350): SHA-256 mismatch: the bytes received hash to "
                + "cd".repeat(32) + ", " + sha + " announced");
        DeploymentException mismatch = assertThrows(DeploymentException.class, () -> deploy(write("again.json", """
                {'name': 'again', 'period': 100, 'deadline': 100,
                 'components': [{'name': 'e', 'type': 'echo', 'executionTime': 1, 'node': 'sc2'}]}"""), null));
        assertEquals("node sc2: component bundles for again not installed: " + refuse.get("sc2"), mismatch.getMessage());
        assertEquals(List.of("typed"), engine.applications().stream().map(DeploymentPlan::name).toList());
        managers.values().forEach(m -> assertTrue(m.reserved.isEmpty(), "nothing reserved for a refused deployment"));
        assertEquals(1, managers.get("sc2").deploys.size(), "only typed's part started on sc2");
    }

    /**
     * The type of a deployed application uninstalled: once the grace has passed without it coming back,
     * the application is stopped on its nodes with an event; a type back within the grace (a bundle
     * update) stops nothing.
     */
    @Test
    void anApplicationWhoseTypeIsUninstalledIsStoppedWithAnEventUnlessTheTypeComesBack() throws Exception {
        engine.typeGrace(200);
        Map<String, Object> echo = Map.of(org.race.api.component.ComponentType.TYPE, "echo", "service.id", 1L),
                newer = Map.of(org.race.api.component.ComponentType.TYPE, "echo", "service.id", 2L);
        engine.bindComponentType(echo);
        deploy(write("typed.json", """
                {'name': 'typed', 'period': 100, 'deadline': 100,
                 'components': [{'name': 'src', 'type': 'echo', 'executionTime': 1}, {'name': 'm', 'executionTime': 1}],
                 'connections': [{'from': 'src', 'to': 'm'}]}"""), null);
        deploy(pipeline(), null);

        engine.unbindComponentType(echo); // an update: the new version registers within the grace
        engine.bindComponentType(newer);
        Thread.sleep(600);
        assertEquals(2, engine.applications().size());

        engine.unbindComponentType(newer);
        String stopped = "stopped typed: its component type 'echo' was uninstalled (components src); deploy it again once the type is back (race:types)";
        // the event follows the undeployment: wait for both, not only for the application to be gone
        long deadline = System.currentTimeMillis() + 5000;
        while ((engine.application("typed").isPresent() || !engine.events().contains(stopped)) && System.currentTimeMillis() < deadline) Thread.sleep(20);
        assertTrue(engine.application("typed").isEmpty(), "stopped after the grace");
        assertTrue(engine.application("pipeline").isPresent(), "an application without the type stays");
        assertTrue(managers.values().stream().anyMatch(m -> m.undeploys.contains("typed")), "stopped on its node");
        assertTrue(engine.events().contains(stopped), engine.events().toString());
    }

    /** a pinned to sc1, b free (first fit puts it on sc1), c pinned to sc2; b -> c crosses nodes with 2 Mbit/s. */
    private Path pipeline() throws IOException {
        return write("pipeline.json", """
                {'name': 'pipeline', 'period': 100, 'deadline': 100,
                 'components': [
                   {'name': 'a', 'cpu': 0.3, 'memory': 32, 'node': 'sc1'},
                   {'name': 'b', 'cpu': 0.3, 'memory': 32},
                   {'name': 'c', 'cpu': 0.2, 'memory': 16, 'node': 'sc2'}],
                 'connections': [{'from': 'a', 'to': 'b', 'bandwidth': 1}, {'from': 'b', 'to': 'c', 'bandwidth': 2}]}""");
    }

    /** One component pinned to each node. */
    private Path wide() throws IOException {
        return write("wide.json", """
                {'name': 'wide', 'period': 100, 'deadline': 100,
                 'components': [{'name': 'x', 'cpu': 0.1, 'node': 'sc1'}, {'name': 'y', 'cpu': 0.1, 'node': 'sc2'},
                                {'name': 'z', 'cpu': 0.1, 'node': 'sc3'}]}""");
    }

    private Path small(String name) throws IOException {
        return write(name + ".json", "{'name': '" + name + "', 'period': 100, 'deadline': 100, 'components': [{'name': 'k', 'cpu': 0.1}]}");
    }

    private int totalCalls() {
        return managers.values().stream().mapToInt(RecordingNodeManager::calls).sum();
    }

    private NodeState state(String node) {
        return engine.nodes().stream().filter(n -> n.name().equals(node)).findFirst().orElseThrow();
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' should mention '" + p + "'");
    }

    // ------------------------------------------------------------------ deploy

    @Test
    void deployPlacesAndDeploysOnceOnEachInvolvedNode() throws Exception {
        DeploymentPlan plan = deploy(pipeline(), null);

        assertEquals("pipeline", plan.name());
        assertEquals(new Placement("firstfit", Map.of("a", "sc1", "b", "sc1", "c", "sc2")), plan.placement());
        assertEquals(Map.of("a", ComponentSettings.NONE, "b", ComponentSettings.NONE, "c", ComponentSettings.NONE), plan.settings());
        assertEquals(List.of(plan), managers.get("sc1").deploys);
        assertEquals(List.of(plan), managers.get("sc2").deploys);
        assertEquals(0, managers.get("sc3").calls(), "sc3 hosts nothing of it");
        assertEquals(2, totalCalls());
        assertEquals(List.of(plan), engine.applications());
        assertSame(plan, engine.application("pipeline").orElseThrow());
    }

    @Test
    void fullyPinnedApplicationUsesTheStaticAllocator() throws Exception {
        DeploymentPlan plan = deploy(wide(), null);
        assertEquals("static", plan.placement().allocator());
        assertEquals(Map.of("x", "sc1", "y", "sc2", "z", "sc3"), plan.placement().nodeOf());
        managers.values().forEach(m -> assertEquals(List.of(plan), m.deploys, m.name));
    }

    @Test
    void namedAllocatorIsUsed() throws Exception {
        assertEquals("firstfit", deploy(wide(), "firstfit").placement().allocator());
        assertEquals(List.of("firstfit", "static"), engine.allocators());
        assertEquals("firstfit", engine.defaultAllocator());
    }

    @Test
    void badDescriptorFailsInTheAdapterStep() throws Exception {
        Path bad = write("bad.json", "{'name': 'bad', 'period': 100, 'deadline': 100, 'components': [{'name': 'a', 'cpu': -1}]}");
        DeploymentException e = assertThrows(DeploymentException.class, () -> deploy(bad, null));
        assertEquals("adapter", e.step());
        assertMentions(e, bad.toString(), "$.components[0].cpu");
        DescriptorException cause = (DescriptorException) e.getCause();
        assertEquals("$.components[0].cpu", cause.path());
        assertEquals(0, totalCalls(), "no NodeManager was called");
        assertEquals(List.of(), engine.applications());

        DeploymentException noAdapter = assertThrows(DeploymentException.class, () -> deploy(dir.resolve("app.yaml"), null));
        assertEquals("adapter", noAdapter.step());
        assertMentions(noAdapter, "no input adapter", "app.yaml");
    }

    @Test
    void allocatorFailureFailsInTheAllocatorStep() throws Exception {
        Path huge = write("huge.json", "{'name': 'huge', 'period': 100, 'deadline': 100, 'components': [{'name': 'a', 'cpu': 1.5}]}");
        DeploymentException e = assertThrows(DeploymentException.class, () -> deploy(huge, null));
        assertTrue(e.step().startsWith("allocator"), e.step());
        assertEquals("allocator firstfit", e.step());
        assertMentions(e, "'a'", "cpu short on sc1");

        DeploymentException unknown = assertThrows(DeploymentException.class, () -> deploy(pipeline(), "bestfit"));
        assertEquals("allocator", unknown.step());
        assertMentions(unknown, "'bestfit'", "not installed", "firstfit, static");

        DeploymentException staticUnpinned = assertThrows(DeploymentException.class, () -> deploy(pipeline(), "static"));
        assertEquals("allocator static", staticUnpinned.step());
        assertEquals(0, totalCalls());
        assertEquals(List.of(), engine.applications());
    }

    @Test
    void allocatorThatMisbehavesIsCaught() throws Exception {
        Allocator offDomain = (app, nodes) -> new Placement("rogue", Map.of("a", "sc9", "b", "sc1", "c", "sc2"));
        Allocator movesPins = (app, nodes) -> new Placement("rogue", Map.of("a", "sc3", "b", "sc1", "c", "sc2"));
        Allocator overfills = (app, nodes) -> new Placement("rogue", Map.of("a", "sc1", "b", "sc1", "c", "sc2"));
        Allocator crashes = (app, nodes) -> { throw new IllegalArgumentException("boom"); };
        engine.allocatorServices = List.of(service(RoleProperties.NAME, "offdomain", offDomain),
                service(RoleProperties.NAME, "movespins", movesPins), service(RoleProperties.NAME, "crashes", crashes),
                service(RoleProperties.NAME, "overfills", overfills));

        assertMentions(assertThrows(DeploymentException.class, () -> deploy(pipeline(), "offdomain")), "unknown node 'sc9'");
        assertMentions(assertThrows(DeploymentException.class, () -> deploy(pipeline(), "movespins")), "moved 'a' off its static node sc1");
        DeploymentException crash = assertThrows(DeploymentException.class, () -> deploy(pipeline(), "crashes"));
        assertEquals("allocator crashes", crash.step());
        assertMentions(crash, "boom");

        Path heavy = write("heavy.json", """
                {'name': 'pipeline', 'period': 100, 'deadline': 100,
                 'components': [{'name': 'a', 'cpu': 0.6, 'node': 'sc1'}, {'name': 'b', 'cpu': 0.6}, {'name': 'c', 'cpu': 0.2, 'node': 'sc2'}]}""");
        DeploymentException over = assertThrows(DeploymentException.class, () -> deploy(heavy, "overfills"));
        assertEquals("allocator overfills", over.step());
        assertMentions(over, "overflows node sc1 in cpu");
        assertEquals(0, totalCalls());
    }

    @Test
    void nodeFailureRollsBackTheNodesAlreadyDeployed() throws Exception {
        managers.get("sc2").refuseDeploy = "out of threads";
        DeploymentException e = assertThrows(DeploymentException.class, () -> deploy(wide(), null));
        assertEquals("node sc2", e.step());
        assertMentions(e, "out of threads");

        RecordingNodeManager sc1 = managers.get("sc1"), sc2 = managers.get("sc2"), sc3 = managers.get("sc3");
        assertEquals(1, sc1.deploys.size());
        assertEquals(List.of("wide"), sc1.undeploys, "sc1 had started it: rolled back");
        assertEquals(1, sc2.deploys.size());
        assertEquals(List.of(), sc2.undeploys, "sc2 never started it");
        assertEquals(0, sc3.calls(), "nodes after the failing one are never asked");
        assertEquals(List.of(), engine.applications());
        assertTrue(engine.application("wide").isEmpty());
        engine.nodes().forEach(n -> assertEquals(BEST_EFFORT, n.reserved(), n.name()));

        sc2.refuseDeploy = null; // the same deployment now goes through: nothing was left behind
        deploy(wide(), null);
        assertEquals(List.of("wide"), engine.applications().stream().map(DeploymentPlan::name).toList());
    }

    @Test
    void deployingTheSameNameTwiceIsRejected() throws Exception {
        deploy(pipeline(), null);
        int calls = totalCalls();
        DeploymentException e = assertThrows(DeploymentException.class, () -> deploy(pipeline(), null));
        assertEquals("registry", e.step());
        assertMentions(e, "'pipeline'", "already deployed");
        assertEquals(calls, totalCalls());
        assertEquals(1, engine.applications().size());
    }

    @Test
    void deployWithoutDomainIsRefused() throws Exception {
        RaceEngine fresh = new RaceEngine();
        fresh.bindAdapter(new JsonInputAdapter());
        DeploymentException e = assertThrows(DeploymentException.class, () -> fresh.deploy(reader.readApplication(pipeline(), engine.domain().orElseThrow()), null));
        assertEquals("domain", e.step());
        assertEquals(List.of(), fresh.nodes());
    }

    // ------------------------------------------------------------------ undeploy and the registry

    @Test
    void undeployStopsOnEveryNodeAndFreesResources() throws Exception {
        deploy(pipeline(), null);
        assertEquals(new Resources(0.6, 64, 2 + 1), state("sc1").reserved());
        assertEquals(new Resources(0.2, 16, 2 + 1), state("sc2").reserved());
        assertEquals(BEST_EFFORT, state("sc3").reserved());
        assertEquals(0.4, state("sc1").available().cpu(), EPS);

        engine.undeploy("pipeline");
        assertEquals(List.of("pipeline"), managers.get("sc1").undeploys);
        assertEquals(List.of("pipeline"), managers.get("sc2").undeploys);
        assertEquals(List.of(), managers.get("sc3").undeploys);
        engine.nodes().forEach(n -> assertEquals(BEST_EFFORT, n.reserved(), n.name()));
        assertEquals(List.of(), engine.applications());
    }

    @Test
    void reservationsAccumulateAndSteerTheAllocator() throws Exception {
        deploy(pipeline(), null);
        Path more = write("more.json", "{'name': 'more', 'period': 100, 'deadline': 100, 'components': [{'name': 'm', 'cpu': 0.5}]}");
        DeploymentPlan p = deploy(more, null);
        assertEquals("sc2", p.placement().nodeOf().get("m"), "sc1 has only 0.4 cpu left");
        assertEquals(new Resources(0.7, 16, 2 + 1), state("sc2").reserved());
    }

    @Test
    void declaredConnectionsNeverBookTheBestEffortShare() throws Exception {
        // 9.5 Mbit/s between two pinned components would fit a 10 Mbit/s link, not the 9 left beside best effort
        Path wideLink = write("wide-link.json", """
                {'name': 'wide-link', 'period': 100, 'deadline': 100,
                 'components': [{'name': 'a', 'cpu': 0.1, 'node': 'sc1'}, {'name': 'b', 'cpu': 0.1, 'node': 'sc2'}],
                 'connections': [{'from': 'a', 'to': 'b', 'bandwidth': 9.5}]}""");
        DeploymentException e = assertThrows(DeploymentException.class, () -> deploy(wideLink, null));
        assertMentions(e, "bandwidth", "9.5", "9");
        assertEquals(List.of(), engine.applications());
    }

    // ------------------------------------------------------------------ the cost model (Mehra et al.)

    /**
     * 5 ms of platform overhead per job typically (receive 4 ms + context switch 1 ms), 6 ms at p99, 2 ms release jitter: big
     * enough to matter at 100 ms.
     */
    private static final MeasuredCostModel SLOW_PLATFORM = new MeasuredCostModel(new MeasuredCostModel.Overheads(0, 4000, 1000, 0),
            new MeasuredCostModel.Overheads(0, 5000, 1000, 0), 2000, true, "test");

    private Path single(String name, double cpu, double executionMs) throws IOException {
        return write(name + ".json", "{'name': '" + name + "', 'period': 100, 'deadline': 100, 'components': [{'name': 'w', 'cpu': " + cpu
                + ", 'executionTime': " + executionMs + "}]}");
    }

    @Test
    void withACostModelTheChargedDemandIsPlacedAndReserved() throws Exception {
        deploy(single("first", 0.3, 30), null);
        Path tight = single("tight", 0.7, 70);
        engine.costModel = SLOW_PLATFORM;
        DeploymentPlan p = deploy(tight, null);
        assertEquals("sc2", p.placement().nodeOf().get("w"), "0.7 + 5 ms / 100 ms = 0.75 cpu no longer fits the 0.7 left on sc1");
        assertEquals(0.75, state("sc2").reserved().cpu(), EPS);
        assertEquals(0.35, state("sc1").reserved().cpu(), EPS, "what was deployed before is charged too");
        assertTrue(engine.events().stream().anyMatch(e -> e.contains("charged tight the platform's overheads: cpu 0.700 -> 0.750")), engine.events().toString());

        engine.undeploy("tight");
        engine.costModel = null;
        assertEquals("sc1", deploy(tight, null).placement().nodeOf().get("w"), "without the cost model it fits sc1 exactly");
    }

    @Test
    void withACostModelAnApplicationThatWouldMissItsDeadlineIsRejectedAndNothingStarts() throws Exception {
        engine.costModel = SLOW_PLATFORM;
        int calls = totalCalls();
        DeploymentException e = assertThrows(DeploymentException.class, () -> deploy(single("late", 0.9, 95), null));
        assertEquals("admission", e.step());
        assertMentions(e, "late cannot meet its deadline of 100 ms", "103.000", "execution 95.000", "per-job overheads at p99 6.000", "release jitter 2.000");
        assertEquals(calls, totalCalls());
        assertEquals(List.of(), engine.applications());
        engine.nodes().forEach(n -> assertEquals(BEST_EFFORT, n.reserved(), n.name()));
    }

    @Test
    void undeployUnknownApplicationIsAClearError() throws Exception {
        DeploymentException none = assertThrows(DeploymentException.class, () -> engine.undeploy("ghost"));
        assertEquals("registry", none.step());
        assertMentions(none, "no application 'ghost' is deployed");

        deploy(pipeline(), null);
        DeploymentException some = assertThrows(DeploymentException.class, () -> engine.undeploy("ghost"));
        assertMentions(some, "'ghost'", "deployed: pipeline");
        assertEquals(List.of(), managers.get("sc1").undeploys);
    }

    @Test
    void nodeWithoutNodeManagerIsDown() throws Exception {
        engine.unbindNodeManager(managers.get("sc2"), ref("sc2"));
        assertFalse(state("sc2").up());
        assertTrue(state("sc1").up());
        DeploymentPlan p = deploy(small("k1"), null);
        Path many = write("many.json", "{'name': 'many', 'period': 100, 'deadline': 100, 'components': "
                + "[{'name': 'a', 'cpu': 0.95}, {'name': 'b', 'cpu': 0.5}]}");
        assertEquals(Map.of("k", "sc1"), p.placement().nodeOf());
        assertEquals(Map.of("a", "sc3", "b", "sc1"), deploy(many, null).placement().nodeOf(), "sc2 is skipped");
        DeploymentException e = assertThrows(DeploymentException.class, () -> deploy(wide(), null));
        assertEquals("allocator static", e.step());
        assertMentions(e, "sc2", "not available");
    }

    // ------------------------------------------------------------------ the domain

    @Test
    void domainIsLoadedAndListenersAreTold() throws Exception {
        Domain d = engine.domain().orElseThrow();
        assertEquals("lab", d.name());
        assertEquals(List.of(d), domainsSeen);
        List<Domain> late = new ArrayList<>();
        engine.bindDomainListener(late::add);
        assertEquals(List.of(d), late, "a listener bound later learns the current domain at once");
        assertEquals(List.of("sc1", "sc2", "sc3"), engine.nodes().stream().map(NodeState::name).toList());
        assertTrue(engine.nodes().stream().allMatch(NodeState::up));
    }

    @Test
    void loadDomainIsRefusedWhileApplicationsAreDeployed() throws Exception {
        deploy(pipeline(), null);
        DeploymentException e = assertThrows(DeploymentException.class, () -> loadDomain(domainFile));
        assertEquals("domain", e.step());
        assertMentions(e, "pipeline", "undeploy");
        assertEquals(1, domainsSeen.size(), "listeners were not told");

        engine.undeploy("pipeline");
        loadDomain(domainFile);
        assertEquals(2, domainsSeen.size());
    }

    @Test
    void badDomainOrRefusingPlatformKeepsTheOldDomain() throws Exception {
        Domain before = engine.domain().orElseThrow();
        Path bad = write("bad-domain.json", "{'nodes': [{'name': 'n', 'cpu': 0, 'memory': 1, 'bandwidth': 1}]}");
        DeploymentException e = assertThrows(DeploymentException.class, () -> loadDomain(bad));
        assertEquals("adapter", e.step());
        assertMentions(e, "$.nodes[0].cpu");

        engine.bindDomainListener(d -> {
            if (!d.name().equals("lab")) throw new IllegalStateException("no room for " + d.name());
        });
        Path other = write("other.json", "{'nodes': [{'name': 'n', 'cpu': 1, 'memory': 1, 'bandwidth': 1}]}");
        DeploymentException refused = assertThrows(DeploymentException.class, () -> loadDomain(other));
        assertEquals("domain", refused.step());
        assertMentions(refused, "no room");
        assertSame(before, engine.domain().orElseThrow());
    }

    @Test
    void configuredDomainIsLoadedOnceAnAdapterArrives() throws Exception {
        RaceEngine fresh = new RaceEngine();
        fresh.activate(config(domainFile.toString(), "firstfit"));
        assertTrue(fresh.domain().isEmpty(), "no adapter yet");
        fresh.bindAdapter(new JsonInputAdapter());
        assertEquals("lab", fresh.domain().orElseThrow().name());
    }

    // ------------------------------------------------------------------ configurators

    @Test
    void configuratorThatChangesThePlacementIsRejected() throws Exception {
        engine.configuratorServices = List.of(service(RoleProperties.NAME, "mover", (Configurator) new MovingConfigurator()));
        DeploymentException e = assertThrows(DeploymentException.class, () -> deploy(pipeline(), null));
        assertEquals("configurator mover", e.step());
        assertMentions(e, "changed the placement");
        assertEquals(0, totalCalls());
        assertEquals(List.of(), engine.applications());
    }

    @Test
    void configuratorThatFailsIsReported() throws Exception {
        Configurator broken = plans -> { throw new IllegalStateException("no priorities left"); };
        engine.configuratorServices = List.of(Map.entry(Map.of(), broken));
        DeploymentException e = assertThrows(DeploymentException.class, () -> deploy(pipeline(), null));
        assertTrue(e.step().startsWith("configurator "), e.step());
        assertMentions(e, "no priorities left");
        assertEquals(0, totalCalls());
    }

    @Test
    void configuredPrioritiesAreInThePlan() throws Exception {
        engine.configuratorServices = List.of(service(RoleProperties.NAME, "prio", (Configurator) new PriorityConfigurator(42, false)));
        DeploymentPlan plan = deploy(pipeline(), null);
        for (String c : List.of("a", "b", "c")) assertEquals(42, plan.settingsOf(c).priority(), c);
        assertNull(plan.settingsOf("a").priorityClass());
        assertEquals(List.of(plan), managers.get("sc1").deploys, "the NodeManagers get the configured plan");
        assertEquals(plan, engine.application("pipeline").orElseThrow());
    }

    @Test
    void configuratorChainRunsHighestRankingFirst() throws Exception {
        // DS sorts by ascending ranking: "low" comes first in the list, "high" last, and the engine runs it backwards
        Configurator bump = plans -> {
            DeploymentPlan c = plans.candidate();
            return new PlanSet(PriorityConfigurator.prioritise(c, c.settingsOf("a").priority() + 1), plans.deployed());
        };
        engine.configuratorServices = List.of(service(RoleProperties.NAME, "low", bump),
                service(RoleProperties.NAME, "high", (Configurator) new PriorityConfigurator(10, false)));
        assertEquals(11, deploy(pipeline(), null).settingsOf("b").priority());
    }

    @Test
    void configuratorMayReconfigureDeployedApplications() throws Exception {
        DeploymentPlan first = deploy(pipeline(), null);
        engine.configuratorServices = List.of(service(RoleProperties.NAME, "rms", (Configurator) new PriorityConfigurator(7, true)));
        deploy(wide(), null);

        DeploymentPlan updated = engine.application("pipeline").orElseThrow();
        assertEquals(7, updated.settingsOf("a").priority());
        assertEquals(first.placement(), updated.placement());
        assertEquals(List.of(updated), managers.get("sc1").updates);
        assertEquals(List.of(updated), managers.get("sc2").updates);
        assertEquals(List.of(), managers.get("sc3").updates, "pipeline has nothing on sc3");

        // unchanged plans are not pushed again
        deploy(small("k1"), null);
        assertEquals(1, managers.get("sc1").updates.size());
    }

    /** A deployed application whose reconfiguration fails takes the whole new deployment back. */
    @Test
    void failedReconfigurationOfDeployedApplicationsRollsBackTheDeployment() throws Exception {
        DeploymentPlan first = deploy(pipeline(), null);
        engine.configuratorServices = List.of(service(RoleProperties.NAME, "rms", (Configurator) new PriorityConfigurator(7, true)));
        managers.get("sc2").refuseUpdate = "sc2 is busy";

        DeploymentException e = assertThrows(DeploymentException.class, () -> deploy(wide(), null));
        assertEquals("node sc2", e.step());
        assertMentions(e, "update of pipeline failed", "sc2 is busy");
        assertEquals(Optional.empty(), engine.application("wide"));
        assertEquals(first, engine.application("pipeline").orElseThrow(), "registry keeps the old settings");
        for (String n : List.of("sc1", "sc2", "sc3")) {
            assertFalse(managers.get(n).running.contains("wide"), "wide still runs on " + n);
        }
        // sc1 got the new settings, then the old ones back
        List<DeploymentPlan> sc1 = managers.get("sc1").updates;
        assertEquals(first, sc1.get(sc1.size() - 1));
        assertEquals(0.3 + 0.3, state("sc1").reserved().cpu(), EPS);
    }

    /** Allocation sees measured use: a node busier than its reservations say is avoided. */
    @Test
    void measuredUseReducesWhatAllocatorsSeeAsAvailable() throws Exception {
        deploy(small("k0"), null); // on sc1, reserves 0.1
        NodeSample busy = new NodeSample("sc1", 1000, 1000, Map.of("cpu", 0.95, "memory", 0.0, "bandwidth", 0.0),
                List.of(new ComponentSample("k0", "k", 0.95, 10, 1, 1),
                        new ComponentSample("gone", "x", 0.5, 10, 1, 1)), List.of());
        engine.monitor = measuring(busy);
        assertEquals(0.95, state("sc1").measured().cpu(), EPS, "only applications still deployed count");
        assertEquals(0.05, state("sc1").available().cpu(), EPS);
        DeploymentPlan plan = deploy(small("k1"), null);
        assertEquals("sc2", plan.placement().nodeOf().get("k"), "first fit skips the node measured busy");
        engine.undeploy("k0");
        assertEquals(0.0, state("sc1").measured().cpu(), EPS, "an undeployed application stops counting at once");
    }

    /** A CentralMonitor whose latest snapshot holds {@code nodes}. */
    static CentralMonitor measuring(NodeSample... nodes) {
        SystemSnapshot snapshot = new SystemSnapshot(1000, List.of(nodes), Map.of(), List.of(), 0);
        return new CentralMonitor() {
            @Override
            public SystemSnapshot collect() {
                return snapshot;
            }

            @Override
            public Optional<SystemSnapshot> latest() {
                return Optional.of(snapshot);
            }

            @Override
            public org.race.api.monitoring.DelayStats delays() {
                return org.race.api.monitoring.DelayStats.NONE;
            }
        };
    }

    private static LegacyComponent adopted(String name, double quota) {
        return new LegacyComponent() {
            public String name() {
                return name;
            }

            public double reservedCpu() {
                return quota;
            }

            public ComponentSample sample() {
                throw new UnsupportedOperationException("the engine reads the snapshot, not the process");
            }
        };
    }

    /**
     * An adopted process counts on its node while it is adopted: its quota as reserved cpu, its
     * measured cpu and memory as measured use, so first fit places around it; abandoned, it stops counting.
     */
    @Test
    void anAdoptedProcessCountsOnItsNodeWhileAdopted() throws Exception {
        engine.monitor = measuring(new NodeSample("sc1", 1000, 1000, Map.of("cpu", 0.1, "memory", 0.0, "bandwidth", 0.0),
                List.of(new ComponentSample(LegacyComponent.APPLICATION, "web", 0.95, 0, 0, 0, 40),
                        new ComponentSample(LegacyComponent.APPLICATION, "abandoned", 0.5, 0, 0, 0, 100)), List.of()),
                new NodeSample("sc2", 1000, 1000, Map.of(), List.of(new ComponentSample(LegacyComponent.APPLICATION, "db", 0.1, 0, 0, 0, 8)), List.of()));
        engine.legacyComponents = List.of(service(RoleProperties.NODE, "sc1", adopted("web", 0)), service(RoleProperties.NODE, "sc2", adopted("db", 0.5)));
        assertEquals(0.95, state("sc1").measured().cpu(), EPS, "web is measured; a component abandoned since the snapshot is not");
        assertEquals(40, state("sc1").measured().memory(), EPS, "its resident memory");
        assertEquals(0.0, state("sc1").reserved().cpu(), EPS, "no quota, nothing reserved");
        assertEquals(0.5, state("sc2").reserved().cpu(), EPS, "db's quota");
        assertEquals(0.5, state("sc2").available().cpu(), EPS, "capacity - max(quota 0.5, measured 0.1)");
        assertEquals("sc3", deploy(write("big.json", "{'name': 'big', 'period': 100, 'deadline': 100, 'components': [{'name': 'k', 'cpu': 0.6}]}"), null)
                .placement().nodeOf().get("k"), "placed around web (0.05 free) and db's quota (0.5 free)");
        engine.legacyComponents = List.of();
        assertEquals(0.0, state("sc1").measured().cpu(), EPS, "abandoned: stops counting at once");
        assertEquals(0.0, state("sc2").reserved().cpu(), EPS);
    }

    /** A configured chain runs exactly the named configurators in its order, whatever their ranking. */
    @Test
    void aConfiguredChainRunsByNameInItsOrder() throws Exception {
        engine.configuratorServices = List.of(
                service(RoleProperties.NAME, "five", (Configurator) new PriorityConfigurator(5, false)),
                service(RoleProperties.NAME, "nine", (Configurator) new PriorityConfigurator(9, false)));
        engine.modified(config("", "firstfit", "nine, five"));
        assertEquals(5, deploy(pipeline(), null).settingsOf("b").priority(), "five runs last");
        engine.undeploy("pipeline");
        engine.modified(config("", "firstfit", "five,missing"));
        DeploymentException e = assertThrows(DeploymentException.class, () -> deploy(pipeline(), null));
        assertEquals("configurator missing", e.step());
        assertMentions(e, "not installed", "five, nine");
        assertTrue(engine.applications().isEmpty());
    }

    /** A restarted engine restores its registry from the state file and reconciles with what the nodes run. */
    @Test
    void aRestartRestoresTheRegistryAndReconcilesWithTheNodes() throws Exception {
        Path state = dir.resolve("data/registry.json");
        engine.modified(config("", "firstfit", "", state.toString()));
        DeploymentPlan pipeline = deploy(pipeline(), null);
        deploy(wide(), null);
        assertTrue(Files.readString(state).contains("\"pipeline\""), "written on every change");

        // the central restarts; sc3 lost "wide" meanwhile, and sc1 runs a stray application
        managers.get("sc3").running.remove("wide");
        managers.get("sc1").running.add("stray");
        managers.values().forEach(m -> m.deploys.clear());
        engine.deactivate(); // the old central is gone: its lock on the state file with it
        RaceEngine restarted = new RaceEngine();
        restarted.calls = calls;
        restarted.bindAdapter(new JsonInputAdapter());
        restarted.allocatorServices = engine.allocatorServices;
        restarted.configuratorServices = List.of();
        managers.forEach((n, m) -> restarted.bindNodeManager(m, Map.of(RoleProperties.NODE, n)));
        restarted.activate(config(domainFile.toString(), "firstfit", "", state.toString()));

        assertEquals(pipeline, restarted.application("pipeline").orElseThrow());
        assertEquals(List.of("pipeline", "wide"), restarted.applications().stream().map(DeploymentPlan::name).sorted().toList());
        assertEquals(List.of(), managers.get("sc1").deploys, "still running on sc1: not deployed twice");
        assertEquals(List.of("wide"), managers.get("sc3").deploys.stream().map(DeploymentPlan::name).toList(), "the lost part is redeployed");
        assertTrue(managers.get("sc1").undeploys.contains("stray"), "what the registry does not know is stopped");
        assertEquals(0.3 + 0.3 + 0.1, restarted.nodes().stream().filter(n -> n.name().equals("sc1")).findFirst().orElseThrow().reserved().cpu(), EPS);
    }

    @Test
    void anUnreadableStateFileIsMovedAsideAndTheEngineStartsEmpty() throws Exception {
        Path state = dir.resolve("registry.json");
        Files.writeString(state, "{ not json");
        RaceEngine e = new RaceEngine();
        e.calls = calls;
        e.bindAdapter(new JsonInputAdapter());
        e.allocatorServices = engine.allocatorServices;
        e.configuratorServices = List.of();
        managers.forEach((n, m) -> e.bindNodeManager(m, Map.of(RoleProperties.NODE, n)));
        e.activate(config(domainFile.toString(), "firstfit", "", state.toString()));
        assertTrue(e.applications().isEmpty());
        assertTrue(Files.exists(dir.resolve("registry.json.unreadable")));
    }

    /** A node lost: its applications are placed again on the nodes left, most important first; what cannot be placed is shed. */
    @Test
    void aLostNodesApplicationsAreReallocatedByImportanceAndTheRestShed() throws Exception {
        deploy(write("fill1.json", "{'name': 'fill1', 'period': 100, 'deadline': 100, 'components': [{'name': 'f', 'cpu': 0.7, 'node': 'sc1'}]}"), null);
        deploy(write("fill3.json", "{'name': 'fill3', 'period': 100, 'deadline': 100, 'components': [{'name': 'f', 'cpu': 0.4, 'node': 'sc3'}]}"), null);
        // first fit: sc1 has 0.3 left, so 0.6 goes to sc2
        deploy(write("high.json", "{'name': 'high', 'importance': 'high', 'period': 100, 'deadline': 100, 'components': [{'name': 'h', 'cpu': 0.6}]}"), null);
        deploy(write("low.json", "{'name': 'low', 'importance': 'low', 'period': 100, 'deadline': 100, 'components': [{'name': 'l', 'cpu': 0.35, 'node': 'sc2'}]}"), null);
        deploy(write("pinned.json", "{'name': 'pinned', 'period': 100, 'deadline': 100, 'components': [{'name': 'p', 'cpu': 0.05, 'node': 'sc2'}]}"), null);
        assertEquals("sc2", engine.application("high").orElseThrow().placement().nodeOf().get("h"));

        engine.unbindNodeManager(managers.get("sc2"), ref("sc2"));
        // high moves first, to sc3 (0.6 left); low's pin to the lost node is released, but 0.35 fits nowhere
        // now (sc1 0.3, sc3 0): shed; pinned (medium, 0.05) goes to sc1
        assertEquals("sc3", engine.application("high").orElseThrow().placement().nodeOf().get("h"));
        assertTrue(managers.get("sc3").running.contains("high"));
        assertTrue(engine.application("low").isEmpty());
        assertEquals("sc1", engine.application("pinned").orElseThrow().placement().nodeOf().get("p"));
        List<String> ev = engine.events();
        assertTrue(ev.get(0).startsWith("node sc2 lost; re-allocating [high, pinned, low]"), ev.toString());
        assertTrue(ev.contains("high (high) re-allocated by firstfit: h sc2 -> sc3"), ev.toString());
        assertTrue(ev.contains("pinned (medium) re-allocated by firstfit: p sc2 -> sc1"), ev.toString());
        assertTrue(ev.stream().anyMatch(e -> e.startsWith("low (low) shed: allocator firstfit") && e.contains("cpu")), ev.toString());

        // sc3 dies too: sc1 has 0.25 left, not enough for high (0.6): shed as well; fill1 and pinned are untouched
        engine.unbindNodeManager(managers.get("sc3"), ref("sc3"));
        assertTrue(engine.application("high").isEmpty());
        assertTrue(engine.events().stream().anyMatch(e -> e.startsWith("high (high) shed: allocator firstfit: component 'h'")), engine.events().toString());
        assertEquals(List.of("fill1", "pinned"), engine.applications().stream().map(DeploymentPlan::name).toList());
    }
    /** sc1 remote and freezable, calls bounded to 500 ms, 2 timeouts in a row fail a node; the engine hears of failures. */
    private FreezableNodeManager remoteSc1() {
        calls.configure(BoundedNodeCallsTest.config(500, 2));
        calls.listeners = List.of(BoundedNodeCallsTest.served(engine));
        FreezableNodeManager sc1 = new FreezableNodeManager(managers.get("sc1"));
        engine.bindNodeManager(sc1, FreezableNodeManager.SERVICE);
        return sc1;
    }

    private void awaitEvent(String prefix) throws InterruptedException {
        assertTrue(BoundedNodeCallsTest.waitFor(() -> engine.events().stream().anyMatch(e -> e.startsWith(prefix))), engine.events().toString());
    }

    /**
     * sc1 stops answering during a deployment: the deploy times out (tried once), the rollback's undeploy
     * there times out too, and the node is failed: the application already on it is placed on sc2 as
     * for a lost node. When sc1 answers again, what it still runs is stopped first, and it is used
     * again only when a check finds nothing to stop: nothing runs twice.
     */
    @Test
    void aNodeThatStopsAnsweringIsTreatedAsFailedAndRejoinsOnceItRunsNothingPlacedElsewhere() throws Exception {
        FreezableNodeManager sc1 = remoteSc1();
        assertEquals("sc1", deploy(small("probe"), null).placement().nodeOf().get("k"));
        sc1.frozen = true;

        DeploymentException e = assertThrows(DeploymentException.class,
                () -> deploy(write("pinned.json", "{'name': 'pinned', 'period': 100, 'deadline': 100, 'components': [{'name': 'p', 'cpu': 0.1, 'node': 'sc1'}]}"), null));
        assertMentions(e, "node sc1 not answering: reserve pinned timed out after 500 ms"); // phase 1 of the admission
        awaitEvent("probe (medium) re-allocated by firstfit: k sc1 -> sc2"); // the engine hears of the failure on another thread
        assertTrue(engine.events().contains("node sc1 not answering: 2 calls timed out after 500 ms; treated as failed; re-allocating [probe]"),
                engine.events().toString());
        assertEquals("sc2", engine.application("probe").orElseThrow().placement().nodeOf().get("k"));
        assertTrue(managers.get("sc2").running.contains("probe"));
        assertFalse(state("sc1").up(), "failed: not offered to allocators");
        assertTrue(engine.application("pinned").isEmpty());

        // still frozen: a check gets no answer and changes nothing
        engine.checkNodes();
        assertFalse(state("sc1").up());
        assertEquals(List.of("probe"), managers.get("sc1").applications(), "sc1 never heard of the move");

        sc1.frozen = false;
        engine.checkNodes();
        assertTrue(engine.events().contains("node sc1 answers again; stopped [probe] there, placed elsewhere meanwhile"), engine.events().toString());
        assertEquals(List.of(), managers.get("sc1").applications());
        engine.checkNodes();
        awaitEvent("node sc1 answers again and runs nothing placed elsewhere: in use again");
        assertTrue(state("sc1").up());
        assertFalse(calls.failed("sc1"));
        assertEquals("sc1", deploy(small("next"), null).placement().nodeOf().get("k"), "in use again");
    }

    /** An undeploy that a frozen node does not answer still leaves the registry; the node stops the application when it rejoins. */
    @Test
    void anUndeployOnANodeThatDoesNotAnswerLeavesTheRegistryAndIsDoneOnRejoining() throws Exception {
        FreezableNodeManager sc1 = remoteSc1();
        deploy(small("probe"), null);
        sc1.frozen = true;
        engine.undeploy("probe");
        assertTrue(engine.applications().isEmpty());
        awaitEvent("node sc1 not answering: 2 calls timed out after 500 ms; treated as failed");
        sc1.frozen = false;
        engine.checkNodes();
        engine.checkNodes();
        assertEquals(List.of(), managers.get("sc1").applications(), "stopped on rejoining");
        assertTrue(state("sc1").up());
    }
    /**
     * A node lost (its services gone: ZooKeeper ended its session) comes back still running the
     * application that was moved meanwhile: it is told to stop it before it is used again.
     */
    @Test
    void aLostNodeThatComesBackIsCheckedBeforeItIsUsedAgain() throws Exception {
        deploy(small("probe"), null);
        engine.unbindNodeManager(managers.get("sc1"), ref("sc1"));
        assertEquals("sc2", engine.application("probe").orElseThrow().placement().nodeOf().get("k"));

        engine.bindNodeManager(managers.get("sc1"), Map.of(RoleProperties.NODE, "sc1"));
        assertFalse(state("sc1").up(), "not used before the check");
        engine.checkNodes();
        assertTrue(managers.get("sc1").undeploys.contains("probe"));
        engine.checkNodes();
        assertTrue(state("sc1").up());
        assertEquals(List.of("probe"), managers.get("sc2").applications());
        assertEquals(List.of(), managers.get("sc1").applications(), "probe runs once");
    }
}
