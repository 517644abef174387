package org.race.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.race.api.analysis.ApplicationBound;
import org.race.api.analysis.ComponentResponse;
import org.race.api.analysis.Interference;
import org.race.api.model.Application;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Importance;
import org.race.api.model.Node;
import org.race.api.model.NodeState;
import org.race.api.model.QosRegion;
import org.race.api.model.Range;
import org.race.api.model.Resources;
import org.race.api.monitoring.ApplicationQos;
import org.race.api.monitoring.ComponentSample;
import org.race.api.monitoring.JobTimes;
import org.race.api.monitoring.NodeSample;
import org.race.api.monitoring.SystemSnapshot;

class ViewsTest {
    @Test
    void theCpuSetPointIsTheRmsBoundOfTheNodesComponentsUnlessTheControllerPublishesOne() {
        assertEquals(1.0, Views.rmsBound(0));
        assertEquals(1.0, Views.rmsBound(1), 1e-12);
        assertEquals(0.8284, Views.rmsBound(2), 1e-4);
        assertEquals(0.7568, Views.rmsBound(4), 1e-4);

        DeploymentPlan p = ChangesTest.plan("a", 100, Map.of("x", "sc1", "y", "sc1"), null);
        List<Map<String, Object>> nodes = Views.nodes(List.of(state("sc1", true), state("sc2", true)), Optional.empty(), Set.of(), Set.of(), List.of(p), Map.of());
        assertEquals(2, nodes.get(0).get("components"));
        assertEquals(Views.rmsBound(2), setPoint(nodes.get(0)).get("cpu"));
        assertEquals(1.0, setPoint(nodes.get(1)).get("cpu"));
        assertNull(nodes.get(0).get("utilization"), "nothing measured yet");

        List<Map<String, Object>> fixed = Views.nodes(List.of(state("sc1", true)), Optional.empty(), Set.of(), Set.of(), List.of(p), Map.of("sc1", 0.7));
        assertEquals(0.7, setPoint(fixed.get(0)).get("cpu"));
    }

    @Test
    void nodesAreUpStaleLostOrDownAndLocalOrRemote() {
        NodeSample s1 = new NodeSample("sc1", 1000, 1000, Map.of("cpu", 0.25, "memory", 0.5, "bandwidth", 0.0), List.of(), List.of());
        SystemSnapshot snap = new SystemSnapshot(1000, List.of(s1), Map.of(), List.of("sc2"), 1000);
        List<Map<String, Object>> nodes = Views.nodes(List.of(state("sc1", true), state("sc2", true), state("sc3", false), state("sc4", false)),
                Optional.of(snap), Set.of("sc2"), Set.of("sc1", "sc2", "sc3"), List.of(), Map.of());
        assertEquals(List.of("up", "stale", "lost", "down"), nodes.stream().map(n -> n.get("state")).toList());
        assertFalse((Boolean) nodes.get(0).get("remote"));
        assertTrue((Boolean) nodes.get(1).get("remote"));
        @SuppressWarnings("unchecked")
        Map<String, Object> u = (Map<String, Object>) nodes.get(0).get("utilization");
        assertEquals(0.25, u.get("cpu"));
        assertEquals(0.5, u.get("memory"));
    }

    @Test
    void thePriorityClassIsWhatTheComponentsWereGiven() {
        assertEquals("low", Views.priorityClass(ChangesTest.plan("a", 100, Map.of("x", "sc1", "y", "sc2"), "low")));
        assertNull(Views.priorityClass(ChangesTest.plan("a", 100, Map.of("x", "sc1"), null)));
    }

