package org.race.controller.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.race.api.model.AdaptationDecision;
import org.race.api.model.Adjustment;
import org.race.api.model.Application;
import org.race.api.model.Component;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Importance;
import org.race.api.model.Placement;
import org.race.api.model.QosRegion;
import org.race.api.model.Range;
import org.race.api.model.Resources;
import org.race.api.monitoring.ApplicationQos;
import org.race.api.monitoring.ComponentSample;
import org.race.api.monitoring.NodeSample;
import org.race.api.monitoring.SystemSnapshot;

/**
 * The detector and adapter on one node of cpu 1.0 with a bound of 0.8, worked by hand: contracted A
 * (high, 30 ms per job) and B (low, 20 ms), both in [100, 400] ms, beside a fixed application F.
 */
class RegionFeedbackTest {
    private static final double EPS = 1e-9;
    private static final RegionFeedback AT_08 = new RegionFeedback(0.8, 0, 0.1, 0.25, 0.05);

    private static DeploymentPlan contracted(String name, Importance importance, double execMs, double periodMs, Double latencyMax) {
        Application a = new Application(name, importance, null, periodMs, 400, null, List.of(new Component("c", "c", Resources.ZERO, execMs, "sc1")),
                List.of(), new QosRegion(new Range(100, 400), latencyMax)).withPeriod(periodMs);
        return new DeploymentPlan(a, new Placement("static", Map.of("c", "sc1")), Map.of());
    }

    private static DeploymentPlan fixed() {
        Application a = new Application("F", Importance.MEDIUM, null, 100, 100, null, List.of(new Component("c", "c", new Resources(0.2, 0, 0), 20, "sc1")),
                List.of());
        return new DeploymentPlan(a, new Placement("static", Map.of("c", "sc1")), Map.of());
    }

    /** sc1 measured with the given per-application utilization; {@code qos} per application. */
    private static SystemSnapshot snapshot(Map<String, Double> utilization, Map<String, ApplicationQos> qos, boolean stale) {
        List<ComponentSample> cs = new ArrayList<>();
        utilization.forEach((app, u) -> cs.add(new ComponentSample(app, "c", u, 10, 1, 1)));
        double cpu = utilization.values().stream().mapToDouble(Double::doubleValue).sum();
        NodeSample sc1 = new NodeSample("sc1", 1000, 1000, Map.of("cpu", cpu), cs, List.of());
        return new SystemSnapshot(1000, List.of(sc1), qos, stale ? List.of("sc1") : List.of(), 0);
    }

