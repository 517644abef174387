package org.race.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
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
        Map<String, double[]> measured = new java.util.HashMap<>();
        for (String mode : List.of("hierarchical", "flat")) {
            // monitoring median and p99, actuation median and p99, ms: every delay some time, every p99 at least its median
            Matcher row = Pattern.compile("(?m)^in-process\\s+2\\s+5\\s+" + mode + "\\s+([0-9.]+)\\s+([0-9.]+)\\s+([0-9.]+)\\s+([0-9.]+)$").matcher(r.out());
            assertTrue(row.find(), r.out());
            double[] f = new double[4];
            for (int i = 0; i < 4; i++) f[i] = Double.parseDouble(row.group(i + 1));
            assertTrue(f[0] > 0 && f[1] >= f[0] && f[2] > 0 && f[3] >= f[2], mode + ": " + row.group());
            measured.put(mode, f);
            // the report, from the CSV: the same in-process figures, no remote ones yet, so no ratio
            Matcher reported = Pattern.compile("(?m)^2\\s+" + mode + "\\s+([0-9.]+)\\s+-\\s+-\\s+([0-9.]+)\\s+-\\s+-\\s+([0-9.]+)\\s+-\\s+-\\s+([0-9.]+)\\s+-\\s+-\\s*$")
                    .matcher(r.out());
            assertTrue(reported.find(), r.out());
            // both printed to four decimals from the same figure: one last digit apart at most (1e-4 itself is not exact in binary)
            for (int i = 0; i < 4; i++) assertEquals(f[i], Double.parseDouble(reported.group(i + 1)), 1.5e-4, mode + " figure " + i + ": " + r.out());
        }
        assertFalse(r.out().contains("app0"), "undeployed after measuring: " + r.out());
        Matcher ratio = Pattern.compile("in-process, 2 nodes: flat / hierarchical median monitoring delay ([0-9.]+)").matcher(r.out());
        assertTrue(ratio.find(), r.out());
        // to one decimal, of figures printed to four
        double h = measured.get("hierarchical")[0], f = measured.get("flat")[0];
        assertEquals(f / h, Double.parseDouble(ratio.group(1)), 0.051 + f / h * (0.00005 / h + 0.00005 / f), r.out());
        String svg = Files.readString(out.resolve("scalability-distributed.svg"));
        assertTrue(svg.startsWith("<svg") && svg.contains("in-process hierarchical") && svg.contains("in-process flat"), svg);
    }

    /**
     * The monitoring delay's tail in a fresh container: every period from the first, both modes, beside the goals; the
     * control loop's period is put back afterwards (the loop paused while measuring, so it did not double the collects).
     */
    @Test
    void theTailOfTheMonitoringDelayFromTheFirstPeriodBesideTheGoals() throws Exception {
        Path out = dir.resolve("results");
        Run r = LauncherIT.raceAt(home, Map.of(), home, "race:scalability --tail --nodes 2 --periods 30 --out " + out
                + "; race:scalability --tail-report --out " + out + "; race:run 2; race:status");
        assertEquals(0, r.status(), r.err());
        for (String mode : List.of("hierarchical", "flat")) {
            // p50, p99, max, warm-up max, steady p99, steady max: every one some time, p99 within [p50, max]
            Matcher row = Pattern.compile("(?m)^in-process\\s+2\\s+" + mode + "\\s+30\\s+([0-9.]+)\\s+([0-9.]+)\\s+([0-9.]+)\\s+([0-9.]+)\\s+([0-9.]+)\\s+([0-9.]+)\\s+\\d+\\s")
                    .matcher(r.out());
            assertTrue(row.find(), r.out());
            double p50 = Double.parseDouble(row.group(1)), p99 = Double.parseDouble(row.group(2)), max = Double.parseDouble(row.group(3));
            assertTrue(p50 > 0 && p50 <= p99 && p99 <= max, row.group());
            assertTrue(Math.max(Double.parseDouble(row.group(4)), Double.parseDouble(row.group(6))) == max, "the max is the warm-up's or the steady state's: " + row.group());
        }
        assertTrue(r.out().contains("goals: p99 < 1 in one container"), r.out());
        assertEquals(61, Files.readAllLines(out.resolve("monitoring-tail-periods.csv")).size(), "a header and 30 periods per mode");
        assertTrue(Files.readString(out.resolve("monitoring-tail.svg")).startsWith("<svg"));
        // the control loop samples every second again: its two periods of race:run after the measurement's 2 x 30
        assertTrue(r.out().contains("over 62 periods"), r.out());
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
