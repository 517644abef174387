package org.race.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two containers, one state file (issue 17, item 5): both used to say "deployed" and only one
 * application survived. Now the second one is refused while the first runs, naming its pid, and after
 * the first has ended the file is free again with the first's application in it.
 */
class StateFileIT {
    @Test
    void aSecondContainerOnTheSameStateFileIsRefusedNamingTheFirstsPid(@TempDir Path dir) throws Exception {
        Path home = dir.resolve("race");
        LauncherIT.copyTree(Dist.home(), home);
        Files.writeString(home.resolve("conf/race.engine.cfg"), "\nstateFile = ${race.home}/data/registry.json\n", StandardOpenOption.APPEND);
        Path state = home.resolve("data/registry.json");
        // the first runs on real threads, so that race:run keeps it alive (for real minutes: a loaded machine
        // may take many seconds to start the second)
        Path out = dir.resolve("first.out"), err = dir.resolve("first.err");
        Process first = LauncherIT.start(home, Map.of("RACE_PLATFORM", "jvm"), home, out, err, "race:deploy examples/gnc-sc1.json; race:run 120");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(state) && Files.readString(state).contains("\"gnc-sc1\""))) {
            assertTrue(first.isAlive() && System.nanoTime() < until, "the first container did not deploy: " + Files.readString(err));
            Thread.sleep(100);
        }

        LauncherIT.Run second = LauncherIT.raceAt(home, Map.of(), home, "race:deploy examples/science-slow-survey.json");
        assertNotEquals(0, second.status(), second.out());
        // one clear line before anything starts: no stack trace, no component failing after it
        String refusal = second.err().strip();
        assertTrue(refusal.startsWith("race: state file ") && refusal.contains("registry.json is in use by the RACE container of pid " + first.pid() + " (lock ")
                && refusal.endsWith("; stop that container or configure another stateFile in " + home.resolve("conf/race.engine.cfg")), refusal);
        assertFalse(refusal.contains("\n") || refusal.contains("Exception"), "one line, no stack trace: " + refusal);
        assertEquals("", second.out());
        assertTrue(first.isAlive(), "the first runs on");

        first.destroy(); // SIGTERM: the framework stops, the engine lets the lock go
        assertTrue(first.waitFor(60, TimeUnit.SECONDS), "the first container did not stop on SIGTERM");
        LauncherIT.Run third = LauncherIT.raceAt(home, Map.of(), home, "race:apps");
        assertEquals(0, third.status(), third.err());
        assertTrue(third.out().contains("gnc-sc1") && !third.out().contains("science"), third.out());
    }

    /** Item 3: after kill -9 and a restart, race:events still tells what the engine did before (and the lock went with the process). */
    @Test
    void theEventsSurviveKillMinusNine(@TempDir Path dir) throws Exception {
        Path home = dir.resolve("race");
        LauncherIT.copyTree(Dist.home(), home);
        Files.writeString(home.resolve("conf/race.engine.cfg"), "\nstateFile = ${race.home}/data/registry.json\n", StandardOpenOption.APPEND);
        Path contract = dir.resolve("contract.json");
        Files.writeString(contract, "{\"name\": \"contract\", \"region\": {\"period\": {\"min\": 100, \"max\": 200}},"
                + " \"components\": [{\"name\": \"k\", \"executionTime\": 5, \"memory\": 1}]}");
        Path out = dir.resolve("first.out"), err = dir.resolve("first.err"), events = home.resolve("data/registry.json.events");
        Process first = LauncherIT.start(home, Map.of("RACE_PLATFORM", "jvm"), home, out, err, "race:deploy " + contract + "; race:run 30");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(events) && Files.readString(events).contains("admitted contract"))) {
            assertTrue(first.isAlive() && System.nanoTime() < until, "the first container did not admit the contract: " + Files.readString(err));
            Thread.sleep(100);
        }
        first.destroyForcibly(); // kill -9: nothing is written on the way out
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));

        LauncherIT.Run restarted = LauncherIT.raceAt(home, Map.of(), home, "race:events");
        assertEquals(0, restarted.status(), restarted.err());
        assertTrue(restarted.out().contains("admitted contract (medium) at 10 Hz"), restarted.out());
    }
}
