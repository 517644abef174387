package org.race.example.threshold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.race.api.model.AdaptationDecision;
import org.race.api.model.Adjustment;
import org.race.api.model.Application;
import org.race.api.model.Component;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Importance;
import org.race.api.model.Placement;
import org.race.api.model.Range;
import org.race.api.model.Resources;
import org.race.api.monitoring.ApplicationQos;
import org.race.api.monitoring.NodeSample;
import org.race.api.monitoring.SystemSnapshot;

class ThresholdControllerTest {
    private final ThresholdController controller = new ThresholdController();

    static ThresholdController.Config config(double step) {
        return new ThresholdController.Config() {
            public Class<? extends Annotation> annotationType() {
                return ThresholdController.Config.class;
            }

            public double missThreshold() {
                return 0.05;
            }

            public double utilizationThreshold() {
                return 0.5;
            }

            public double step() {
                return step;
            }
        };
    }

    static DeploymentPlan plan(String name, double period, Range range, String node) {
        Application a = new Application(name, Importance.LOW, null, period, period, range,
                List.of(new Component("c", "c", new Resources(0.1, 0, 0), 10, node)), List.of());
        return new DeploymentPlan(a, new Placement("static", Map.of("c", node)), Map.of());
    }

    static SystemSnapshot snapshot(double cpuN1, double cpuN2, List<String> stale, ApplicationQos... qos) {
        Map<String, ApplicationQos> apps = new java.util.HashMap<>();
        for (ApplicationQos q : qos) apps.put(q.application(), q);
        return new SystemSnapshot(1000, List.of(new NodeSample("n1", 1000, 1000, Map.of("cpu", cpuN1), List.of(), List.of()),
                new NodeSample("n2", 1000, 1000, Map.of("cpu", cpuN2), List.of(), List.of())), apps, stale, 0);
    }

    static ApplicationQos qos(String app, long met, long missed) {
        return new ApplicationQos(app, met, missed, met, 10, 10);
    }

    @BeforeEach
    void setUp() {
        controller.configure(config(1.25));
    }

    @Test
    void missesAboveTheThresholdLengthenThePeriodWithinItsRange() {
        AdaptationDecision d = controller.decide(snapshot(0.9, 0.1, List.of(), qos("late", 8, 2)),
                List.of(plan("late", 100, new Range(50, 200), "n1")));
        assertEquals(List.of(new Adjustment("late", null, Adjustment.Kind.PERIOD, 125, null)), d.adjustments());
        assertTrue(d.reason().startsWith("late missed 20% > 5%: period 100.0 -> 125.0 ms"), d.reason());
        AdaptationDecision atMax = controller.decide(snapshot(0.9, 0.1, List.of(), qos("late", 8, 2)),
                List.of(plan("late", 180, new Range(50, 200), "n1")));
        assertEquals(200, atMax.adjustments().get(0).value(), "clamped to the range's max");
    }

    @Test
    void anApplicationThatMetItsDeadlinesOnQuietNodesIsSpedUp() {
        AdaptationDecision d = controller.decide(snapshot(0.2, 0.9, List.of(), qos("quiet", 10, 0), qos("busy", 10, 0)),
                List.of(plan("quiet", 100, new Range(50, 200), "n1"), plan("busy", 100, new Range(50, 200), "n2")));
        assertEquals(List.of(new Adjustment("quiet", null, Adjustment.Kind.PERIOD, 80, null)), d.adjustments(), "busy's node is above 50 %");
        AdaptationDecision atMin = controller.decide(snapshot(0.2, 0.9, List.of(), qos("quiet", 10, 0)),
                List.of(plan("quiet", 50, new Range(50, 200), "n1")));
        assertTrue(atMin.isEmpty(), "already at the range's min");
        assertEquals("every application within its thresholds", atMin.reason());
    }

    @Test
    void fixedPeriodsStaleNodesAndUnmeasuredApplicationsAreLeftAlone() {
        assertTrue(controller.decide(snapshot(0.9, 0.1, List.of(), qos("fixed", 0, 10)), List.of(plan("fixed", 100, null, "n1"))).isEmpty());
        assertTrue(controller.decide(snapshot(0.9, 0.1, List.of("n1"), qos("late", 0, 10)),
                List.of(plan("late", 100, new Range(50, 200), "n1"))).isEmpty());
        assertTrue(controller.decide(snapshot(0.1, 0.1, List.of()), List.of(plan("new", 100, new Range(50, 200), "n1"))).isEmpty());
    }

    @Test
    void aStepThatChangesNothingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> controller.configure(config(1.0)));
    }
}
