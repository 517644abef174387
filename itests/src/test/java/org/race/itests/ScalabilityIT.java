package org.race.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.race.itests.LauncherIT.Run;

/**
 * race:scalability --on and --report (the race-experiment-scalability bundle from extras/ in deploy/) with the
 * nodes in the container itself; ClusterScriptIT runs --on with the nodes in node containers.
 */
class ScalabilityIT {
    @TempDir
    Path dir;
    private Path home;

    @BeforeEach
    void container() throws Exception {
        home = dir.resolve("race");
        LauncherIT.copyTree(Dist.home(), home);
        Files.copy(Dist.extra("race-experiment-scalability"), home.resolve("deploy").resolve(Dist.extra("race-experiment-scalability").getFileName()));
    }

    @Test
    void measuresTheNodesThisContainerHostsAndReportsThem() throws Exception {
        Path out = dir.resolve("results");
        Run r = LauncherIT.raceAt(home, Map.of("RACE_JAVA_OPTS", "-Drace.nodes=sc1,sc2"), home,
                "race:scalability --on sc1,sc2 --iterations 5 --out " + out + "; race:apps; race:scalability --report --out " + out);
        assertEquals(0, r.status(), r.err());
        for (String mode : List.of("hierarchical", "flat")) {
            assertTrue(Pattern.compile("(?m)^in-process\\s+2\\s+5\\s+" + mode + "(\\s+[0-9.]+){4}$").matcher(r.out()).find(), r.out());
            // the report: in-process figures, no remote ones yet, so no ratio
            assertTrue(Pattern.compile("(?m)^2\\s+" + mode + "\\s+[0-9.]+\\s+-\\s+-\\s").matcher(r.out()).find(), r.out());
        }
        assertFalse(r.out().contains("app0"), "undeployed after measuring: " + r.out());
        assertTrue(r.out().contains("in-process, 2 nodes: flat / hierarchical median monitoring delay "), r.out());
        String svg = Files.readString(out.resolve("scalability-distributed.svg"));
        assertTrue(svg.startsWith("<svg") && svg.contains("in-process hierarchical") && svg.contains("in-process flat"), svg);
    }

    @Test
    void nodesUpBesidesTheOnesNamedAreRefused() throws Exception {
        Path out = dir.resolve("results");
        Run r = LauncherIT.raceAt(home, Map.of(), home, "race:scalability --on sc1 --out " + out);
        assertEquals(1, r.status(), r.out());
        assertTrue(r.err().contains("race:scalability --on sc1: the nodes up are [sc1, sc2, sc3, sc4, sc5, ground]"), r.err());
        assertFalse(Files.exists(out.resolve("scalability-distributed.csv")));
    }
}
