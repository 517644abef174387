package org.race.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlatformsTest {
    private static final List<String> BOTH = List.of("jvm", "sim");

    @Test
    void simUnlessThePropertySaysJvm() {
        assertEquals(new Platforms.Choice("sim", null), Platforms.choose(null, BOTH));
        assertEquals(new Platforms.Choice("sim", null), Platforms.choose(" ", BOTH));
        assertEquals(new Platforms.Choice("sim", null), Platforms.choose("sim", BOTH));
        assertEquals(new Platforms.Choice("jvm", null), Platforms.choose("jvm", BOTH));
        assertEquals(new Platforms.Choice("jvm", null), Platforms.choose(" JVM ", BOTH));
    }

    @Test
    void anUnknownValueIsAnErrorNamingThePropertyAndTheChoices() {
        Platforms.Choice c = Platforms.choose("real", BOTH);
        assertEquals("sim", c.platform());
        assertTrue(c.error().contains("race.platform") && c.error().contains("'real'") && c.error().contains("jvm, sim"), c.error());
    }

    @Test
    void platformsAreStartedByTheirBundlesSymbolicNames(@TempDir Path dir) throws IOException {
        assertEquals("sim", Platforms.platformOf("race-platform-sim"));
        assertEquals("jvm", Platforms.platformOf("race-platform-jvm"));
        assertNull(Platforms.platformOf("race-node"));
        assertNull(Platforms.choose("jvm", BOTH).error());
        jar(dir.resolve("race-platform-sim-1.jar"), "race-platform-sim");
        jar(dir.resolve("race-platform-jvm-1.jar"), "race-platform-jvm;singleton:=true");
        jar(dir.resolve("race-node-1.jar"), "race-node");
        Map<String, Path> found = Platforms.in(dir);
        assertEquals(BOTH, List.copyOf(found.keySet()));
        assertEquals(dir.resolve("race-platform-jvm-1.jar"), found.get("jvm"));
        assertEquals(Map.of(), Platforms.in(dir.resolve("absent")));
    }

    private static void jar(Path path, String symbolicName) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        try (OutputStream out = Files.newOutputStream(path); JarOutputStream jar = new JarOutputStream(out, m)) {
            // the manifest is all it needs
        }
    }
}
