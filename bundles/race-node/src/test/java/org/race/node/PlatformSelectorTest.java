package org.race.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.race.node.jvm.JvmPlatform;
import org.race.node.sim.SimPlatform;

class PlatformSelectorTest {
    @Test
    void simUnlessThePropertySaysJvm() {
        assertEquals(new PlatformSelector.Choice("sim", null), PlatformSelector.choose(null));
        assertEquals(new PlatformSelector.Choice("sim", null), PlatformSelector.choose(" "));
        assertEquals(new PlatformSelector.Choice("sim", null), PlatformSelector.choose("sim"));
        assertEquals(new PlatformSelector.Choice("jvm", null), PlatformSelector.choose("jvm"));
        assertEquals(new PlatformSelector.Choice("jvm", null), PlatformSelector.choose(" JVM "));
    }

    @Test
    void anUnknownValueIsAnErrorNamingThePropertyAndTheChoices() {
        PlatformSelector.Choice c = PlatformSelector.choose("real");
        assertEquals("sim", c.platform());
        assertTrue(c.error().contains("race.platform") && c.error().contains("'real'") && c.error().contains("jvm, sim"), c.error());
    }

    @Test
    void platformsAreEnabledByTheirComponentNames() {
        assertEquals(SimPlatform.class.getName(), PlatformSelector.COMPONENTS.get("sim"));
        assertEquals(JvmPlatform.class.getName(), PlatformSelector.COMPONENTS.get("jvm"));
        assertNull(PlatformSelector.choose("jvm").error());
    }
}
