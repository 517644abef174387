package org.race.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        // the first runs on real threads, so that race:run keeps it alive for real seconds
        Path out = dir.resolve("first.out"), err = dir.resolve("first.err");
        Process first = LauncherIT.start(home, Map.of("RACE_PLATFORM", "jvm"), home, out, err, "race:deploy examples/gnc-sc1.json; race:run 15");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.exists(state) && Files.readString(state).contains("\"gnc-sc1\""))) {
            assertTrue(first.isAlive() && System.nanoTime() < until, "the first container did not deploy: " + Files.readString(err));
            Thread.sleep(100);
        }

        LauncherIT.Run second = LauncherIT.raceAt(home, Map.of(), home, "race:deploy examples/science-slow-survey.json");
        assertNotEquals(0, second.status(), second.out());
        assertTrue(second.err().contains("in use by the RACE container of pid " + first.pid()), second.err());
        assertTrue(first.isAlive(), "the first runs on");

        LauncherIT.Run firstDone = LauncherIT.finish(first, out, err);
        assertEquals(0, firstDone.status(), firstDone.err());
        LauncherIT.Run third = LauncherIT.raceAt(home, Map.of(), home, "race:apps");
        assertEquals(0, third.status(), third.err());
        assertTrue(third.out().contains("gnc-sc1") && !third.out().contains("science"), third.out());
    }
}
