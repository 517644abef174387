package org.race.platform.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

import org.race.api.model.Application;
import org.race.api.model.Component;
import org.race.api.model.ComponentSettings;
import org.race.api.model.Connection;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;
import org.race.api.model.Importance;
import org.race.api.model.Node;
import org.race.api.model.Placement;
import org.race.api.model.Resources;

/**
 * Random real-time systems for the analysis's sim oracle test and the schedulability benchmark
 * (experiments/schedulability): utilizations split by UUniFast (Bini and Buttazzo 2005), periods
 * log-uniform over two decades (Emberson, Stafford and Davis 2010).
 */
public final class RandomSystems {
    public static final double MIN_PERIOD_MS = 10, MAX_PERIOD_MS = 1000;

    private RandomSystems() {
    }

    /** Bini and Buttazzo's UUniFast: n utilizations summing to {@code total}, uniformly distributed. */
    public static double[] uunifast(SplittableRandom rnd, int n, double total) {
        double[] u = new double[n];
        double sum = total;
        for (int i = 0; i < n - 1; i++) {
            double next = sum * Math.pow(rnd.nextDouble(), 1.0 / (n - 1 - i));
            u[i] = sum - next;
            sum = next;
        }
        u[n - 1] = sum;
        return u;
    }

    /** Log-uniform in [10, 1000] ms, whole milliseconds: every decade as likely. */
    public static double logUniformPeriod(SplittableRandom rnd) {
        return Math.round(Math.exp(Math.log(MIN_PERIOD_MS) + rnd.nextDouble() * (Math.log(MAX_PERIOD_MS) - Math.log(MIN_PERIOD_MS))));
    }

    /** Uniform in [10, 1000] ms, whole milliseconds: most periods long and within a factor of a few of each other. */
    public static double uniformPeriod(SplittableRandom rnd) {
        return Math.round(MIN_PERIOD_MS + rnd.nextDouble() * (MAX_PERIOD_MS - MIN_PERIOD_MS));
    }

