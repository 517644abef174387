package org.race.allocator.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.race.allocator.common.Fixtures.app;
import static org.race.allocator.common.Fixtures.comp;
import static org.race.allocator.common.Fixtures.node;
import static org.race.allocator.common.Fixtures.nodes;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.race.api.model.Connection;

class DiagnosisTest {
    @Test
    void lowerBoundIsTheCeilingOfTotalDemandOnLikeNodes() throws Exception {
        // 0.6 + 0.5 + 0.4 + 0.3 = 1.8 cpu on nodes of 1.0: at least 2
        assertEquals(2, Diagnosis.lowerBound(Problem.of(app(List.of(), comp("a", 0.6), comp("b", 0.5), comp("c", 0.4), comp("d", 0.3)), nodes(5, 1.0))));
        assertEquals(1, Diagnosis.lowerBound(Problem.of(app(List.of(), comp("a", 1.0)), nodes(5, 1.0))));
    }

    @Test
    void lowerBoundTakesTheLargestNodesFirstAndTheWorstResource() throws Exception {
        // cpu 2.5 fits on the 2.0 + 1.0 nodes (2 nodes); memory 950 needs 600 + 300 + 200 (3 of 4 nodes)
        var nodes = List.of(node("a", 1.0, 300, 10), node("b", 2.0, 600, 10), node("c", 0.5, 200, 10), node("d", 0.5, 100, 10));
        var app = app(List.of(), comp("x", 1.5, 450, null), comp("y", 1.0, 500, null));
        assertEquals(3, Diagnosis.lowerBound(Problem.of(app, nodes)));
        assertEquals(Integer.MAX_VALUE, Diagnosis.lowerBound(Problem.of(app(List.of(), comp("z", 5.0)), nodes(2, 1.0))));
    }

    @Test
    void noNodeForNamesResourceNodesTotalsAndBound() throws Exception {
        Problem p = Problem.of(app(List.of(), comp("a", 0.9), comp("b", 0.9), comp("c", 0.9)), nodes(2, 1.0));
        Assignment a = new Assignment(p);
        a.assign(0, 0);
        a.assign(1, 1);
        String m = Diagnosis.noNodeFor(a, 2).getMessage();
        assertTrue(m.startsWith("component 'c' (cpu 0.9, memory 0, bandwidth 0) fits on no node: cpu short on n0, n1 (most free: 0.1 on n0)"), m);
        assertTrue(m.contains("total cpu demand 2.7 exceeds the 2 available on all nodes"), m);
        assertTrue(m.endsWith("lower bound: more than all of 2 available nodes"), m);
    }

    @Test
    void bandwidthOfTheNeighboursNodeIsReported() throws Exception {
        // a on n0 (bandwidth 1) talks to b at 2 Mbit/s: b can only go where a is, and n0 has no cpu left
        var nodes = List.of(node("n0", 1.0, 100, 1), node("n1", 1.0, 100, 100));
        Problem p = Problem.of(app(List.of(new Connection("a", "b", 2)), comp("a", 1.0), comp("b", 0.5)), nodes);
        Assignment a = new Assignment(p);
        a.assign(0, 0);
        assertEquals(0, a.shortfall(1, 0), "cpu on n0");
        assertEquals(2, a.shortfall(1, 1), "bandwidth");
        assertEquals(0, a.shortNode(1, 1), "on the neighbour's node");
        String m = Diagnosis.noNodeFor(a, 1).getMessage();
        assertTrue(m.contains("cpu short on n0"), m);
        assertTrue(m.contains("n1 (its connections would overflow the bandwidth of n0)"), m);
    }

    @Test
    void crossNodeConnectionsUseBandwidthOnBothEnds() throws Exception {
        Problem p = Problem.of(app(List.of(new Connection("a", "b", 3), new Connection("b", "c", 2)), comp("a", 0.1), comp("b", 0.1), comp("c", 0.1)),
                nodes(2, 1.0));
        Assignment a = new Assignment(p);
        a.assign(0, 0);
        a.assign(1, 1);
        a.assign(2, 1);
        assertEquals(3, a.used(0, 2), 1e-9);
        assertEquals(3, a.used(1, 2), 1e-9);
        assertEquals(3, a.crossNodeBandwidth(), 1e-9);
        assertEquals(2, a.nodesUsed());
        a.unassign(1);
        assertEquals(0, a.used(0, 2), 1e-9);
        assertEquals(0, a.used(1, 2), 1e-9);
        assertEquals(0.1, a.used(1, 0), 1e-9);
        assertFalse(a.placed(1));
    }

    @Test
    void generatorIsSeededAndHitsTheTightness() {
        var g1 = ProblemGenerator.parse("500x50,seed=3,tightness=0.7");
        var g2 = ProblemGenerator.parse("500x50,seed=3,tightness=0.7");
        assertEquals(g1, g2);
        assertFalse(g1.equals(ProblemGenerator.parse("500x50,seed=4,tightness=0.7")));
        double cpu = g1.application().components().stream().mapToDouble(c -> c.demand().cpu()).sum();
        assertEquals(0.7 * 50, cpu, 0.07 * 50, "total cpu about tightness x capacity");
        var oneD = ProblemGenerator.parse("100x10,dims=1");
        assertTrue(oneD.application().connections().isEmpty());
        assertTrue(oneD.application().components().stream().allMatch(c -> c.demand().memory() == 0));
    }
}
