package org.race.allocator.binpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.race.allocator.common.Fixtures.app;
import static org.race.allocator.common.Fixtures.comp;
import static org.race.allocator.common.Fixtures.node;
import static org.race.allocator.common.Fixtures.nodes;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.race.allocator.binpack.BinPacking.Strategy;
import org.race.allocator.common.Assignment;
import org.race.allocator.common.Diagnosis;
import org.race.allocator.common.Problem;
import org.race.allocator.common.ProblemGenerator;
import org.race.api.model.AllocationException;
import org.race.api.model.Application;
import org.race.api.model.NodeState;
import org.race.api.model.Placement;

class BinPackingTest {
    static Placement pack(Strategy s, String resource, Application app, List<NodeState> nodes) throws AllocationException {
        return new BinPacking(s, resource, "binpack").allocate(app, nodes);
    }

    /** FFD by hand: order 0.6 0.5 0.4 0.3 0.2; 0.6 -> n0, 0.5 -> n1, 0.4 -> n0 (full), 0.3 and 0.2 -> n1 (full). */
    @Test
    void firstFitDecreasingByHand() throws Exception {
        Application app = app(List.of(), comp("c", 0.4), comp("e", 0.2), comp("a", 0.6), comp("d", 0.3), comp("b", 0.5));
        assertEquals(Map.of("a", "n0", "b", "n1", "c", "n0", "d", "n1", "e", "n1"), pack(Strategy.FFD, "cpu", app, nodes(3, 1.0)).nodeOf());
    }

    /** A big node first: FFD fills it, BFD puts 0.9 where it leaves least (the small node), WFD where most. */
    @Test
    void bestAndWorstFitChooseByWhatIsLeft() throws Exception {
        List<NodeState> nodes = List.of(node("big", 2.0, 1000, 100), node("small", 1.0, 1000, 100));
        Application app = app(List.of(), comp("x", 0.9), comp("y", 0.3));
        assertEquals(Map.of("x", "big", "y", "big"), pack(Strategy.FFD, "cpu", app, nodes).nodeOf());
        assertEquals(Map.of("x", "small", "y", "big"), pack(Strategy.BFD, "cpu", app, nodes).nodeOf());
        assertEquals(Map.of("x", "big", "y", "big"), pack(Strategy.WFD, "cpu", app, nodes).nodeOf());
        // on alike nodes worst fit spreads: 0.4 -> n0, then 0.3 where most is left, n1
        assertEquals(Map.of("x", "n0", "y", "n1"), pack(Strategy.WFD, "cpu", app(List.of(), comp("x", 0.4), comp("y", 0.3)), nodes(2, 1.0)).nodeOf());
    }

    /** Sorted by memory, the memory-heavy component goes first and takes the first node. */
    @Test
    void theChosenResourceOrdersTheComponents() throws Exception {
        List<NodeState> nodes = List.of(node("n0", 1.0, 100, 100), node("n1", 1.0, 100, 100));
        Application app = app(List.of(), comp("cpuHeavy", 0.8, 10, null), comp("memHeavy", 0.3, 90, null));
        assertEquals(Map.of("cpuHeavy", "n0", "memHeavy", "n1"), pack(Strategy.FFD, "cpu", app, nodes).nodeOf());
        assertEquals(Map.of("memHeavy", "n0", "cpuHeavy", "n1"), pack(Strategy.FFD, "memory", app, nodes).nodeOf());
        assertThrows(IllegalArgumentException.class, () -> new BinPacking(Strategy.FFD, "disk", "binpack"));
    }

    @Test
    void pinsAreHonouredAndCount() throws Exception {
        Application app = app(List.of(), comp("p", 0.7, 0, "n1"), comp("a", 0.5), comp("b", 0.3));
        // p takes 0.7 of n1: 0.5 -> n0, 0.3 -> n0 (first fit)
        assertEquals(Map.of("p", "n1", "a", "n0", "b", "n0"), pack(Strategy.FFD, "cpu", app, nodes(2, 1.0)).nodeOf());
    }

