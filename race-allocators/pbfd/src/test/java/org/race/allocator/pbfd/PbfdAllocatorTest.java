package org.race.allocator.pbfd;

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
import org.race.allocator.common.Assignment;
import org.race.allocator.common.Problem;
import org.race.allocator.common.ProblemGenerator;
import org.race.api.model.AllocationException;
import org.race.api.model.Application;
import org.race.api.model.Connection;
import org.race.api.model.NodeState;
import org.race.api.model.Placement;
import org.race.api.model.Resources;

class PbfdAllocatorTest {
    private final PbfdAllocator pbfd = new PbfdAllocator();

    /**
     * a-b talk at 5 Mbit/s, b-c at 1; each node holds two of the three. Listed a, c, b, first fit
     * puts a and c together (6 Mbit/s cross-node); PBFD walks a, b, c and keeps a with b (1 Mbit/s).
     */
    @Test
    void communicatingComponentsLandTogether() throws Exception {
        Application app = app(List.of(new Connection("a", "b", 5), new Connection("b", "c", 1)),
                comp("a", 0.4), comp("c", 0.4), comp("b", 0.4));
        Placement p = pbfd.allocate(app, nodes(3, 1.0));
        assertEquals(Map.of("a", "n0", "b", "n0", "c", "n1"), p.nodeOf());
        assertEquals(1.0, cross(app, nodes(3, 1.0), p), 1e-9);
    }

    /** A pinned component seeds the walk: its neighbour follows it to its node. */
    @Test
    void pinnedComponentsDrawTheirNeighbours() throws Exception {
        Application app = app(List.of(new Connection("s", "f", 2)), comp("f", 0.3), comp("s", 0.1, 0, "n2"));
        assertEquals(Map.of("s", "n2", "f", "n2"), pbfd.allocate(app, nodes(3, 1.0)).nodeOf());
    }

    /** Unconnected components are packed best fit decreasing into the nodes already in use. */
    @Test
    void unconnectedComponentsArePackedDecreasing() throws Exception {
        Application app = app(List.of(), comp("c", 0.4), comp("e", 0.2), comp("a", 0.6), comp("d", 0.3), comp("b", 0.5));
        // a(0.6) opens n0; b(0.5) opens n1; c(0.4) best fit n0 (0 left); d(0.3) n1; e(0.2) n1
        assertEquals(Map.of("a", "n0", "b", "n1", "c", "n0", "d", "n1", "e", "n1"), pbfd.allocate(app, nodes(3, 1.0)).nodeOf());
    }

    /** All three resources count: memory forces a second node although cpu would fit on one. */
    @Test
    void everyResourceIsRespected() throws Exception {
        List<NodeState> nodes = List.of(node("n0", 1.0, 100, 100), node("n1", 1.0, 100, 100));
        Application app = app(List.of(), comp("a", 0.1, 60, null), comp("b", 0.1, 60, null));
        Placement p = pbfd.allocate(app, nodes);
        assertTrue(!p.nodeOf().get("a").equals(p.nodeOf().get("b")), p.nodeOf().toString());
    }

    /** The bandwidth of a link bounds how much may cross it. */
    @Test
    void crossNodeBandwidthStaysWithinLinkCapacity() throws Exception {
        // a and b cannot share a node (cpu) and their 20 Mbit/s exceed the 10 Mbit/s links
        List<NodeState> nodes = List.of(node("n0", 1.0, 100, 10), node("n1", 1.0, 100, 10));
        Application app = app(List.of(new Connection("a", "b", 20)), comp("a", 0.6), comp("b", 0.6));
        AllocationException e = assertThrows(AllocationException.class, () -> pbfd.allocate(app, nodes));
        assertTrue(e.getMessage().contains("component 'b'"), e.getMessage());
        assertTrue(e.getMessage().contains("bandwidth short on n1"), e.getMessage());
    }

    @Test
    void largeGeneratedProblemsArePlacedFeasiblyAndDeterministically() throws Exception {
        ProblemGenerator.Generated g = ProblemGenerator.generate(2000, 200, 5, 0.8, 3);
        List<NodeState> nodes = g.domain().nodes().stream().map(n -> new NodeState(n, Resources.ZERO, true)).toList();
        Placement p = pbfd.allocate(g.application(), nodes);
        assertEquals(p, pbfd.allocate(g.application(), nodes));
        cross(g.application(), nodes, p); // throws if any capacity is exceeded
    }

    /** Cross-node bandwidth of a placement, checking every capacity on the way. */
    static double cross(Application app, List<NodeState> nodes, Placement p) throws AllocationException {
        Assignment a = new Assignment(Problem.of(app, nodes));
        for (int c = 0; c < a.problem.components; c++) {
            String n = p.nodeOf().get(a.problem.componentNames[c]);
            int j = nodes.stream().map(NodeState::name).toList().indexOf(n);
            assertTrue(a.fits(c, j), a.problem.componentNames[c] + " overflows " + n);
            a.assign(c, j);
        }
        return a.crossNodeBandwidth();
    }
}
