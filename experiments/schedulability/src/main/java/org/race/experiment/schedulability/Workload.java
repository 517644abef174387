package org.race.experiment.schedulability;

import java.util.List;
import java.util.SplittableRandom;

import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;
import org.race.api.model.Node;
import org.race.api.model.Resources;
import org.race.platform.sim.RandomSystems;
import org.race.platform.sim.RandomSystems.ChainShape;

/** The random systems of the acceptance runs, each with the tests that apply to it. */
enum Workload {
    /** The classic benchmark: 5-10 independent tasks on one processor, periods log-uniform 10-1000 ms, deadlines = periods. */
    TASKS("independent tasks, one node", "", RandomSystems.uniprocessor(SchedulabilityBenchmark.NODE), List.of(AdmissionTest.values()), 1.0) {
        @Override
        List<DeploymentPlan> draw(SplittableRandom rnd, double utilization) {
            int n = SchedulabilityBenchmark.MIN_TASKS + rnd.nextInt(SchedulabilityBenchmark.MAX_TASKS - SchedulabilityBenchmark.MIN_TASKS + 1);
            return RandomSystems.taskSet(rnd, n, utilization, RandomSystems::logUniformPeriod).plans(SchedulabilityBenchmark.NODE);
        }
    },
    /**
     * Eight chains of 1-4 components on random nodes of four (1 ms links), every node at the utilization,
     * end-to-end deadlines equal to the periods: only capacity and the (holistic) analysis apply, the
     * utilization bounds being for independent tasks. Up to full load, where jitter feeding back through
     * the nodes is the analysis's hardest case.
     */
    CHAINS("8 chains across 4 nodes", "chains: ", fourNodes(), List.of(AdmissionTest.CAPACITY, AdmissionTest.EXACT), 1.0) {
        @Override
        List<DeploymentPlan> draw(SplittableRandom rnd, double utilization) {
            return RandomSystems.chains(rnd, domain, new ChainShape(8, 8, false, true, r -> utilization));
        }
    };

    final String label, prefix;
    final Domain domain;
    final List<AdmissionTest> tests;
    private final double maxUtilization;

    Workload(String label, String prefix, Domain domain, List<AdmissionTest> tests, double maxUtilization) {
        this.label = label;
        this.prefix = prefix;
        this.domain = domain;
        this.tests = tests;
        this.maxUtilization = maxUtilization;
    }

    /** 0.50, 0.55, ... up to the workload's highest. */
    double[] utilizations() {
        int n = (int) Math.round((maxUtilization - 0.5) / 0.05) + 1;
        double[] u = new double[n];
        for (int i = 0; i < n; i++) u[i] = Math.round((0.5 + 0.05 * i) * 100) / 100.0;
        return u;
    }

    /** One random system at {@code utilization} per node, no priorities set yet. */
    abstract List<DeploymentPlan> draw(SplittableRandom rnd, double utilization);

    private static Domain fourNodes() {
        List<Node> nodes = List.of(1, 2, 3, 4).stream().map(i -> new Node("n" + i, new Resources(1, 1024, 100))).toList();
        return new Domain("four", nodes, 1);
    }
}
