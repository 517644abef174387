package org.race.effector.tcp_front;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.race.effector.tcp_front.Experiment.Run;
import org.race.effector.tcp_front.Experiment.Sample;

/**
 * Paper 002, section 4.1, shortened: the same bounded load (2 premium, 8 basic clients, closed
 * loop) on an unmodified http.server, first without then with the QoS manager.
 */
class DelayManagerTest {
    @TempDir
    Path dir;

    @Test
    void throttlingBasicHoldsThePremiumDelayBelowWhatItIsWithout() throws Exception {
        // A discarded first run warms the JIT and the loopback path: measured cold, the run without
        // the manager came out slower than the one with it for reasons the manager had no part in.
        Experiment.run(dir, 2, 8, 0, 2, 500);
        Run without = Experiment.run(dir, 2, 8, 0, 5, 500);
        double free = without.medianDelay(Sample::premiumDelay, 1);
        // A third of the free delay, so that run-to-run noise alone cannot meet it without throttling.
        double target = free / 3;
        Run with = Experiment.run(dir, 2, 8, target, 5, 500);
        double held = with.medianDelay(Sample::premiumDelay, 2);
        double lowestRate = with.samples().stream().mapToDouble(Sample::basicRate).min().orElseThrow();
        String figures = String.format("premium delay without %.2f ms, target %.2f ms, with %.2f ms; basic rate down to %.0f/s",
                free * 1000, target * 1000, held * 1000, lowestRate);
        System.out.println(figures);
        assertTrue(without.failures() + with.failures() == 0, "no fetch failed: " + figures);
        assertTrue(lowestRate < 1000, "the manager throttled basic: " + figures);
        assertTrue(held < 0.8 * free && held < 2 * target, "the premium delay came down to near its target: " + figures);
    }
}
