package org.race.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFileCheckTest {
    @Test
    void theStateFileIsWhereFileInstallWouldPutIt() {
        Path home = Path.of("/opt/race");
        assertEquals("/opt/race/data/registry.json", StateFileCheck.resolve("${race.home}/data/registry.json", home));
        assertEquals(System.getProperty("java.io.tmpdir") + "/r.json", StateFileCheck.resolve("${java.io.tmpdir}/r.json", home));
        assertNull(StateFileCheck.resolve("${no.such.property}/r.json", home), "unknown here: left to the engine");
    }

    @Test
    void aFreeOrUnsetStateFileIsNoRefusal(@TempDir Path home) throws Exception {
        assertNull(StateFileCheck.refusal(home), "no conf/race.engine.cfg");
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/race.engine.cfg"), "domain = x.json\n");
        assertNull(StateFileCheck.refusal(home), "no stateFile");
        Files.writeString(home.resolve("conf/race.engine.cfg"), "stateFile = ${race.home}/data/registry.json\n");
        assertNull(StateFileCheck.refusal(home), "no lock file yet");
        Files.createDirectories(home.resolve("data"));
        Files.writeString(home.resolve("data/registry.json.lock"), "4711\n");
        assertNull(StateFileCheck.refusal(home), "a lock file nobody holds: its container ended");
    }
}
