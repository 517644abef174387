package org.race.experiment.schedulability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.race.experiment.schedulability.SchedulabilityBenchmark.Acceptance;
import org.race.experiment.schedulability.SchedulabilityBenchmark.Point;
import org.race.platform.sim.RandomSystems;

/** A small run of the benchmark: what it measures holds as the theory says. */
class SchedulabilityBenchmarkTest {
    private static final Acceptance RUN = SchedulabilityBenchmark.acceptance(Workload.TASKS, 7, 25, new double[] { 0.8, 1.0 });

    @Test
    void whatTheExactAnalysisAdmitsNeverMissesOnTheSim() {
        assertEquals(0, RUN.agreement().admittedButMissed(), "sets the exact analysis admitted that missed on the sim");
        for (Point p : points(AdmissionTest.EXACT)) assertEquals(0, p.missed(), "misses of exactly admitted sets at U " + p.utilization());
        assertTrue(points(AdmissionTest.EXACT).get(0).admitted() > 0, "the exact analysis admitted nothing at U 0.8");
    }

    @Test
    void whatTheHolisticAnalysisAdmitsAcrossNodesNeverMissesOnTheSim() {
        Acceptance chains = SchedulabilityBenchmark.acceptance(Workload.CHAINS, 7, 15, new double[] { 0.5, 0.6 });
        assertEquals(0, chains.agreement().admittedButMissed(), "chain systems the analysis admitted that missed on the sim");
        assertTrue(chains.points().stream().anyMatch(p -> p.test() == AdmissionTest.EXACT && p.admitted() > 0), "the analysis admitted no chains");
        assertTrue(chains.agreement().simulated() > chains.agreement().clean(), "no capacity-admitted chain system missed: " + chains.agreement());
    }

    @Test
    void theCapacityTestAdmitsSetsThatMissAtFullUtilization() {
        Point full = points(AdmissionTest.CAPACITY).get(1);
        // a task of under a microsecond's execution rounds up to one: a set may exceed 1 by that
        assertTrue(full.admitted() >= full.sets() - 1, "the capacity test refused sets of utilization 1: " + full);
        assertTrue(full.missed() > 0 && full.setsMissing() > 0, "no admitted set missed at U 1: " + full);
    }

    @Test
    void eachTestAdmitsWhatTheWeakerOnesAdmit() {
        // Liu-Layland implies hyperbolic implies exact (rate-monotonic, deadlines = periods) implies capacity
        for (int i = 0; i < 2; i++) {
            int ll = points(AdmissionTest.LIU_LAYLAND).get(i).admitted(), hb = points(AdmissionTest.HYPERBOLIC).get(i).admitted();
            int exact = points(AdmissionTest.EXACT).get(i).admitted(), capacity = points(AdmissionTest.CAPACITY).get(i).admitted();
            assertTrue(ll <= hb && hb <= exact && exact <= capacity, "admitted " + ll + ", " + hb + ", " + exact + ", " + capacity);
        }
        assertEquals(0, points(AdmissionTest.LIU_LAYLAND).get(0).admitted(), "Liu-Layland admitted a set of utilization 0.8 > its bound");
    }

    @Test
    void breakdownLiesBetweenTheLiuLaylandBoundAndOne() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int s = 0; s < 20; s++) {
            var set = RandomSystems.taskSet(rnd, 8, 1.0, RandomSystems::logUniformPeriod);
            double b = SchedulabilityBenchmark.breakdown(set);
            assertTrue(b >= AdmissionTest.bound(8) - 1e-4 && b <= 1, "breakdown " + b);
            // just below it the exact analysis admits the set, a little above it no longer
            assertTrue(AdmissionTest.EXACT.admits(plans(set.scaled((b - 1e-3) / set.utilization())), Workload.TASKS.domain));
            if (b < 0.99) assertTrue(!AdmissionTest.EXACT.admits(plans(set.scaled((b + 1e-3) / set.utilization())), Workload.TASKS.domain));
        }
    }

    private static List<org.race.api.model.DeploymentPlan> plans(RandomSystems.TaskSet set) {
        return SchedulabilityBenchmark.rateMonotonic(set.plans(SchedulabilityBenchmark.NODE));
    }

    private static List<Point> points(AdmissionTest test) {
        return RUN.points().stream().filter(p -> p.test() == test).toList();
    }
}
