package org.race.allocator.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.race.api.model.Connection;
import org.race.api.model.NodeState;

class AssignmentTest {
    /**
     * Issue 17 item 14: x on a big node sends 6 Mbit/s to each of a and b on a 10 Mbit/s node. Each
     * connection alone fits there, the two together (12) do not, as Application.demandOn counts them.
     */
    @Test
    void connectionsIntoOneNodeAreSummed() throws Exception {
        List<NodeState> nodes = List.of(Fixtures.node("big", 1, 1000, 100), Fixtures.node("small", 1, 1000, 10));
        Assignment a = new Assignment(Problem.of(Fixtures.app(List.of(new Connection("x", "a", 6), new Connection("x", "b", 6)),
                Fixtures.comp("a", 0.1), Fixtures.comp("b", 0.1), Fixtures.comp("x", 0.1)), nodes));
        a.assign(0, 1);
        a.assign(1, 1);
        assertFalse(a.fits(2, 0), "12 Mbit/s into a 10 Mbit/s node");
        assertEquals(2, a.shortfall(2, 0), "bandwidth");
        assertEquals(1, a.shortNode(2, 0), "the small node overflows");
        assertTrue(a.fits(2, 1), "on the small node itself no bandwidth is used");
    }

    /** The sum stops at the capacity, not before: two 5 Mbit/s connections fill a 10 Mbit/s node exactly. */
    @Test
    void connectionsThatFillANodeExactlyFit() throws Exception {
        List<NodeState> nodes = List.of(Fixtures.node("big", 1, 1000, 100), Fixtures.node("small", 1, 1000, 10));
        Assignment a = new Assignment(Problem.of(Fixtures.app(List.of(new Connection("x", "a", 5), new Connection("x", "b", 5)),
                Fixtures.comp("a", 0.1), Fixtures.comp("b", 0.1), Fixtures.comp("x", 0.1)), nodes));
        a.assign(0, 1);
        a.assign(1, 1);
        assertTrue(a.fits(2, 0));
        assertTrue(a.fits(2, 0), "checking twice leaves no trace");
        a.assign(2, 0);
        assertEquals(10, a.used(1, 2), 1e-9);
    }
}
