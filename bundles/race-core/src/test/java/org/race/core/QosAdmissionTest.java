package org.race.core;

import org.race.api.model.Domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.race.core.RaceEngineTest.config;
import static org.race.core.RaceEngineTest.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.race.input_adapter.json.JsonInputAdapter;
import org.race.allocator.binpack.FirstFitAllocator;
import org.race.allocator.static_.StaticAllocator;
import org.race.api.Allocator;
import org.race.api.RoleProperties;
import org.race.api.model.DeploymentException;
import org.race.api.model.DeploymentPlan;
import org.race.core.RaceEngineTest.RecordingNodeManager;

/**
 * Contracted applications through the whole engine: negotiation, shrinking in phase 2 of a two-phase
 * admission, expansion on undeploy, rejection that changes nothing, an admission aborted by a node that
 * never answers phase 1, and a restored registry with a contract outside its region.
 * Figures as in NegotiatorTest: sc1 (cpu 1) is filled by lo1 (30 ms), lo2 (40 ms) and med (30 ms) at 10 Hz.
 */
class QosAdmissionTest {
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
    private final Map<String, RecordingNodeManager> managers = new LinkedHashMap<>();

    private Path write(String name, String json) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, json.replace('\'', '"'));
        return f;
    }

    private void start(long timeoutMs, long leaseMs, String stateFile) throws Exception {
        engine = new RaceEngine();
        engine.bindAdapter(new JsonInputAdapter());
        engine.allocatorServices = List.of(service(RoleProperties.NAME, "firstfit", (Allocator) new FirstFitAllocator()),
                service(RoleProperties.NAME, "static", (Allocator) new StaticAllocator()));
        engine.configuratorServices = List.of();
        engine.calls = new BoundedNodeCalls();
        for (String n : List.of("sc1", "sc2")) {
            RecordingNodeManager m = new RecordingNodeManager(n);
            managers.put(n, m);
            engine.bindNodeManager(m, Map.of(RoleProperties.NODE, n));
        }
        engine.activate(config("", "firstfit", "", stateFile, timeoutMs, leaseMs));
        loadDomain(write("domain.json", """
                {'name': 'lab', 'nodes': [{'name': 'sc1', 'cpu': 1, 'memory': 512, 'bandwidth': 10},
                                         {'name': 'sc2', 'cpu': 1, 'memory': 512, 'bandwidth': 10}]}"""));
    }

    @BeforeEach
    void setUp() throws Exception {
        start(2000, 5000, "");
    }

    /** A contracted application of one component pinned to {@code node}, region [min, max] ms. */
    private Path contracted(String name, String importance, double minMs, double maxMs, double execMs, String node) throws IOException {
        return write(name + ".json", "{'name': '" + name + "', 'importance': '" + importance + "'"
                + ", 'region': {'period': {'min': " + minMs + ", 'max': " + maxMs + "}}, 'components': [{'name': 'c', 'executionTime': "
                + execMs + ", 'node': '" + node + "'}]}");
    }

    private void fillSc1() throws Exception {
        deploy(contracted("lo1", "low", 100, 400, 30, "sc1"), null);
        deploy(contracted("lo2", "low", 100, 400, 40, "sc1"), null);
        deploy(contracted("med", "medium", 100, 200, 30, "sc1"), null);
    }

    private Map<String, Double> periods() {
        Map<String, Double> out = new TreeMap<>();
        engine.applications().forEach(p -> out.put(p.name(), p.application().periodMs()));
        return out;
    }

    private double reservedCpu(String node) {
        return engine.nodes().stream().filter(n -> n.name().equals(node)).findFirst().orElseThrow().reserved().cpu();
    }

    @Test
    void admittedAtTheBestPointThatFits() throws Exception {
        fillSc1();
        assertEquals(Map.of("lo1", 100.0, "lo2", 100.0, "med", 100.0), periods(), "each at its maximum while it fits");
        // sc2 is empty: 250 ms per job at most 4 Hz, so 250 ms (its region allows 100..1000)
        DeploymentPlan p = deploy(contracted("big", "low", 100, 1000, 250, "sc2"), null);
        assertEquals(250, p.application().periodMs(), EPS);
        assertEquals(1.0, reservedCpu("sc2"), EPS, "reservation = execution time x rate");
        assertTrue(engine.events().contains("admitted big (low) at 4 Hz (period 250 ms) in its region 1..10 Hz"), engine.events().toString());
    }

    @Test
    void shrinksInPhaseTwoThenExpandsWhenTheNewcomerLeaves() throws Exception {
        fillSc1();
        RecordingNodeManager sc1 = managers.get("sc1");
        int updatesBefore = sc1.updates.size();
        DeploymentPlan hi = deploy(contracted("hi", "high", 100, 150, 60, "sc1"), null);
        assertEquals(150, hi.application().periodMs(), EPS, "admitted at its minimum");
        assertEquals(Map.of("hi", 150.0, "lo1", 400.0, "lo2", 177.778, "med", 100.0), periods());
        assertTrue(reservedCpu("sc1") <= 1.0 + EPS, "sc1 reserves " + reservedCpu("sc1"));
        // phase 1 reserved hi's 0.4 on sc1 counting the shrinks, phase 2 updated the shrunk ones, then committed
        var reservation = sc1.reserved.get(sc1.reserved.size() - 1);
        assertEquals("hi", reservation.application());
        assertEquals(0.4, reservation.demand().cpu(), EPS);
        assertEquals(Map.of("lo1", 400.0, "lo2", 177.778), reservation.shrinks());
        assertEquals(List.of("lo1", "lo2"), sc1.updates.subList(updatesBefore, sc1.updates.size()).stream().map(DeploymentPlan::name).toList());
        assertEquals("hi", sc1.deploys.get(sc1.deploys.size() - 1).name());
        assertTrue(engine.events().contains("shrank lo1 (low) 10 -> 2.5 Hz (period 100 -> 400 ms, rate -75.0 %) to admit hi (high)"), engine.events().toString());
        assertTrue(engine.events().stream().anyMatch(e -> e.startsWith("shrank lo2 (low) 10 -> 5.625 Hz (period 100 -> 177.778 ms")), engine.events().toString());

        engine.undeploy("hi");
        assertEquals(Map.of("lo1", 100.0, "lo2", 100.0, "med", 100.0), periods(), "back at their maxima");
        assertTrue(engine.events().contains("expanded lo1 (low) 2.5 -> 10 Hz (period 400 -> 100 ms, rate +300.0 %) after hi left"), engine.events().toString());
        assertEquals(100, sc1.updates.get(sc1.updates.size() - 1).application().periodMs(), EPS, "the nodes run the expanded period");
    }

    @Test
    void aRejectionChangesNothing() throws Exception {
        fillSc1();
        int calls = managers.values().stream().mapToInt(RecordingNodeManager::calls).sum();
        Map<String, Double> before = periods();
        DeploymentException e = assertThrows(DeploymentException.class, () -> deploy(contracted("hi", "high", 100, 100, 90, "sc1"), null));
        assertTrue(e.getMessage().contains("missing 0.225 cpu on sc1 (needs 0.9, 0.675 free); nothing changed"), e.getMessage());
        assertEquals(before, periods());
        assertEquals(calls, managers.values().stream().mapToInt(RecordingNodeManager::calls).sum(), "no node was asked anything");
        assertTrue(managers.get("sc1").reserved.stream().noneMatch(r -> r.application().equals("hi")), "not even phase 1");
        assertTrue(engine.events().get(engine.events().size() - 1).startsWith("rejected hi (high) does not fit even at its minimum rate 10 Hz"));
    }

    @Test
    void aNodeThatNeverAnswersPhaseOneAbortsTheAdmission() throws Exception {
        start(300, 1000, "");
        CountDownLatch never = new CountDownLatch(1);
        managers.get("sc2").blockReserve = never;
        Path both = write("both.json", """
                {'name': 'both', 'region': {'period': {'min': 100, 'max': 400}},
                 'components': [{'name': 'a', 'executionTime': 10, 'node': 'sc1'}, {'name': 'b', 'executionTime': 10, 'node': 'sc2'}]}""");
        long t0 = System.nanoTime();
        DeploymentException e = assertThrows(DeploymentException.class, () -> deploy(both, null));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        never.countDown();
        assertTrue(e.getMessage().contains("node sc2 did not answer phase 1 within 300 ms; aborted"), e.getMessage());
        assertTrue(ms < 2000, "aborted after the bound, not when the node answers: " + ms + " ms");
        String id = managers.get("sc1").reserved.get(0).id();
        long deadline = System.currentTimeMillis() + 2000;
        while (!managers.get("sc1").released.contains(id) && System.currentTimeMillis() < deadline) Thread.sleep(5);
        assertTrue(managers.get("sc1").released.contains(id), "sc1's reservation released");
        assertTrue(engine.applications().isEmpty());
        assertTrue(managers.get("sc1").deploys.isEmpty() && managers.get("sc2").deploys.isEmpty(), "nothing started");
    }

    @Test
    void aRestoredContractOutsideItsRegionIsRejectedWithFileAndPath() throws Exception {
        Path state = dir.resolve("registry.json");
        start(2000, 5000, state.toString());
        fillSc1();
        engine.deactivate();
        // the state file names med's operational point; move it outside its region [100, 200]
        Files.writeString(state, Files.readString(state).replaceFirst("(\"name\": \"med\",[^}]*?\"periodMs\": )100\\.0", "$150.0"));
        assertTrue(Files.readString(state).contains("\"periodMs\": 50.0"));
        var e = assertThrows(org.race.api.model.DescriptorException.class,
                () -> RegistryFile.checkContracts(state.toString(), com.google.gson.JsonParser.parseString(Files.readString(state))));
        assertEquals(state + ": $[2].application.periodMs: operational point 50 ms lies outside the region's period [100, 200] ms", e.getMessage());
        start(2000, 5000, state.toString());
        assertTrue(engine.applications().isEmpty(), "nothing restored from a rejected registry");
        assertFalse(Files.exists(state), "set aside");
        assertTrue(Files.exists(dir.resolve("registry.json.unreadable")));
    }
}