    private static Map<String, Double> periods(AdaptationDecision d) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Adjustment a : d.adjustments()) {
            assertEquals(Adjustment.Kind.PERIOD, a.kind());
            out.put(a.application(), a.value());
        }
        return out;
    }

    private static Map<String, ApplicationQos> met(String... apps) {
        Map<String, ApplicationQos> out = new LinkedHashMap<>();
        for (String a : apps) out.put(a, new ApplicationQos(a, 10, 0, 10, 20, 25));
        return out;
    }

    @Test
    void overloadIsTakenFromTheLeastCriticalFirst() {
        // execution times +30 %: A 0.39, B 0.26, F 0.26 -> 0.91, 0.11 over the bound. B (low) first: it can give
        // 0.26 x (1 - 2.5/10) = 0.195, so it gives 0.11: factor 1 - 0.11 / 0.26 = 0.576923, 5.769 Hz = 173.334 ms
        List<DeploymentPlan> deployed = List.of(contracted("A", Importance.HIGH, 30, 100, null), contracted("B", Importance.LOW, 20, 100, null), fixed());
        AdaptationDecision d = AT_08.decide(snapshot(Map.of("A", 0.39, "B", 0.26, "F", 0.26), met("A", "B", "F"), false), deployed, n -> 1.0, Set.of());
        assertEquals(Map.of("B", 173.334), periods(d));
        assertTrue(d.reason().contains("B 10 -> 5.769 Hz: overload (sc1 cpu 91.0% > 80.0%)"), d.reason());
        // F at 0.45: 1.1, 0.3 over. B gives its 0.195 (to 2.5 Hz, 400 ms), A the remaining 0.105 of its 0.39:
        // factor 1 - 0.105 / 0.39 = 0.730769, 7.308 Hz = 136.843 ms
        AdaptationDecision more = AT_08.decide(snapshot(Map.of("A", 0.39, "B", 0.26, "F", 0.45), met("A", "B", "F"), false), deployed, n -> 1.0, Set.of());
        assertEquals(Map.of("A", 136.843, "B", 400.0), periods(more));
    }

    @Test
    void missesAndLatencyBeyondTheBoundCutTheRate() {
        List<DeploymentPlan> deployed = List.of(contracted("A", Importance.HIGH, 30, 100, 50.0), contracted("B", Importance.LOW, 20, 100, null));
        Map<String, ApplicationQos> qos = new LinkedHashMap<>();
        qos.put("A", new ApplicationQos("A", 10, 0, 10, 40, 80)); // latency 80 ms > its bound of 50
        qos.put("B", new ApplicationQos("B", 9, 1, 10, 20, 30)); // one miss in ten
        // 0.5 of 0.8: no utilization overload; both cut by 10 %: 9 Hz = 111.112 ms
        AdaptationDecision d = AT_08.decide(snapshot(Map.of("A", 0.3, "B", 0.2), qos, false), deployed, n -> 1.0, Set.of());
        assertEquals(Map.of("A", 111.112, "B", 111.112), periods(d));
        assertTrue(d.reason().contains("latency 80 ms > 50") && d.reason().contains("missed 10.0%"), d.reason());
    }

    @Test
    void roomAgainRaisesMostCriticalFirstWithinTheBoundAndWhatIsLeftToReserve() {
        // both at 200 ms (5 Hz): A 0.15, B 0.1, F 0.2 -> 0.45; room up to 0.95 x 0.8 = 0.76 is 0.31; at most +25 %: 160 ms each
        List<DeploymentPlan> deployed = List.of(contracted("B", Importance.LOW, 20, 200, null), contracted("A", Importance.HIGH, 30, 200, null), fixed());
        SystemSnapshot s = snapshot(Map.of("A", 0.15, "B", 0.1, "F", 0.2), met("A", "B", "F"), false);
        assertEquals(List.of("A", "B"), new ArrayList<>(periods(AT_08.decide(s, deployed, n -> 1.0, Set.of())).keySet()), "most critical first");
        assertEquals(Map.of("A", 160.0, "B", 160.0), periods(AT_08.decide(s, deployed, n -> 1.0, Set.of())));
        // F at 0.45: 0.70, room 0.06. A takes +25 % (0.0375), B the 0.0225 left of its 0.1: +22.5 %, 6.125 Hz = 163.266 ms
        SystemSnapshot tight = snapshot(Map.of("A", 0.15, "B", 0.1, "F", 0.45), met("A", "B", "F"), false);
        assertEquals(Map.of("A", 160.0, "B", 163.266), periods(AT_08.decide(tight, deployed, n -> 1.0, Set.of())));
        // room enough, but only 0.5 cpu to reserve: 0.45 reserved leaves 0.05; A takes 0.0375, B the 0.0125 left:
        // 20 ms x dr <= 0.0125 -> +0.625 Hz, 5.625 Hz = 177.778 ms
        assertEquals(Map.of("A", 160.0, "B", 177.778), periods(AT_08.decide(s, deployed, n -> 0.5, Set.of())));
        // A was cut recently: held, and B gets the room
        assertEquals(Map.of("B", 160.0), periods(AT_08.decide(s, deployed, n -> 1.0, Set.of("A"))));
    }

    @Test
    void insideTheBoundsOrUnmeasuredNothingMoves() {
        List<DeploymentPlan> atMax = List.of(contracted("A", Importance.HIGH, 30, 100, null), fixed());
        AdaptationDecision d = AT_08.decide(snapshot(Map.of("A", 0.3, "F", 0.2), met("A", "F"), false), atMax, n -> 1.0, Set.of());
        assertTrue(d.isEmpty(), "room, but already at the maximum rate: " + d);
        List<DeploymentPlan> near = List.of(contracted("A", Importance.HIGH, 30, 120, null), fixed());
        assertTrue(AT_08.decide(snapshot(Map.of("A", 0.25, "F", 0.54), met("A", "F"), false), near, n -> 1.0, Set.of()).isEmpty(),
                "0.79 of 0.8: above 0.95 x 0.8, inside the hysteresis");
        assertTrue(AT_08.decide(snapshot(Map.of("A", 0.9), met("A"), true), atMax, n -> 1.0, Set.of()).isEmpty(), "a stale node: left alone");
    }

    @Test
    void neverOutsideTheRegion() {
        // overloaded by fixed load beyond what A can give: A goes to its region's minimum and no further
        List<DeploymentPlan> deployed = List.of(contracted("A", Importance.HIGH, 30, 100, null), fixed());
        assertEquals(Map.of("A", 400.0), periods(AT_08.decide(snapshot(Map.of("A", 0.3, "F", 0.9), met("A", "F"), false), deployed, n -> 1.0, Set.of())));
    }

    @Test
    void theDefaultBoundIsTheRmsBoundOfTheNodesComponents() {
        assertEquals(1, RegionFeedback.rmsBound(1), EPS);
        assertEquals(2 * (Math.sqrt(2) - 1), RegionFeedback.rmsBound(2), EPS);
        assertThrows(IllegalArgumentException.class, () -> new RegionFeedback(1.5, 0, 0.1, 0.25, 0.05));
        assertThrows(IllegalArgumentException.class, () -> new RegionFeedback(-1, 0, 0, 0.25, 0.05));
    }
}
