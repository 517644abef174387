package org.race.allocator.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ProblemGeneratorTest {
    /** Issue 17 item 10: these ran for minutes before failing; now they are refused before any work. */
    @Test
    void hugeSpecsAreRefusedAtOnceNamingTheBound() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertEquals("generate: triplet bins must be between 1 and 8000, got 999999999",
                    assertThrows(IllegalArgumentException.class, () -> ProblemGenerator.parse("triplets:999999999")).getMessage());
            assertEquals("generate: triplet bins must be between 1 and 8000, got 1000000",
                    assertThrows(IllegalArgumentException.class, () -> ProblemGenerator.parse("triplets:1000000")).getMessage());
            assertEquals("generate: components must be between 1 and 100000, got 100000000",
                    assertThrows(IllegalArgumentException.class, () -> ProblemGenerator.parse("100000000x10")).getMessage());
            assertEquals("generate: nodes must be between 1 and 10000, got 10001",
                    assertThrows(IllegalArgumentException.class, () -> ProblemGenerator.parse("10x10001")).getMessage());
            assertEquals("generate: components: '99999999999999999999' is not a whole number",
                    assertThrows(IllegalArgumentException.class, () -> ProblemGenerator.parse("99999999999999999999x10")).getMessage());
        });
    }

    @Test
    void theBoundsThemselvesAreAccepted() {
        assertEquals(ProblemGenerator.MAX_TRIPLET_BINS * 3, ProblemGenerator.parse("triplets:" + ProblemGenerator.MAX_TRIPLET_BINS).application().components().size());
        assertEquals(ProblemGenerator.MAX_NODES, ProblemGenerator.parse("10x" + ProblemGenerator.MAX_NODES).domain().nodes().size());
    }

    /**
     * The bandwidth-tight class: its planted placement (group g on node g, groups in the connection
     * order) fits; spreading the same components round-robin, which cpu alone would allow, does not.
     */
    @Test
    void bandwidthTightInstancesHaveAFeasiblePlacementThatCpuPackingMisses() throws Exception {
        ProblemGenerator.Generated g = ProblemGenerator.bandwidthTight(20, 3);
        java.util.List<org.race.api.model.NodeState> nodes = g.domain().nodes().stream()
                .map(n -> new org.race.api.model.NodeState(n, org.race.api.model.Resources.ZERO, true)).toList();
        Problem p = Problem.of(g.application(), nodes);
        java.util.Map<String, Integer> groupOf = new java.util.HashMap<>();
        // the 3 Mbit/s links come group by group, three to a group; the 0.5 ones join groups
        int inside = 0;
        for (org.race.api.model.Connection k : g.application().connections()) {
            if (k.bandwidth() < 1) continue;
            groupOf.putIfAbsent(k.from(), inside / 3);
            groupOf.putIfAbsent(k.to(), inside / 3);
            inside++;
        }
        assertEquals(80, groupOf.size());
        Assignment planted = new Assignment(p);
        for (int c = 0; c < p.components; c++) {
            int j = groupOf.get(p.componentNames[c]);
            assertTrue(planted.fits(c, j), p.componentNames[c] + " on n" + j);
            planted.assign(c, j);
        }
        Assignment spread = new Assignment(p);
        boolean overflowed = false;
        for (int c = 0; c < p.components && !overflowed; c++) {
            int j = c % p.nodes;
            if (spread.shortfall(c, j) == 2) overflowed = true;
            else if (spread.fits(c, j)) spread.assign(c, j);
        }
        assertTrue(overflowed, "spreading by cpu alone overflows some node's bandwidth");
    }
}
