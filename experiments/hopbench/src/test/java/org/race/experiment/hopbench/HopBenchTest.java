package org.race.experiment.hopbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's arithmetic on a timeline made by hand, a short baseline chain, and the plan the containers run. */
class HopBenchTest {
    private static final HopBench.Options OPTIONS = new HopBench.Options(2, 3, List.of(100, 1000), 50, 0.5, 10, 1024);

    /** Iteration i of a chain of three: released at 0, each hop 10 us send + 5 us wake, jobs of 20 us; iteration 0 is warm-up, 3 lacks its sink. */
    @Test
    void hopsAreTheGapsBetweenJobsAndE2ePerHopLeavesTheJobsOut() {
        Timeline t = new Timeline(3, 4, 1);
        for (int i = 0; i < 4; i++) {
            long base = i * 1_000_000L, extra = i == 2 ? 100_000 : 0; // iteration 2: its second hop 100 us slower to send
            t.release(i, base);
            t.job(0, i, base, base + 1_000, base + 21_000);
            t.job(1, i, base + 31_000, base + 36_000, base + 56_000);
            if (i < 3) t.job(2, i, base + 66_000 + extra, base + 71_000 + extra, base + 91_000 + extra);
        }
        Timeline.Stats s = t.stats();
        assertEquals(2, s.iterations(), "iterations 1 and 2 counted");
        assertEquals(1, s.incomplete(), "iteration 3 lacks a job");
        assertEquals(15, s.hop().p50(), 1e-9);
        assertEquals(115, s.hop().max(), 1e-9);
        assertEquals(10, s.send().p50(), 1e-9);
        assertEquals(5, s.wake().max(), 1e-9);
        assertEquals(15, s.perHop().p50(), 1e-9, "(91 - 1 - 60) / 2 us");
        assertEquals(65, s.perHop().max(), 1e-9, "(191 - 1 - 60) / 2 us");
        assertEquals(1, s.release().p99(), 1e-9);
        assertEquals(20, s.job().p50(), 1e-9);
        assertEquals(91, s.e2e().p50(), 1e-9);
    }

    @Test
    void quantilesAreNearestRank() {
        double[] v = new double[200];
        for (int i = 0; i < v.length; i++) v[i] = v.length - i; // 200 .. 1
        Timeline.Quantiles q = Timeline.Quantiles.of(v);
        assertEquals(100, q.p50(), 1e-9);
        assertEquals(198, q.p99(), 1e-9);
        assertEquals(200, q.max(), 1e-9);
        assertTrue(Double.isNaN(Timeline.Quantiles.of(new double[0]).p50()));
    }

    /** Both baselines carry every iteration's payload through the chain, each job after its predecessor's. */
    @Test
    void aBaselineChainRunsEveryIterationInOrderOfTheHops() throws Exception {
        for (Baselines.Kind kind : Baselines.Kind.values()) {
            Timeline t = new Timeline(3, 40, 0);
            Baselines.run(kind, t, 1000, 1024, 5_000);
            Timeline.Stats s = t.stats();
            assertEquals(40, s.iterations(), kind + ": every iteration complete");
            assertTrue(s.hop().p50() >= 0 && s.send().p50() >= 0 && s.wake().p50() >= 0 && s.release().p50() >= 0, kind + ": times in order");
            assertTrue(s.job().p50() >= 5, kind + ": a job spins 5 us of CPU at least: " + s.job());
        }
    }

    /** One descriptor per chain and rate, and the command line deploying, running and undeploying each after the warm-up pass. */
    @Test
    void thePlanNamesEveryChainAndCrossingChainsAlternateNodes(@TempDir Path dir) throws Exception {
        String line = HopBench.plan(HopBench.Mode.CROSS, dir, OPTIONS);
        assertTrue(line.startsWith("race:deploy " + dir.resolve("hop-cross-warm.json") + "; race:run 3; race:undeploy hop-cross-warm; "), line);
        for (String app : List.of("hop-cross-c2-r100", "hop-cross-c2-r1000", "hop-cross-c3-r100", "hop-cross-c3-r1000")) {
            assertTrue(line.contains("race:deploy " + dir.resolve(app + ".json") + "; race:run "), app);
            assertTrue(line.contains("race:undeploy " + app), app);
        }
        assertTrue(line.contains("hop-cross-c2-r100.json; race:run 2;"), "50 iterations + 0.5 s warm-up at 100 Hz: 1 s, and a second to drain");
        String c3 = Files.readString(dir.resolve("hop-cross-c3-r1000.json"));
        assertTrue(c3.contains("\"name\": \"e1\", \"type\": \"echo\", \"executionTime\": 0.05, \"node\": \"n1\""), c3);
        assertTrue(c3.contains("\"name\": \"e2\", \"type\": \"echo\", \"executionTime\": 0.05, \"node\": \"n2\""), c3);
        assertTrue(c3.contains("\"period\": 1,") && !c3.contains("check"), c3);
        HopBench.plan(HopBench.Mode.ONE, dir, OPTIONS);
        String one = Files.readString(dir.resolve("hop-one-c3-r100.json"));
        assertTrue(!one.contains("n2") && one.contains("\"check\": true") && one.contains("\"period\": 10,"), one);
    }
}
