package org.race.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.race.allocator.binpack.FirstFitAllocator;
import org.race.allocator.static_.StaticAllocator;
import org.race.analysis.ResponseTimeAnalysis;
import org.race.api.Allocator;
import org.race.api.Configurator;
import org.race.configurator.muf.MufConfigurator;
import org.race.api.RoleProperties;
import org.race.api.SchedulabilityAnalysis;
import org.race.api.analysis.AnalysisResult;
import org.race.api.analysis.ApplicationBound;
import org.race.api.analysis.SchedulabilityView;
import org.race.api.model.AllocationException;
import org.race.api.model.Application;
import org.race.api.model.Component;
import org.race.api.model.Connection;
import org.race.api.model.DeploymentException;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;
import org.race.api.model.NodeState;
import org.race.api.model.Placement;
import org.race.api.model.Importance;
import org.race.api.model.Node;
import org.race.api.model.QosRegion;
import org.race.api.model.Range;
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
                List.of(new Component(component, null, new Resources(execMs / periodMs, 16, 0), execMs, null)), List.of());
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
                List.of(new Component("tx", null, new Resources(70 / 150.0, 16, 0), 70, "q1")), List.of());
        DeploymentException e = assertThrows(DeploymentException.class, () -> engine.deploy(pinned, null));
        assertEquals("admission: beacon: worst-case 170 ms > deadline 150 ms on q1 (path tx; interference attitude/ctl 2 x 50 ms)", e.getMessage());
        assertFalse(engine.application("beacon").isPresent(), "nothing changes");
        assertEquals(1, engine.applications().size());
    }

    @Test
    void chainLongerThanItsDeadlineIsRefusedClearly() throws Exception {
        Application chain = new Application("chain", Importance.MEDIUM, "normal", 100, 5, null,
                List.of(new Component("a", null, new Resources(0.2, 16, 0), 20, null), new Component("b", null, new Resources(0.15, 16, 0), 15, null)),
                List.of(new Connection("a", "b", 0)));
        DeploymentException e = assertThrows(DeploymentException.class, () -> engine.deploy(chain, null));
        assertEquals("admission: chain: worst-case 35 ms > deadline 5 ms on q1 (path a -> b; interference none)",
                e.getMessage());
    }

    /**
     * QoS expansion raises a rate only as far as the analysis admits. On q1: ctl (30 ms every 100 ms, deadline 45 ms),
     * a filler (560 ms every 1000 ms) and probe, contracted at 2.5-20 Hz with 20 ms of work, admitted at what the filler
     * leaves. When the filler leaves, capacity would take probe to 20 Hz (period 50 ms), where it runs ahead of ctl
     * (shorter period first) and ctl's worst case is 30 + 20 = 50 ms > 45 ms; the analysis holds probe just below
     * 10 Hz, where ctl runs first.
     */
    @Test
    void expansionStopsAtTheHighestRateTheAnalysisAdmits() throws Exception {
        engine.deploy(pinned("ctl", 30, 100, 45), null);
        engine.deploy(pinned("filler", 560, 1000, 1000), null);
        Application probe = new Application("probe", Importance.LOW, "normal", 50, 50, null,
                List.of(new Component("sense", null, new Resources(20 / 50.0, 16, 0), 20, "q1")), List.of(), new QosRegion(new Range(50, 400), null));
        double admitted = engine.deploy(probe, null).application().periodMs();
        assertTrue(admitted > 1000 / 7.0 - 1e-6, "the filler leaves probe at most 7 Hz: " + admitted);

        engine.undeploy("filler");
        double expanded = engine.application("probe").orElseThrow().application().periodMs();
        assertTrue(expanded < admitted, "probe expanded from " + admitted + " ms: " + expanded);
        assertTrue(expanded > 100 && expanded < 100.2, "the highest rate below ctl's period, not capacity's 50 ms: " + expanded);
        AnalysisResult now = engine.bounds().orElseThrow();
        assertTrue(now.schedulable(), now.applications().toString());
        assertEquals(30, now.application("ctl").orElseThrow().boundMs(), 1e-9, "ctl runs first again");
        assertTrue(engine.events().stream().anyMatch(e -> e.contains("expanded probe")), engine.events().toString());
    }

    /**
     * QoS shrinking searches the highest rates the analysis admits. lo (low, 45 ms, 2.5-20 Hz) has q1 at 20 Hz; hi
     * (high, 30 ms, 5-10 Hz) fits only if lo shrinks. The analysis must see lo at the shrunk rate (at its current
     * one q1 is overloaded); capacity would then give lo back 18.9 Hz (period 52.9 ms), where q1 is full and hi,
     * behind lo's shorter period, waits 4 x 45 ms past its deadline of 200 ms; lo gets back what keeps hi within it:
     * period 55 ms (hi's worst case 30 + 3 x 45 = 165 ms, 3 x 55 >= 165).
     */
    @Test
    void shrinkingGivesBackTheHighestRateTheAnalysisAdmits() throws Exception {
        engine.deploy(new Application("lo", Importance.LOW, "normal", 50, 50, null,
                List.of(new Component("c", null, new Resources(0.9, 16, 0), 45, "q1")), List.of(), new QosRegion(new Range(50, 400), null)), null);
        Application hi = new Application("hi", Importance.HIGH, "normal", 100, 100, null,
                List.of(new Component("c", null, new Resources(0.3, 16, 0), 30, "q1")), List.of(), new QosRegion(new Range(100, 200), null));
        assertEquals(200, engine.deploy(hi, null).application().periodMs(), 1e-9, "at its minimum rate");
        double lo = engine.application("lo").orElseThrow().application().periodMs();
        assertTrue(lo >= 55 && lo < 55.2, "lo shrunk only as far as the analysis needs: " + lo);
        AnalysisResult now = engine.bounds().orElseThrow();
        assertTrue(now.schedulable(), now.applications().toString());
        assertEquals(165, now.application("hi").orElseThrow().boundMs(), 1e-9);
    }

    /**
     * The bounds of what is deployed follow what runs: a period a controller changed (the central effector's
     * Engine.updated) is analysed, not admitted; the result is computed once per change and answered while a
     * deployment holds the engine's lock.
     */
    @Test
    void boundsOfTheDeployedApplicationsFollowRunTimeChanges() throws Exception {
        engine.deploy(pinned("ctl", 30, 100, 45), null);
        engine.deploy(pinned("probe", 20, 200, 200), null);
        AnalysisResult first = engine.bounds().orElseThrow();
        assertTrue(first.schedulable(), first.toString());
        assertEquals(30, first.application("ctl").orElseThrow().boundMs(), 1e-9);
        assertSame(first, engine.bounds().orElseThrow(), "nothing changed: not analysed again");

        DeploymentPlan probe = engine.application("probe").orElseThrow();
        engine.updated(probe.withApplication(probe.application().withPeriod(50))); // as EUCON's rate change is recorded
        CountDownLatch held = new CountDownLatch(1), release = new CountDownLatch(1);
        Thread deployment = new Thread(() -> {
            synchronized (engine) {
                held.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        deployment.start();
        held.await();
        try {
            AnalysisResult now = engine.bounds().orElseThrow();
            assertNotSame(first, now);
            ApplicationBound ctl = now.application("ctl").orElseThrow();
            assertFalse(ctl.schedulable(), "probe now runs ahead of ctl: " + ctl);
            assertEquals(50, ctl.boundMs(), 1e-9);
            assertEquals(List.of("probe"), ctl.interference().stream().map(i -> i.application()).toList());
            assertSame(now, engine.bounds().orElseThrow());
            engine.analysisReconfigured(engine.analysis); // e.g. race.analysis variation changed: its service properties did
            assertNotSame(now, engine.bounds().orElseThrow(), "analysed again with the new configuration");
        } finally {
            release.countDown();
            deployment.join();
        }
    }

    /**
     * Admission analysed the plans a deployment publishes: the queries after it take that result instead of waiting for
     * the same analysis again (hundreds of ms at 10,000 components, issue 17); a change admission did not analyse is.
     */
    @Test
    void theBoundsAfterADeploymentAreAdmissionsAnalysisNotAnother() throws Exception {
        java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
        SchedulabilityAnalysis rta = engine.analysis;
        engine.analysis = new SchedulabilityAnalysis() {
            @Override
            public AnalysisResult analyze(List<DeploymentPlan> plans, Domain domain) {
                runs.incrementAndGet();
                return rta.analyze(plans, domain);
            }

            @Override
            public SchedulabilityView view(List<DeploymentPlan> deployed, DeploymentPlan candidate, Domain domain) {
                return rta.view(deployed, candidate, domain);
            }
        };
        engine.deploy(pinned("ctl", 30, 100, 45), null);
        engine.deploy(pinned("probe", 20, 200, 200), null);
        int admitted = runs.get();
        AnalysisResult now = engine.bounds().orElseThrow();
        assertEquals(admitted, runs.get(), "answered from admission's analysis");
        assertEquals(30, now.application("ctl").orElseThrow().boundMs(), 1e-9);
        assertEquals(50, now.application("probe").orElseThrow().boundMs(), 1e-9);
        assertEquals(rta.analyze(engine.applications(), engine.domain().orElseThrow()), now, "the same as analysing the snapshot");

        DeploymentPlan probe = engine.application("probe").orElseThrow();
        engine.updated(probe.withApplication(probe.application().withPeriod(50)));
        int before = runs.get();
        assertEquals(50, engine.bounds().orElseThrow().application("ctl").orElseThrow().boundMs(), 1e-9, "a run-time change is analysed");
        assertEquals(before + 1, runs.get());
    }

    private static Application pinned(String name, double execMs, double periodMs, double deadlineMs) {
        return new Application(name, Importance.MEDIUM, "normal", periodMs, deadlineMs, null,
                List.of(new Component("run", null, new Resources(execMs / periodMs, 16, 0), execMs, "q1")), List.of());
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
