package org.race.platform.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.race.analysis.ResponseTimeAnalysis;
import org.race.api.analysis.AnalysisResult;
import org.race.api.analysis.ApplicationBound;
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
import org.race.api.monitoring.ApplicationQos;

/**
 * The sim is the analysis's oracle (issue 15): whatever the analysis admits, run on the sim with the same
 * execution-time variation for ten longest periods, has no deadline miss and no end-to-end latency above
 * its bound. Random systems: 2-8 nodes, chains of 1-4 components across them, per node utilizations
 * split by UUniFast (Bini and Buttazzo 2005), log-uniform periods 10..1000 ms (Emberson, Stafford and
 * Davis 2010), rate-monotonic or random priorities, deadlines from the period to twice it.
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
            Domain domain = domain(rnd);
            List<DeploymentPlan> plans = system(rnd, domain);
            AnalysisResult r = analysis.analyze(plans, domain);
            if (!r.schedulable()) {
                unschedulable++;
                continue;
            }
            Map<String, ApplicationQos> measured = simulate(rnd.nextLong(), domain, plans);
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

    private static Domain domain(SplittableRandom rnd) {
        int n = 2 + rnd.nextInt(7);
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) nodes.add(new Node("n" + i, new Resources(rnd.nextBoolean() ? 1 : 2, 1024, 100)));
        return new Domain("random", nodes, rnd.nextInt(3));
    }

    /** Chains across random nodes; each node's components share a utilization drawn by UUniFast. */
    private static List<DeploymentPlan> system(SplittableRandom rnd, Domain domain) {
        int apps = 2 + rnd.nextInt(5);
        boolean rateMonotonic = rnd.nextBoolean();
        List<String[]> placed = new ArrayList<>(); // app index, component index, node
        double[] periods = new double[apps];
        int[] lengths = new int[apps];
        Map<String, List<int[]>> onNode = new LinkedHashMap<>();
        for (int a = 0; a < apps; a++) {
            periods[a] = Math.round(Math.exp(Math.log(10) + rnd.nextDouble() * (Math.log(1000) - Math.log(10))));
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
            double[] u = uunifast(rnd, e.getValue().size(), 0.2 + rnd.nextDouble() * 0.6);
            for (int i = 0; i < u.length; i++) {
                int[] ac = e.getValue().get(i);
                exec[ac[0]][ac[1]] = Math.max(0.01, Math.round(u[i] * periods[ac[0]] * cpu * 100) / 100.0);
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
            double deadline = periods[a] * (rnd.nextBoolean() ? 1 : 1 + rnd.nextDouble());
            Application app = new Application("a" + a, Importance.MEDIUM, null, periods[a], deadline, null, cs, ks);
            plans.add(new DeploymentPlan(app, new Placement("random", nodeOf), settings));
        }
        return plans;
    }

    /** Bini and Buttazzo's UUniFast: n utilizations summing to {@code total}, uniformly distributed. */
    private static double[] uunifast(SplittableRandom rnd, int n, double total) {
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

    /** Ten longest periods on the sim; every application's QoS over the whole run. */
    private static Map<String, ApplicationQos> simulate(long seed, Domain domain, List<DeploymentPlan> plans) {
        SimWorld w = new SimWorld(seed, VARIATION, 1.0);
        w.setDomain(domain);
        double longest = 0;
        for (DeploymentPlan p : plans) {
            for (String node : new TreeSet<>(p.placement().nodeOf().values())) w.deploy(node, p);
            longest = Math.max(longest, Math.max(p.application().periodMs(), p.application().deadlineMs()));
        }
        w.advanceTo(Math.round(10 * longest * 1000) + Math.round(2 * longest * 1000));
        Map<String, ApplicationQos> out = new LinkedHashMap<>();
        for (Node n : domain.nodes()) for (ApplicationQos q : w.sample(n.name()).applications()) out.put(q.application(), q);
        return out;
    }
}
