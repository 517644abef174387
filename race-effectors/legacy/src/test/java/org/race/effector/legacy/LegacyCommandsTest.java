package org.race.effector.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.race.api.model.Domain;
import org.race.api.model.Node;
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
}
