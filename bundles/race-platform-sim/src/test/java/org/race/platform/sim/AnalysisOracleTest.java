package org.race.platform.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.race.analysis.ResponseTimeAnalysis;
import org.race.api.analysis.AnalysisResult;
import org.race.api.analysis.ApplicationBound;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;
import org.race.api.monitoring.ApplicationQos;

/**
 * The sim is the analysis's oracle (issue 15): whatever the analysis admits, run on the sim with the same
 * execution-time variation for ten longest periods, has no deadline miss and no end-to-end latency above
 * its bound. Random systems: 2-8 nodes, chains of 1-4 components across them, per node utilizations
 * split by UUniFast (Bini and Buttazzo 2005), log-uniform periods 10..1000 ms (Emberson, Stafford and
 * Davis 2010), rate-monotonic or random priorities, deadlines from the period to twice it ({@link RandomSystems}).
 */
class AnalysisOracleTest {
    private static final double VARIATION = 0.1;
    private static final int SYSTEMS = 1000;
    /** The sim rounds every execution and link delay to a microsecond. */
    private static final double ROUNDING_MS = 0.01;

    @Test
    void whatTheAnalysisAdmitsTheSimMeets() {
        SplittableRandom rnd = new SplittableRandom(15);
        ResponseTimeAnalysis analysis = new ResponseTimeAnalysis(VARIATION);
        int simulated = 0, tried = 0, unschedulable = 0;
        double ratioSum = 0;
        int ratios = 0;
        while (simulated < SYSTEMS) {
            tried++;
            Domain domain = RandomSystems.domain(rnd);
            List<DeploymentPlan> plans = RandomSystems.chains(rnd, domain, RandomSystems.ChainShape.ORACLE);
            AnalysisResult r = analysis.analyze(plans, domain);
            if (!r.schedulable()) {
                unschedulable++;
                continue;
            }
            Map<String, ApplicationQos> measured = SimOracle.run(rnd.nextLong(), VARIATION, domain, plans);
            for (ApplicationBound b : r.applications()) {
                ApplicationQos q = measured.get(b.name());
                String where = "system " + tried + ", " + b.name() + " " + plans;
                assertEquals(0, q.missed(), "misses in " + where);
                assertTrue(q.completed() > 0, "nothing completed in " + where);
                assertTrue(q.maxLatencyMs() <= b.boundMs() + ROUNDING_MS, "measured " + q.maxLatencyMs() + " > bound " + b.boundMs() + " in " + where);
                ratioSum += q.maxLatencyMs() / b.boundMs();
                ratios++;
            }
            simulated++;
        }
        System.out.printf("analysis oracle: %d systems simulated (%d drawn, %d not schedulable), mean measured/bound %.3f over %d applications%n",
                simulated, tried, unschedulable, ratioSum / ratios, ratios);
    }
}
