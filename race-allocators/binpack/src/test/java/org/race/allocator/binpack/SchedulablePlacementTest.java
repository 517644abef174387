package org.race.allocator.binpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.race.allocator.binpack.BinPacking.Strategy;
import org.race.allocator.common.Systems;
import org.race.api.Allocator;
import org.race.api.analysis.PeriodicTask;
import org.race.api.analysis.SchedulabilityView;
import org.race.api.model.AllocationException;
import org.race.api.model.Application;
import org.race.api.model.Node;
import org.race.api.model.NodeState;
import org.race.api.model.Resources;

/**
 * Issue 15's measured defect: attitude (50 ms every 100 ms) runs on q1; beacon (70 ms every 150 ms, 0.467 cpu) fits
 * q1's capacity (0.967), and there misses its deadline (worst case 170 ms > 150 ms) while q2 is empty. Placing by
 * schedulability, first fit and bin packing put it on q2.
 */
class SchedulablePlacementTest {
    private static final Application BEACON = Systems.app("beacon", 150, 150, 70 / 150.0);
    private static final List<NodeState> NODES = List.of(
            new NodeState(new Node("q1", new Resources(1, 1024, 100)), new Resources(0.5, 1, 0), true),
            new NodeState(new Node("q2", new Resources(1, 1024, 100)), Resources.ZERO, true));
    /** Rate-monotonic priorities; the declared execution times as the worst case, as the figures are. */
    private static final SchedulabilityView VIEW = new SchedulabilityView(
            Map.of("q1", List.of(new PeriodicTask("attitude", "ctl", Systems.rateMonotonic(100), 100, 50, 0, 100))),
            Map.of("c0", new PeriodicTask("beacon", "c0", Systems.rateMonotonic(150), 150, 70, 0, 150)));

    private static String beaconNode(Allocator a, SchedulabilityView view) throws Exception {
        return (view == null ? a.allocate(BEACON, NODES) : a.allocate(BEACON, NODES, view)).nodeOf().get("c0");
    }

    @Test
    void firstFitPlacesTheSecondApplicationWhereItMeetsItsDeadline() throws Exception {
        FirstFitAllocator firstFit = new FirstFitAllocator();
        assertEquals("q1", beaconNode(firstFit, null), "by capacity: stacked on q1");
        assertEquals("q2", beaconNode(firstFit, VIEW));
    }

    @Test
    void binPackingPlacesTheSecondApplicationWhereItMeetsItsDeadline() throws Exception {
        for (Strategy s : List.of(Strategy.FFD, Strategy.BFD)) {
            BinPacking packing = new BinPacking(s, "cpu", "binpack");
            assertEquals("q1", packing.allocate(BEACON, NODES).nodeOf().get("c0"), s + " by capacity: stacked on q1");
            assertEquals("q2", packing.allocate(BEACON, NODES, VIEW).nodeOf().get("c0"), s.toString());
        }
    }

    @Test
    void noSchedulableNodeIsSaidSo() {
        SchedulabilityView tooLong = new SchedulabilityView(VIEW.deployed(), Map.of("c0", new PeriodicTask("beacon", "c0", 1, 150, 70, 0, 60)));
        Exception e = assertThrows(AllocationException.class,
                () -> new FirstFitAllocator().allocate(BEACON, NODES, tooLong));
        assertTrue(e.getMessage().contains("not schedulable on q1, q2"), e.getMessage());
    }
}
