package org.race.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.race.api.analysis.AnalysisResult;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;

/**
 * Systems of eight chains on four nodes at 99 % per node (RandomSystems.chains of race-platform-sim's
 * fixtures, seeds 7 and 17, RMS priorities), where jitter feeds back through the nodes: the work of the
 * analysis, counted in fixed-point iterations, stays bounded, and responses past the cut-off are unbounded.
 */
class NearFullLoadTest {
    private static final Domain FOUR = Systems.domain(1, "n1", "n2", "n3", "n4");

    /** Seed 7: longest period 636 ms, so the cut-off is 6,360 ms. */
    private static List<DeploymentPlan> seed7() {
        return List.of(
                Systems.chain("a0", 11, 11, "n4:98:0.519", "n4:98:0.107", "n4:98:1.318", "n3:98:0.918"),
                Systems.chain("a1", 45, 45, "n2:97:5.78"),
                Systems.chain("a2", 16, 16, "n2:98:5.436"),
                Systems.chain("a3", 553, 553, "n4:94:169.526", "n4:94:132.879"),
                Systems.chain("a4", 45, 45, "n4:97:2.973", "n3:97:3.878", "n2:97:6.899", "n1:98:19.13"),
                Systems.chain("a5", 70, 70, "n3:96:16.514", "n4:96:2.662", "n4:96:1.022"),
                Systems.chain("a6", 636, 636, "n3:94:277.061", "n4:93:14.512", "n2:95:155.662", "n3:94:70.737"),
                Systems.chain("a7", 130, 130, "n3:95:4.885", "n1:97:73.434", "n4:95:16.215", "n2:96:16.078"));
    }

    /** Seed 17: 25 s of cpu in the analysis before warm starts and the cut-off at ten longest periods. */
    private static List<DeploymentPlan> seed17() {
        return List.of(
                Systems.chain("a0", 61, 61, "n1:97:4.028", "n2:95:1.959"),
                Systems.chain("a1", 15, 15, "n2:97:1.999", "n4:97:11.013", "n2:97:0.002", "n2:97:0.439"),
                Systems.chain("a2", 14, 14, "n3:98:0.28", "n2:98:3.291", "n3:98:7.393", "n4:98:3.581"),
                Systems.chain("a3", 71, 71, "n2:94:0.1"),
                Systems.chain("a4", 264, 264, "n3:95:22.667", "n1:95:63.459", "n2:92:10.885"),
                Systems.chain("a5", 93, 93, "n2:93:31.499", "n3:96:19.594", "n1:96:30.65", "n3:96:6.005"),
                Systems.chain("a6", 57, 57, "n1:98:19.889", "n2:96:0.966", "n2:96:9.217", "n3:97:4.603"),
                Systems.chain("a7", 801, 801, "n1:94:4.063"));
    }

    private static long steps(List<DeploymentPlan> plans) {
        Holistic h = new Holistic(new Model(plans, FOUR, null, 0).tasks, true);
        h.run();
        return h.steps();
    }

    @Test
    void workStaysBoundedNearFullLoad() {
        // the originals (some links carry a little bandwidth) took 10,953 and 724,157; without warm starts seed 17 took 25 s
        assertTrue(steps(seed7()) < 50_000, "seed 7: " + steps(seed7()));
        assertTrue(steps(seed17()) < 2_000_000, "seed 17: " + steps(seed17()));
    }

    @Test
    void responsesPastTenLongestPeriodsAreUnbounded() {
        AnalysisResult r = Systems.exact().analyze(seed7(), FOUR);
        assertFalse(r.schedulable());
        // within the cut-off a bound beyond the deadline is still a figure
        assertEquals(2562.783, r.application("a3").orElseThrow().boundMs(), 1e-9);
        assertEquals(3.862, r.application("a0").orElseThrow().boundMs(), 1e-9);
        // jitter feeding back took a6 to 20,599 ms, past 10 x 636 ms
        assertNull(r.application("a6").orElseThrow().boundMs());
    }
}
