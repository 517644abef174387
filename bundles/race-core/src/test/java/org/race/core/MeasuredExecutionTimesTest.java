package org.race.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.race.allocator.static_.StaticAllocator;
import org.race.analysis.ResponseTimeAnalysis;
import org.race.api.Allocator;
import org.race.api.RoleProperties;
import org.race.api.analysis.AnalysisResult;
import org.race.api.component.ComponentType;
import org.race.api.model.Application;
import org.race.api.model.Component;
import org.race.api.model.DeploymentException;
import org.race.api.model.Domain;
import org.race.api.model.Importance;
import org.race.api.model.Node;
import org.race.api.model.Resources;
import org.race.api.monitoring.ComponentSample;
import org.race.api.monitoring.JobTimes;
import org.race.api.monitoring.NodeSample;

/**
 * The measured CPU time per job in place of the declared execution time (race.engine executionTimes,
 * race:exectimes): in the deployed bounds and in admission, converted by the node's cpu, and only from the node
 * a component runs on. And failed jobs as engine events, rate-limited.
 */
class MeasuredExecutionTimesTest {
    private RaceEngine engine;

    @BeforeEach
    void setUp() throws Exception {
        engine = new RaceEngine();
        engine.calls = new BoundedNodeCalls();
        engine.allocatorServices = List.of(RaceEngineTest.service(RoleProperties.NAME, "static", (Allocator) new StaticAllocator()));
        engine.configuratorServices = List.of();
        engine.analysis = new ResponseTimeAnalysis(0); // the counted execution time is the worst case
        for (String n : List.of("q1", "q2")) engine.bindNodeManager(new RaceEngineTest.RecordingNodeManager(n), Map.of(RoleProperties.NODE, n));
        engine.activate(RaceEngineTest.config("", "static"));
        engine.loadDomain(new Domain("two", List.of(new Node("q1", new Resources(1, 1024, 100)), new Node("q2", new Resources(2, 1024, 100))), 1));
        // attitude/ctl declares 50 ms every 100 ms on q1; beacon/tx 70 ms every 150 ms would wait for it twice: 170 > 150
        engine.deploy(pinned("attitude", "ctl", 50, 100, "q1"), null);
    }

    private static Application pinned(String name, String component, double execMs, double periodMs, String node) {
        return new Application(name, Importance.MEDIUM, "normal", periodMs, periodMs, null,
                List.of(new Component(component, null, new Resources(execMs / periodMs, 16, 0), execMs, node)), List.of());
    }

    /** The snapshot: ctl measured on {@code node} at median 20, p99 30, max 35 ms of CPU a job. */
    private void measuredOn(String node) {
        ComponentSample ctl = new ComponentSample("attitude", "ctl", 0.2, 10, 25, 40, 0, 0, 0, 1, 35, new JobTimes(600, 20, 30, 35));
        engine.monitor = RaceEngineTest.measuring(new NodeSample(node, 1000, 1000, Map.of("cpu", 0.2), List.of(ctl), List.of()));
    }

    private double bound(String app) {
        AnalysisResult r = engine.bounds().orElseThrow();
        return r.application(app).orElseThrow().boundMs();
    }

    @Test
    void theSettingAndTheCommandChooseWhichFigureTheBoundsCount() throws Exception {
        measuredOn("q1");
        assertEquals(50, bound("attitude"), 1e-9, "declared by default");
        engine.modified(config("median"));
        assertEquals(20, bound("attitude"), 1e-9);
        engine.useExecutionTimes("attitude", "max");
        assertEquals("max", engine.executionTimes("attitude"));
        assertEquals(35, bound("attitude"), 1e-9);
        engine.useExecutionTimes("attitude", "default");
        assertEquals(20, bound("attitude"), 1e-9, "back to the setting");
        engine.modified(config("fastest"));
        assertEquals("median", engine.executionTimes("attitude"), "a bad setting keeps the last good one");
        DeploymentException e = assertThrows(DeploymentException.class, () -> engine.useExecutionTimes("attitude", "mean"));
        assertTrue(e.getMessage().contains("declared, median, p99, max or default"), e.getMessage());
        assertThrows(DeploymentException.class, () -> engine.useExecutionTimes("nobody", "max"));
    }

    @Test
    void admissionCountsTheMeasuredFiguresOfTheDeployedComponents() throws Exception {
        measuredOn("q1");
        DeploymentException refused = assertThrows(DeploymentException.class, () -> engine.deploy(pinned("beacon", "tx", 70, 150, "q1"), null));
        assertTrue(refused.getMessage().contains("170 ms > deadline 150 ms"), refused.getMessage());
        engine.useExecutionTimes("attitude", "p99");
        engine.deploy(pinned("beacon", "tx", 70, 150, "q1"), null); // 70 + 30: done before ctl's next release
        assertEquals(100, bound("beacon"), 1e-9);
    }

    @Test
    void aMeasurementCountsOnlyOnTheNodeItWasTakenOnAndIsScaledByItsCpu() throws Exception {
        engine.modified(config("max"));
        measuredOn("q2"); // not where ctl runs: a figure from elsewhere (before a move) does not count
        assertEquals(50, bound("attitude"), 1e-9);
        engine.undeploy("attitude");
        engine.deploy(pinned("attitude", "ctl", 50, 100, "q2"), null);
        // 35 ms of CPU on a node of cpu 2 is 70 ms of reference work: the analysis divides it by 2 again
        assertEquals(35, bound("attitude"), 1e-9);
        assertEquals(35, engine.bounds().orElseThrow().application("attitude").orElseThrow().components().get(0).wcetMs(), 1e-9);
    }

    @Test
    void failedJobsBecomeEventsAtMostFiveASecond() {
        for (int i = 0; i < 8; i++) {
            engine.handleEvent(new Event(ComponentType.FAILED_TOPIC, Map.of("application", "echoes", "component", "mid" + i, "node", "n1", "type", "echo",
                    "failures", 3L, "error", "java.lang.IllegalStateException: boom")));
        }
        List<String> lines = engine.events().stream().filter(l -> l.startsWith("failed jobs:")).toList();
        assertEquals(FailureEvents.PER_SECOND, lines.size(), lines.toString());
        assertEquals("failed jobs: 3 of component mid0 of echoes on n1 (type echo), last java.lang.IllegalStateException: boom", lines.get(0));
    }

    @Test
    void reportsBeyondTheLimitAreCountedOnTheNextLine() {
        long[] now = { 0 };
        List<String> out = new java.util.ArrayList<>();
        FailureEvents f = new FailureEvents(out::add, () -> now[0]);
        Event e = new Event(ComponentType.FAILED_TOPIC, Map.of("application", "a", "component", "c", "node", "n", "type", "t", "failures", 1L, "error", "x"));
        for (int i = 0; i < 7; i++) f.handle(e);
        now[0] = 1_000_000_000L;
        f.handle(e);
        assertEquals(FailureEvents.PER_SECOND + 1, out.size());
        assertTrue(out.get(out.size() - 1).endsWith("(2 more failure reports since the last line, not listed)"), out.get(out.size() - 1));
    }

    private static EngineSettings.Config config(String executionTimes) {
        EngineSettings.Config base = RaceEngineTest.config("", "static");
        return (EngineSettings.Config) java.lang.reflect.Proxy.newProxyInstance(EngineSettings.Config.class.getClassLoader(),
                new Class<?>[] { EngineSettings.Config.class }, (proxy, m, args) -> m.getName().equals("executionTimes") ? executionTimes : m.invoke(base, args));
    }
}
