package org.race.experiment.schedulability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.race.analysis.ResponseTimeAnalysis;
import org.race.api.model.Component;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;
import org.race.api.model.Node;
import org.race.api.model.Resources;

/**
 * The tests compared: what admission checks today (capacity), the two classic sufficient utilization
 * bounds for rate-monotonic priorities with deadlines equal to periods, and the exact response-time
 * analysis of race-analysis. The bounds hold node by node for independent tasks; the capacity test and
 * the exact analysis take any plans.
 */
enum AdmissionTest {
    /** Every node's summed cpu demand within its capacity, as placement and admission check it. */
    CAPACITY("capacity U<=1") {
        @Override
        boolean admits(List<DeploymentPlan> plans, Domain domain) {
            Map<String, Resources> load = new HashMap<>();
            for (DeploymentPlan p : plans) {
                for (Component c : p.application().components()) load.merge(p.placement().nodeOf().get(c.name()), c.demand(), Resources::plus);
            }
            return domain.nodes().stream().allMatch(n -> load.getOrDefault(n.name(), Resources.ZERO).fitsIn(n.capacity()));
        }
    },
    /** Liu and Layland 1973: U <= n (2^(1/n) - 1) for n tasks on a node. */
    LIU_LAYLAND("Liu-Layland") {
        @Override
        boolean admits(List<DeploymentPlan> plans, Domain domain) {
            return perNode(plans, domain, u -> {
                double sum = 0;
                for (double x : u) sum += x;
                return sum <= bound(u.size()) + EPS;
            });
        }
    },
    /** Bini, Buttazzo and Buttazzo 2003: prod (U_i + 1) <= 2 on a node. */
    HYPERBOLIC("hyperbolic") {
        @Override
        boolean admits(List<DeploymentPlan> plans, Domain domain) {
            return perNode(plans, domain, u -> {
                double product = 1;
                for (double x : u) product *= x + 1;
                return product <= 2 + EPS;
            });
        }
    },
    /** Worst-case response times (race-analysis) within the deadlines, with the declared execution times as worst cases. */
    EXACT("exact RTA") {
        private final ResponseTimeAnalysis analysis = new ResponseTimeAnalysis(0);

        @Override
        boolean admits(List<DeploymentPlan> plans, Domain domain) {
            return analysis.analyze(plans, domain).schedulable();
        }
    };

    private static final double EPS = 1e-9;

    final String label;

    AdmissionTest(String label) {
        this.label = label;
    }

    abstract boolean admits(List<DeploymentPlan> plans, Domain domain);

    /** Liu and Layland's least upper bound for {@code n} tasks: 1 for one, towards ln 2 for many. */
    static double bound(int n) {
        return n * (Math.pow(2, 1.0 / n) - 1);
    }

    /** {@code bound} holds for the utilizations (of the node's cpu) of every node's tasks. */
    private static boolean perNode(List<DeploymentPlan> plans, Domain domain, Predicate<List<Double>> bound) {
        Map<String, List<Double>> onNode = new HashMap<>();
        for (DeploymentPlan p : plans) {
            for (Component c : p.application().components()) {
                String node = p.placement().nodeOf().get(c.name());
                double cpu = domain.node(node).map(Node::capacity).map(Resources::cpu).orElse(1.0);
                onNode.computeIfAbsent(node, k -> new ArrayList<>()).add(c.demand().cpu() / cpu);
            }
        }
        return onNode.values().stream().allMatch(bound);
    }
}
