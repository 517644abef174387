package org.race.node.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;

import org.junit.jupiter.api.Test;

class NodeServicesTest {
    @Test
    void unsetOrStarHostsEveryNode() {
        assertNull(NodeServices.hosted(null));
        assertNull(NodeServices.hosted(" "));
        assertNull(NodeServices.hosted("*"));
    }

    @Test
    void noneHostsNoNodeAndAListHostsThose() {
        assertEquals(Set.of(), NodeServices.hosted("none"));
        assertEquals(Set.of("sc1", "ground"), NodeServices.hosted(" sc1, ground ,"));
    }
}
