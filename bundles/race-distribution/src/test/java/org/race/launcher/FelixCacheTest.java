package org.race.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FelixCacheTest {
    @Test
    void removesTheCachesOfProcessesThatAreGoneOnly(@TempDir Path tmp) throws Exception {
        Path dead = Files.createDirectories(tmp.resolve("race-felix-99999999-1").resolve("bundle1"));
        Files.writeString(dead.resolve("state"), "x");
        Path alive = Files.createDirectories(tmp.resolve("race-felix-" + ProcessHandle.current().pid() + "-2"));
        Path unnamed = Files.createDirectories(tmp.resolve("race-felix-123456")); // an older launcher's: whose, unknown
        assertEquals(List.of(dead.getParent()), FelixCache.removeStale(tmp));
        assertFalse(Files.exists(dead.getParent()));
        assertTrue(Files.exists(alive));
        assertTrue(Files.exists(unnamed));
    }

    @Test
    void deletingAFolderThatIsGoingAlreadyIsQuiet(@TempDir Path tmp) throws Exception {
        Path d = Files.createDirectories(tmp.resolve("a/b/c"));
        FelixCache.delete(tmp.resolve("a"));
        FelixCache.delete(tmp.resolve("a"));
        assertFalse(Files.exists(d));
    }
}
