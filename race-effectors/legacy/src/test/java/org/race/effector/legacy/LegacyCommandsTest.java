package org.race.effector.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.race.api.model.Domain;
import org.race.api.model.Node;
import org.race.api.model.NodeState;
import org.race.api.model.Resources;

/** The node an adopted process belongs to: named, or the domain's only one. */
class LegacyCommandsTest {
    private static Domain domain(String... nodes) {
        return new Domain("lab", List.of(nodes).stream().map(n -> new Node(n, new Resources(1, 512, 10))).toList(), 1);
    }

    @Test
    void aOneNodeDomainNeedsNoNodeOption() {
        assertEquals("sc1", LegacyCommands.node(Optional.of(domain("sc1")), null));
        assertEquals("sc2", LegacyCommands.node(Optional.of(domain("sc1", "sc2")), "sc2"));
    }

    @Test
    void aMissingOrUnknownNodeIsRefusedNamingTheNodes() {
        assertEquals("race:adopt: --node NODE is needed: domain lab has 2 nodes (sc1, sc2)",
                assertThrows(IllegalArgumentException.class, () -> LegacyCommands.node(Optional.of(domain("sc1", "sc2")), null)).getMessage());
        assertEquals("race:adopt: --node 'sc9' is not a node of domain lab (sc1, sc2)",
                assertThrows(IllegalArgumentException.class, () -> LegacyCommands.node(Optional.of(domain("sc1", "sc2")), "sc9")).getMessage());
        assertEquals("race:adopt: no domain loaded (race:domain <file>): an adopted process is a component of one of its nodes",
                assertThrows(IllegalArgumentException.class, () -> LegacyCommands.node(Optional.empty(), "sc1")).getMessage());
    }

    /** Issue 17 item 6: --cpu 100 was booked on a node of cpu 1, and PID 1 was reniced. */
    @Test
    void aQuotaBeyondTheNodesFreeCpuIsRefused() {
        NodeState sc1 = new NodeState(new Node("sc1", new Resources(1, 512, 10)), new Resources(0.25, 0, 0), true);
        assertEquals("--cpu 100 is more than node sc1 has available (0.75 of 1 cpu, race:nodes)",
                LegacyCommands.refusal(4242, 7, false, 100, Optional.of(sc1)));
        assertEquals("--cpu 0.8 is more than node sc1 has available (0.75 of 1 cpu, race:nodes)",
                LegacyCommands.refusal(4242, 7, true, 0.8, Optional.of(sc1)), "--force does not overbook a node");
        assertNull(LegacyCommands.refusal(4242, 7, false, 0.75, Optional.of(sc1)));
        assertNull(LegacyCommands.refusal(4242, 7, false, 0, Optional.of(sc1)), "no quota, nothing booked");
    }

    @Test
    void initAndTheContainerItselfNeedForce() {
        assertEquals("PID 1 is init: its nice value and quota would apply to the whole machine (--force to adopt it anyway)",
                LegacyCommands.refusal(1, 7, false, 0, Optional.empty()));
        assertEquals("PID 7 is this container: adopting it would renice RACE itself (--force to adopt it anyway)",
                LegacyCommands.refusal(7, 7, false, 0, Optional.empty()));
        assertNull(LegacyCommands.refusal(1, 7, true, 0, Optional.empty()));
        assertNull(LegacyCommands.refusal(7, 7, true, 0, Optional.empty()));
    }
}