    /** The analysis beside the measured QoS: per application the bound and verdict, per component its wcet and response. */
    @Test
    void anApplicationCarriesItsWorstCaseBoundBesideItsQos() {
        DeploymentPlan p = ChangesTest.plan("a", 100, Map.of("x", "sc1", "y", "sc2"), null);
        ApplicationBound b = new ApplicationBound("a", 130.5, 100, false, List.of("x", "y"), "sc1", List.of(new Interference("b", "z", 2, 30)),
                List.of(new ComponentResponse("x", "sc1", 4, 11, 71.0), new ComponentResponse("y", "sc2", 4, 11, 130.5)));
        ComponentSample y = new ComponentSample("a", "y", 0.11, 10, 40, 60, 0, 2, 1, 3, 12.5, new JobTimes(600, 10, 11.5, 12.5));
        Map<String, Object> m = Views.application(p, new ApplicationQos("a", 9, 1, 10, 60, 120), b, List.of(), Map.of("y", y), "p99");
        assertEquals("p99", m.get("executionTimes"));
        @SuppressWarnings("unchecked")
        Map<String, Object> bound = (Map<String, Object>) m.get("bound");
        assertEquals(130.5, bound.get("boundMs"));
        assertEquals(100.0, bound.get("deadlineMs"));
        assertEquals(false, bound.get("schedulable"));
        assertEquals("a: worst-case 130.5 ms > deadline 100 ms on sc1 (path x -> y; interference b/z 2 x 30 ms)", bound.get("explanation"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> components = (List<Map<String, Object>>) m.get("components");
        assertEquals(11.0, components.get(1).get("wcetMs"));
        assertEquals(130.5, components.get(1).get("responseMs"));
        assertNull(components.get(0).get("measured"), "x is not measured yet");
        @SuppressWarnings("unchecked")
        Map<String, Object> measured = (Map<String, Object>) components.get(1).get("measured");
        assertEquals(List.of(0.11, 10L, 12.5, 40.0, 60.0, 3, 2L, 1L), List.of(measured.get("cpu"), measured.get("jobs"), measured.get("maxJobCpuMs"),
                measured.get("meanResponseMs"), measured.get("maxResponseMs"), measured.get("maxQueueLength"), measured.get("failures"), measured.get("overruns")));
        assertEquals(Map.of("jobs", 600L, "medianMs", 10.0, "p99Ms", 11.5, "maxMs", 12.5), measured.get("jobCpu"));

        Map<String, Object> unanalysed = Views.application(p, null, null, List.of(), Map.of(), "declared");
        assertNull(unanalysed.get("bound"), "no analysis installed");
        assertTrue(((Map<?, ?>) ((List<?>) unanalysed.get("components")).get(0)).containsKey("responseMs"));
        assertNull(Views.bound(new ApplicationBound("a", 50.0, 100, true, List.of("x"), "sc1", List.of(), List.of())).get("explanation"));
    }

    @Test
    void aContractIsTheRegionAndTheOperatingPointInIt() {
        DeploymentPlan plain = ChangesTest.plan("a", 100, Map.of("x", "sc1"), null);
        assertNull(Views.contract(plain.application()));
        Application contracted = new Application("c", Importance.LOW, null, 160, 160, null, plain.application().components(), List.of(),
                new QosRegion(new Range(100, 400), 300.0));
        Map<String, Object> c = Views.contract(contracted);
        assertEquals("c", c.get("application"));
        assertEquals("low", c.get("criticality"));
        assertEquals(Map.of("periodMinMs", 100.0, "periodMaxMs", 400.0, "rateMinHz", 2.5, "rateMaxHz", 10.0, "latencyMaxMs", 300.0), c.get("region"));
        assertEquals(Map.of("periodMs", 160.0, "rateHz", 6.25), c.get("cop"));
        assertEquals(-0.375, (Double) c.get("fromMax"), 1e-12);
        assertEquals(List.of(c), Views.contracts(List.of(plain, plain.withApplication(contracted))));
    }

    @Test
    void numbersReadAsInTheShell() {
        assertEquals("10", Views.num(10.0));
        assertEquals("12.5", Views.num(12.5));
        assertEquals("0.333", Views.num(1.0 / 3));
    }

    @Test
    void onlyLoopbackAndAddressLiteralsPassWhileBoundToLoopback() {
        assertTrue(Hosts.loopback("127.0.0.1"));
        assertTrue(Hosts.loopback("0:0:0:0:0:0:0:1"));
        assertFalse(Hosts.loopback("192.168.1.4"));
        assertTrue(Hosts.loopbackOrLiteral("127.0.0.1:8421"));
        assertTrue(Hosts.loopbackOrLiteral("localhost:8421"));
        assertTrue(Hosts.loopbackOrLiteral("[::1]:8421"));
        assertFalse(Hosts.loopbackOrLiteral("attacker.example:8421"), "a name that may be rebound to 127.0.0.1");
        assertFalse(Hosts.loopbackOrLiteral(null));
    }

    private static NodeState state(String name, boolean up) {
        return new NodeState(new Node(name, new Resources(1, 512, 10)), Resources.ZERO, up);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> setPoint(Map<String, Object> node) {
        return (Map<String, Object>) node.get("setPoint");
    }
}