    /** 2-8 nodes of cpu 1 or 2, a link latency of 0-2 ms. */
    public static Domain domain(SplittableRandom rnd) {
        int n = 2 + rnd.nextInt(7);
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) nodes.add(new Node("n" + i, new Resources(rnd.nextBoolean() ? 1 : 2, 1024, 100)));
        return new Domain("random", nodes, rnd.nextInt(3));
    }

    /** One node of cpu 1: a uniprocessor for the classic benchmarks. */
    public static Domain uniprocessor(String node) {
        return new Domain("uniprocessor", List.of(new Node(node, new Resources(1, 1024, 100))), 0);
    }

    /**
     * How random chains are drawn: {@code chains} chains of 1-4 components on random nodes, each node's
     * components sharing a utilization of {@code nodeUtilization} split by UUniFast.
     *
     * @param mixed by a coin, rate-monotonic (no priority set) or random priorities 0-2; and deadlines
     *        from the period to twice it; else no priority set (the configurator's) and deadlines equal to periods
     * @param floorToMicros execution times floored to the microsecond (a node's utilization never above the
     *        drawn one), else rounded to 10 microseconds
     */
    public record ChainShape(int minChains, int maxChains, boolean mixed, boolean floorToMicros, ToDoubleFunction<SplittableRandom> nodeUtilization) {
        /** The sim oracle test's systems: 2-6 chains, node utilizations 0.2-0.8, mixed priorities and deadlines. */
        public static final ChainShape ORACLE = new ChainShape(2, 6, true, false, r -> 0.2 + r.nextDouble() * 0.6);
    }

    /** Random chains across the nodes of {@code domain}, drawn as {@code shape} says. */
    public static List<DeploymentPlan> chains(SplittableRandom rnd, Domain domain, ChainShape shape) {
        int apps = shape.minChains() + rnd.nextInt(shape.maxChains() - shape.minChains() + 1);
        boolean rateMonotonic = !shape.mixed() || rnd.nextBoolean();
        List<String[]> placed = new ArrayList<>(); // app index, component index, node
        double[] periods = new double[apps];
        int[] lengths = new int[apps];
        Map<String, List<int[]>> onNode = new LinkedHashMap<>();
        for (int a = 0; a < apps; a++) {
            periods[a] = logUniformPeriod(rnd);
            lengths[a] = 1 + rnd.nextInt(4);
            for (int c = 0; c < lengths[a]; c++) {
                String node = domain.nodes().get(rnd.nextInt(domain.nodes().size())).name();
                onNode.computeIfAbsent(node, k -> new ArrayList<>()).add(new int[] { a, c });
                placed.add(new String[] { String.valueOf(a), String.valueOf(c), node });
            }
        }
        double[][] exec = new double[apps][4];
        for (Map.Entry<String, List<int[]>> e : onNode.entrySet()) {
            double cpu = domain.node(e.getKey()).orElseThrow().capacity().cpu();
            double[] u = uunifast(rnd, e.getValue().size(), shape.nodeUtilization().applyAsDouble(rnd));
            for (int i = 0; i < u.length; i++) {
                int[] ac = e.getValue().get(i);
                double ms = u[i] * periods[ac[0]] * cpu;
                exec[ac[0]][ac[1]] = shape.floorToMicros() ? Math.max(0.001, Math.floor(ms * 1000) / 1000) : Math.max(0.01, Math.round(ms * 100) / 100.0);
            }
        }
        List<DeploymentPlan> plans = new ArrayList<>();
        for (int a = 0; a < apps; a++) {
            List<Component> cs = new ArrayList<>();
            List<Connection> ks = new ArrayList<>();
            Map<String, String> nodeOf = new LinkedHashMap<>();
            Map<String, ComponentSettings> settings = new LinkedHashMap<>();
            for (String[] p : placed) {
                if (Integer.parseInt(p[0]) != a) continue;
                int c = Integer.parseInt(p[1]);
                String name = "c" + c;
                cs.add(new Component(name, "t", new Resources(exec[a][c] / periods[a], 1, 0), exec[a][c], null));
                nodeOf.put(name, p[2]);
                settings.put(name, rateMonotonic ? ComponentSettings.NONE : ComponentSettings.NONE.withPriority(rnd.nextInt(3)));
                if (c > 0) ks.add(new Connection("c" + (c - 1), name, rnd.nextInt(4) == 0 ? 1 : 0));
            }
            double deadline = periods[a] * (!shape.mixed() || rnd.nextBoolean() ? 1 : 1 + rnd.nextDouble());
            Application app = new Application("a" + a, Importance.MEDIUM, null, periods[a], deadline, null, cs, ks);
            plans.add(new DeploymentPlan(app, new Placement("random", nodeOf), settings));
        }
        return plans;
    }

    /**
     * A set of independent periodic tasks for one processor of cpu 1, deadlines equal to periods:
     * {@code n} utilizations by UUniFast summing to {@code utilization}, periods from {@code period}.
     */
    public static TaskSet taskSet(SplittableRandom rnd, int n, double utilization, ToDoubleFunction<SplittableRandom> period) {
        double[] u = uunifast(rnd, n, utilization);
        double[] periods = new double[n], exec = new double[n];
        for (int i = 0; i < n; i++) {
            periods[i] = period.applyAsDouble(rnd);
            exec[i] = u[i] * periods[i];
        }
        return new TaskSet(periods, exec);
    }

    /** Periods and execution times (ms) of independent tasks on one processor of cpu 1. */
    public static final class TaskSet {
        private final double[] periodsMs, executionMs;

        TaskSet(double[] periodsMs, double[] executionMs) {
            this.periodsMs = periodsMs.clone();
            this.executionMs = executionMs.clone();
        }

        public int size() {
            return periodsMs.length;
        }

        public double utilization() {
            double u = 0;
            for (int i = 0; i < periodsMs.length; i++) u += executionMs[i] / periodsMs[i];
            return u;
        }

        public double utilization(int task) {
            return executionMs[task] / periodsMs[task];
        }

        /** Every execution time times {@code factor}: the same set at another utilization. */
        public TaskSet scaled(double factor) {
            double[] e = executionMs.clone();
            for (int i = 0; i < e.length; i++) e[i] *= factor;
            return new TaskSet(periodsMs, e);
        }

        /**
         * One single-component application per task on {@code node}, with no priority set (the configurator
         * assigns it). Execution times are floored to the platforms' microsecond, so that the analysis sees
         * exactly what the sim runs and the utilization never exceeds the set's.
         */
        public List<DeploymentPlan> plans(String node) {
            List<DeploymentPlan> plans = new ArrayList<>();
            for (int i = 0; i < periodsMs.length; i++) {
                double exec = Math.max(0.001, Math.floor(executionMs[i] * 1000) / 1000);
                String name = "t" + i;
                Component c = new Component(name, "t", new Resources(exec / periodsMs[i], 1, 0), exec, null);
                Application app = new Application(name, Importance.MEDIUM, null, periodsMs[i], periodsMs[i], null, List.of(c), List.of());
                plans.add(new DeploymentPlan(app, new Placement("random", Map.of(name, node)), Map.of(name, ComponentSettings.NONE)));
            }
            return plans;
        }
    }
}
