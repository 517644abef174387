package org.race.allocator.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.race.analysis.ResponseTimeAnalysis;
import org.race.api.analysis.PeriodicTask;
import org.race.api.analysis.SchedulabilityView;
import org.race.api.model.AllocationException;
import org.race.api.model.Application;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;
import org.race.api.model.NodeState;
import org.race.api.model.Resources;

/** The per-node test behind {@link Assignment#fits} when placing by schedulability. */
class SchedulabilityTest {
    private static final List<NodeState> ONE = List.of(Fixtures.node("n0", 1, 1000, 100));

    private static PeriodicTask job(String name, int priority, double periodMs, double wcetMs, double deadlineMs) {
        return new PeriodicTask("deployed", name, priority, periodMs, wcetMs, 0, deadlineMs);
    }

    /** The third task of Burns and Wellings' example, (C, T) = (3, 7), (3, 12) deployed, (C, 20) placed: R = 20 at C = 5. */
    private static boolean thirdFits(double wcetMs) throws AllocationException {
        Application app = Systems.app("third", 20, 20, 0.01);
        SchedulabilityView view = new SchedulabilityView(Map.of("n0", List.of(job("a", 3, 7, 3, 7), job("b", 2, 12, 3, 12))),
                Map.of("c0", new PeriodicTask("third", "c0", 1, 20, wcetMs, 0, 20)));
        return new Assignment(Problem.of(app, ONE, view)).fits(0, 0);
    }

    @Test
    void textbookSetDecidedExactlyAtItsBoundary() throws Exception {
        assertTrue(thirdFits(5), "R = 20 meets the deadline 20 (utilization 0.93: only the exact test says so)");
        assertFalse(thirdFits(5.1), "R = 20.1 misses it");
    }

    @Test
    void newcomerAheadOfADeployedJobMustLeaveItItsDeadline() throws Exception {
        Application app = Systems.app("fast", 10, 10, 0.01);
        SchedulabilityView heavy = new SchedulabilityView(Map.of("n0", List.of(job("slow", 1, 100, 60, 90))),
                Map.of("c0", new PeriodicTask("fast", "c0", 2, 10, 3.5, 0, 10)));
        assertFalse(new Assignment(Problem.of(app, ONE, heavy)).fits(0, 0), "w = 60 + ceil(w / 10) 3.5 = 95 > 90: the slow job would miss");
        SchedulabilityView light = new SchedulabilityView(heavy.deployed(), Map.of("c0", new PeriodicTask("fast", "c0", 2, 10, 3, 0, 10)));
        assertTrue(new Assignment(Problem.of(app, ONE, light)).fits(0, 0), "w = 60 + 9 x 3 = 87 <= 90");
    }

    @Test
    void withoutAViewOnlyCapacityCounts() throws Exception {
        Application app = Systems.app("fast", 10, 10, 0.5);
        assertTrue(new Assignment(Problem.of(app, ONE)).fits(0, 0));
        assertTrue(new Assignment(Problem.of(app, ONE, null)).fits(0, 0));
    }

    @Test
    void assignedJobsCountForTheNextOnes() throws Exception {
        // two jobs of 60 ms every 100 ms on cpu-1 nodes: their cpu demands (0.5 each) fit one node, their worst cases do not
        Application app = Systems.app("pair", 100, 100, 0.5, 0.5);
        SchedulabilityView view = new SchedulabilityView(Map.of(), Map.of("c0", new PeriodicTask("pair", "c0", 1, 100, 60, 0, 100),
                "c1", new PeriodicTask("pair", "c1", 1, 100, 60, 0, 100)));
        Assignment a = new Assignment(Problem.of(app, Fixtures.nodes(2, 1), view));
        a.assign(0, 0);
        assertEquals(-1, a.shortfall(1, 0), "capacity alone would take it");
        assertFalse(a.fits(1, 0));
        assertTrue(a.fits(1, 1));
        a.unassign(0);
        assertTrue(a.fits(1, 0), "gone again, its job no longer counts");
    }

    /**
     * Against the analysis the engine admits by: on random single-node systems (UUniFast utilizations, log-uniform and
     * shared periods, deadlines from half the period to twice it, the analysis's 10 % variation), the per-node test
     * takes a newcomer exactly when the analysis finds everything still schedulable with it.
     */
    @Test
    void agreesWithTheAnalysisOnRandomSystems() throws Exception {
        ResponseTimeAnalysis analysis = new ResponseTimeAnalysis(0.1);
        SplittableRandom rnd = new SplittableRandom(15);
        int compared = 0, fitting = 0;
        while (compared < 1000) {
            double cpu = rnd.nextBoolean() ? 1 : 2;
            Domain domain = Systems.domain(1, cpu);
            List<NodeState> nodes = domain.nodes().stream().map(n -> new NodeState(n, Resources.ZERO, true)).toList();
            int k = 1 + rnd.nextInt(5);
            double[] u = Systems.uunifast(rnd, k, rnd.nextDouble(0.2, 0.85) * cpu);
            List<DeploymentPlan> deployed = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                double t = Systems.period(rnd);
                Application a = Systems.app("d" + i, t, t * rnd.nextDouble(0.5, 2), u[i] / 1.1);
                deployed.add(Systems.plan(a, Systems.on(a, "n0")));
            }
            if (!analysis.analyze(deployed, domain).schedulable()) continue;
            double t = Systems.period(rnd);
            // two sizes of one job: the second asked of the same assignment, where the first answer is cached
            double small = rnd.nextDouble(0.02, 0.4), large = small * rnd.nextDouble(1, 2);
            Application both = Systems.app("new", t, t * rnd.nextDouble(0.5, 2), small, large);
            Application newcomer = Systems.app("new", both.periodMs(), both.deadlineMs(), large);
            DeploymentPlan candidate = Systems.plan(newcomer, Systems.on(newcomer, "n0"));
            Assignment asked = new Assignment(Problem.of(both, nodes, analysis.view(deployed, Systems.plan(both, Systems.on(both, "n0")), domain)));
            asked.fits(0, 0);
            boolean fits = asked.fits(1, 0);
            assertEquals(new Assignment(Problem.of(newcomer, nodes, analysis.view(deployed, candidate, domain))).fits(0, 0), fits,
                    "the cache answers as the test");
            List<DeploymentPlan> all = new ArrayList<>(deployed);
            all.add(candidate);
            assertEquals(analysis.analyze(all, domain).schedulable(), fits, "system " + compared + ": " + all);
            compared++;
            if (fits) fitting++;
        }
        assertTrue(fitting > 100 && fitting < 900, "both verdicts are exercised: " + fitting + " of 1000 fit");
    }
}
