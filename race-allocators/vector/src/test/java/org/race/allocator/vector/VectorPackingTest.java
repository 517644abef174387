package org.race.allocator.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.race.allocator.common.Fixtures.app;
import static org.race.allocator.common.Fixtures.comp;
import static org.race.allocator.common.Fixtures.node;
import static org.race.allocator.common.Fixtures.nodes;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.race.allocator.common.Assignment;
import org.race.allocator.common.Diagnosis;
import org.race.allocator.common.Problem;
import org.race.allocator.common.ProblemGenerator;
import org.race.api.model.AllocationException;
import org.race.api.model.Application;
import org.race.api.model.Component;
import org.race.api.model.Connection;
import org.race.api.model.NodeState;
import org.race.api.model.Placement;
import org.race.api.model.Resources;

class VectorPackingTest {
    private static VectorPacking packing(VectorPacking.Fit fit) {
        return new VectorPacking(fit, fit.name());
    }

    /**
     * Seven two-resource components whose cpu adds up to 41 of 10 per node: five nodes is the
     * optimum (the lower bound). First fit decreasing by the sum of demands needs six here (it puts
     * (7,9) and (8,6) first on separate nodes and strands the rest); both vector fits pair shapes
     * that complement each other and reach five.
     */
    @ParameterizedTest
    @EnumSource(VectorPacking.Fit.class)
    void reachesTheKnownOptimum(VectorPacking.Fit fit) throws Exception {
        int[][] demands = { { 5, 1 }, { 7, 9 }, { 6, 7 }, { 8, 6 }, { 3, 4 }, { 5, 4 }, { 7, 2 } };
        List<Component> cs = new ArrayList<>();
        for (int i = 0; i < demands.length; i++) cs.add(comp("c" + i, demands[i][0], demands[i][1], null));
        Application app = app(List.of(), cs.toArray(Component[]::new));
        List<NodeState> nodes = new ArrayList<>();
        for (int j = 0; j < 7; j++) nodes.add(node("n" + j, 10, 10, 100));
        Placement p = packing(fit).allocate(app, nodes, null);
        assertEquals(5, Diagnosis.lowerBound(Problem.of(app, nodes)));
        assertEquals(5, new HashSet<>(p.nodeOf().values()).size(), p.nodeOf().toString());
        replay(app, nodes, p);
    }

    /** A pinned component stays on its node, and that node is filled first. */
    @ParameterizedTest
    @EnumSource(VectorPacking.Fit.class)
    void pinsAreHonoured(VectorPacking.Fit fit) throws Exception {
        Application app = app(List.of(), comp("a", 0.5), comp("b", 0.5), comp("p", 0.5, 0, "n2"));
        Placement p = packing(fit).allocate(app, nodes(3, 1.0), null);
        assertEquals("n2", p.nodeOf().get("p"));
        assertEquals(2, p.nodeOf().values().stream().filter("n2"::equals).count(), p.nodeOf().toString());
    }

    /** An overflowing pin is refused as by every allocator. */
    @ParameterizedTest
    @EnumSource(VectorPacking.Fit.class)
    void anOverflowingPinIsRefused(VectorPacking.Fit fit) {
        Application app = app(List.of(), comp("p", 1.5, 0, "n0"));
        AllocationException e = assertThrows(AllocationException.class, () -> packing(fit).allocate(app, nodes(2, 1.0), null));
        assertTrue(e.getMessage().contains("'p' overflows node n0 in cpu"), e.getMessage());
    }

    /** Connection bandwidth counts on both ends: two components that must split cannot talk at 20 over 10 Mbit/s links. */
    @ParameterizedTest
    @EnumSource(VectorPacking.Fit.class)
    void connectionBandwidthIsChargedOnBothEnds(VectorPacking.Fit fit) {
        List<NodeState> nodes = List.of(node("n0", 1.0, 100, 10), node("n1", 1.0, 100, 10));
        Application app = app(List.of(new Connection("a", "b", 20)), comp("a", 0.6), comp("b", 0.6));
        AllocationException e = assertThrows(AllocationException.class, () -> packing(fit).allocate(app, nodes, null));
        assertTrue(e.getMessage().contains("fits on no node"), e.getMessage());
        assertTrue(e.getMessage().contains("bandwidth short"), e.getMessage());
    }

    /** Memory, not cpu, forces the second node. */
    @ParameterizedTest
    @EnumSource(VectorPacking.Fit.class)
    void everyResourceIsRespected(VectorPacking.Fit fit) throws Exception {
        List<NodeState> nodes = List.of(node("n0", 1.0, 100, 100), node("n1", 1.0, 100, 100));
        Application app = app(List.of(), comp("a", 0.1, 60, null), comp("b", 0.1, 60, null));
        Placement p = packing(fit).allocate(app, nodes, null);
        assertNotEquals(p.nodeOf().get("a"), p.nodeOf().get("b"));
    }

    /** A large connected 3-D problem: every capacity holds (replayed), same input same placement. */
    @ParameterizedTest
    @EnumSource(VectorPacking.Fit.class)
    void largeProblemsFitAndAreDeterministic(VectorPacking.Fit fit) throws Exception {
        ProblemGenerator.Generated g = ProblemGenerator.generate(2000, 200, 5, 0.8, 3);
        List<NodeState> nodes = g.domain().nodes().stream().map(n -> new NodeState(n, Resources.ZERO, true)).toList();
        Placement p = packing(fit).allocate(g.application(), nodes, null);
        assertEquals(p, packing(fit).allocate(g.application(), nodes, null));
        replay(g.application(), nodes, p);
    }

    /** Replays a placement through Assignment, failing on the first component that overflows a node. */
    static void replay(Application app, List<NodeState> nodes, Placement p) throws AllocationException {
        Assignment a = new Assignment(Problem.of(app, nodes));
        Map<String, String> on = p.nodeOf();
        List<String> names = nodes.stream().map(NodeState::name).toList();
        for (int c = 0; c < a.problem.components; c++) {
            int j = names.indexOf(on.get(a.problem.componentNames[c]));
            assertTrue(a.fits(c, j), a.problem.componentNames[c] + " overflows " + on.get(a.problem.componentNames[c]));
            a.assign(c, j);
        }
    }
}