    @Test
    void infeasibleRequestsNameResourceNodesAndLowerBound() {
        Application app = app(List.of(), comp("a", 0.6), comp("b", 0.6), comp("c", 0.6));
        AllocationException e = assertThrows(AllocationException.class, () -> pack(Strategy.BFD, "cpu", app, nodes(2, 1.0)));
        assertTrue(e.getMessage().contains("component 'c'") && e.getMessage().contains("cpu short on n0, n1"), e.getMessage());
        assertTrue(e.getMessage().contains("lower bound: 2 of 2 available nodes"), e.getMessage());
    }

    /** On one-dimensional instances FFD stays within the lower bound + 2 (here: exactly measured). */
    @Test
    void ffdIsNearTheLowerBoundInOneDimension() throws Exception {
        for (long seed = 1; seed <= 5; seed++) {
            ProblemGenerator.Generated g = ProblemGenerator.generate(300, 60, seed, 0.8, 1);
            List<NodeState> nodes = g.domain().nodes().stream().map(n -> new NodeState(n, org.race.api.model.Resources.ZERO, true)).toList();
            Placement p = pack(Strategy.FFD, "cpu", g.application(), nodes);
            Problem problem = Problem.of(g.application(), nodes);
            Assignment a = replay(problem, p);
            assertTrue(a.nodesUsed() <= Diagnosis.lowerBound(problem) + 2, "seed " + seed + ": " + a.nodesUsed() + " vs " + Diagnosis.lowerBound(problem));
        }
    }

    /** Every strategy by every resource on three-dimensional instances: each placement fits every node in every resource. */
    @Test
    void everyPlacementFitsTheCapacities() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            ProblemGenerator.Generated g = ProblemGenerator.generate(200, 60, seed, 0.7, 3);
            List<NodeState> nodes = g.domain().nodes().stream().map(n -> new NodeState(n, org.race.api.model.Resources.ZERO, true)).toList();
            for (Strategy s : Strategy.values()) {
                for (String resource : Problem.RESOURCES) {
                    Placement p = pack(s, resource, g.application(), nodes);
                    assertEquals(g.application().components().size(), p.nodeOf().size(), s + " by " + resource + ": every component placed");
                    replay(Problem.of(g.application(), nodes), p);
                }
            }
        }
    }

    /**
     * The placement replayed component by component on an independent model of the nodes, each checked to fit
     * (its own demand and its connections' bandwidth) before it is assigned; at the end no node is over any capacity.
     */
    static Assignment replay(Problem problem, Placement p) {
        Assignment a = new Assignment(problem);
        java.util.List<String> names = java.util.Arrays.asList(problem.nodeNames);
        for (int c = 0; c < problem.components; c++) {
            String node = p.nodeOf().get(problem.componentNames[c]);
            int n = names.indexOf(node);
            assertTrue(n >= 0, problem.componentNames[c] + " on an unknown node " + node);
            assertTrue(a.fits(c, n), problem.componentNames[c] + " does not fit on " + node);
            a.assign(c, n);
        }
        for (int n = 0; n < problem.nodes; n++) {
            for (int r = 0; r < Problem.R; r++) {
                assertTrue(a.free(n, r) >= -1e-9, problem.nodeNames[n] + " over its " + Problem.RESOURCES[r] + ": " + a.free(n, r));
            }
        }
        return a;
    }

    @Test
    void deterministic() throws Exception {
        ProblemGenerator.Generated g = ProblemGenerator.generate(500, 60, 9, 0.8, 3);
        List<NodeState> nodes = g.domain().nodes().stream().map(n -> new NodeState(n, org.race.api.model.Resources.ZERO, true)).toList();
        for (Strategy s : Strategy.values()) {
            assertEquals(pack(s, "cpu", g.application(), nodes), pack(s, "cpu", g.application(), nodes));
        }
    }
}
