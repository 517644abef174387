package org.race.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.race.allocator.binpack.FirstFitAllocator;
import org.race.allocator.static_.StaticAllocator;
import org.race.analysis.ResponseTimeAnalysis;
import org.race.api.Allocator;
import org.race.api.Configurator;
import org.race.configurator.muf.MufConfigurator;
import org.race.api.RoleProperties;
import org.race.api.analysis.AnalysisResult;
import org.race.api.analysis.ApplicationBound;
import org.race.api.analysis.SchedulabilityView;
import org.race.api.model.AllocationException;
import org.race.api.model.Application;
import org.race.api.model.Component;
import org.race.api.model.Connection;
import org.race.api.model.DeploymentException;
import org.race.api.model.Domain;
import org.race.api.model.NodeState;
import org.race.api.model.Placement;
import org.race.api.model.Importance;
import org.race.api.model.Node;
import org.race.api.model.Resources;

/**
 * Issue 15's reproduction: admission by schedulability refuses what capacity admits and the platform's
 * fixed-priority scheduler then runs late; race:analyze's engine side says the same without deploying.
 */
class AnalysisAdmissionTest {
    private RaceEngine engine;

    @BeforeEach
    void setUp() throws Exception {
        engine = new RaceEngine();
        engine.calls = new BoundedNodeCalls();
        engine.allocatorServices = List.of(RaceEngineTest.service(RoleProperties.NAME, "firstfit", (Allocator) new FirstFitAllocator()),
                RaceEngineTest.service(RoleProperties.NAME, "static", (Allocator) new StaticAllocator()));
        engine.configuratorServices = List.of();
        engine.analysis = new ResponseTimeAnalysis(0); // the declared execution times as the worst case, as in the figures
        for (String n : List.of("q1", "q2")) engine.bindNodeManager(new RaceEngineTest.RecordingNodeManager(n), Map.of(RoleProperties.NODE, n));
        engine.activate(RaceEngineTest.config("", "firstfit"));
        engine.loadDomain(new Domain("two", List.of(node("q1"), node("q2")), 1));
    }

    private static Node node(String name) {
        return new Node(name, new Resources(1, 1024, 100));
    }

    /** One component of {@code execMs} every {@code periodMs}, deadline the period. */
    private static Application single(String name, String component, double execMs, double periodMs) {
        return new Application(name, Importance.MEDIUM, "normal", periodMs, periodMs, null,
                List.of(new Component(component, "t", new Resources(execMs / periodMs, 16, 0), execMs, null)), List.of());
    }

    @Test
    void capacityAdmitsBothMediumApplicationsOnOneNode() throws Exception {
        engine.modified(RaceEngineTest.config("", "firstfit", "", "", 2000, 5000, "capacity"));
        engine.deploy(single("attitude", "ctl", 50, 100), null);
        engine.deploy(single("beacon", "tx", 70, 150), null);
        assertEquals("q1", engine.application("beacon").orElseThrow().placement().nodeOf().get("tx"), "today: first fit stacks both on q1");
    }

    @Test
    void analysisPlacesTheSecondWhereItIsSchedulable() throws Exception {
        engine.deploy(single("attitude", "ctl", 50, 100), null);
        engine.deploy(single("beacon", "tx", 70, 150), null);
        assertEquals("q2", engine.application("beacon").orElseThrow().placement().nodeOf().get("tx"),
                "first fit's q1 fails the analysis; the repair step closes q1 to it");
        assertTrue(engine.analyze(List.of(), null).schedulable());
    }

    /**
     * First fit, asked with the view of the jobs per node, finds q2 itself: one call, no repair. The view's priorities come
     * from the configurator chain (MUF: both medium, so the low class, rate monotonic inside): attitude's shorter period ranks
     * above beacon although beacon was never placed beside it.
     */
    @Test
    void theAllocatorPlacesBySchedulabilityItself() throws Exception {
        List<SchedulabilityView> views = new java.util.ArrayList<>();
        FirstFitAllocator firstFit = new FirstFitAllocator();
        Allocator recording = new Allocator() {
            @Override
            public Placement allocate(Application app, List<NodeState> nodes) throws AllocationException {
                views.add(null);
                return firstFit.allocate(app, nodes);
            }

            @Override
            public Placement allocate(Application app, List<NodeState> nodes, SchedulabilityView view) throws AllocationException {
                views.add(view);
                return firstFit.allocate(app, nodes, view);
            }
        };
        engine.allocatorServices = List.of(RaceEngineTest.service(RoleProperties.NAME, "firstfit", recording));
        engine.configuratorServices = List.of(RaceEngineTest.service(RoleProperties.NAME, "muf", (Configurator) new MufConfigurator()));
        engine.deploy(single("attitude", "ctl", 50, 100), null);
        views.clear();
        engine.deploy(single("beacon", "tx", 70, 150), null);
        assertEquals("q2", engine.application("beacon").orElseThrow().placement().nodeOf().get("tx"));
        assertEquals(1, views.size(), "placed at the first call");
        SchedulabilityView v = views.get(0);
        assertEquals(50, v.on("q1").get(0).wcetMs(), 1e-9);
        assertEquals(70, v.candidate().get("tx").wcetMs(), 1e-9);
        assertTrue(v.on("q1").get(0).priority() > v.candidate().get("tx").priority(), v.toString());
        assertTrue(v.on("q2").isEmpty());
    }

    @Test
    void analysisRefusesWhatCannotGoElsewhere() throws Exception {
        engine.deploy(single("attitude", "ctl", 50, 100), null);
        Application pinned = new Application("beacon", Importance.MEDIUM, "normal", 150, 150, null,
                List.of(new Component("tx", "t", new Resources(70 / 150.0, 16, 0), 70, "q1")), List.of());
        DeploymentException e = assertThrows(DeploymentException.class, () -> engine.deploy(pinned, null));
        assertEquals("admission: beacon: worst-case 170 ms > deadline 150 ms on q1 (path tx; interference attitude/ctl 2 x 50 ms)", e.getMessage());
        assertFalse(engine.application("beacon").isPresent(), "nothing changes");
        assertEquals(1, engine.applications().size());
    }

    @Test
    void chainLongerThanItsDeadlineIsRefusedClearly() throws Exception {
        Application chain = new Application("chain", Importance.MEDIUM, "normal", 100, 5, null,
                List.of(new Component("a", "t", new Resources(0.2, 16, 0), 20, null), new Component("b", "t", new Resources(0.15, 16, 0), 15, null)),
                List.of(new Connection("a", "b", 0)));
        DeploymentException e = assertThrows(DeploymentException.class, () -> engine.deploy(chain, null));
        assertEquals("admission: chain: worst-case 35 ms > deadline 5 ms on q1 (path a -> b; interference none)",
                e.getMessage());
    }

    @Test
    void analyzeShowsTheVerdictWithoutDeploying() throws Exception {
        engine.deploy(single("attitude", "ctl", 50, 100), null);
        engine.modified(RaceEngineTest.config("", "firstfit", "", "", 2000, 5000, "capacity")); // placement as today, the analysis still run
        AnalysisResult r = engine.analyze(List.of(single("beacon", "tx", 70, 150)), null);
        assertFalse(r.schedulable());
        ApplicationBound beacon = r.application("beacon").orElseThrow();
        assertEquals(170, beacon.boundMs(), 1e-9);
        assertEquals(150, beacon.deadlineMs(), 1e-9);
        assertEquals("q1", beacon.components().get(0).node());
        assertTrue(r.application("attitude").orElseThrow().schedulable());
        assertEquals(1, engine.applications().size(), "nothing deployed");
    }
}
