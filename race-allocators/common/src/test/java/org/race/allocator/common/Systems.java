package org.race.allocator.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.race.api.model.Application;
import org.race.api.model.Component;
import org.race.api.model.ComponentSettings;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;
import org.race.api.model.Importance;
import org.race.api.model.Node;
import org.race.api.model.Placement;
import org.race.api.model.Resources;

/** Random periodic systems for the schedulability tests of the allocators (seeded). */
public final class Systems {
    private Systems() {
    }

    /** Periods drawn from these sometimes, so that equal periods (equal priorities) occur. */
    private static final double[] COMMON_PERIODS = { 10, 20, 50, 100 };

    /** A period: log-uniform 10..1000 ms, or one of a few common ones. */
    public static double period(SplittableRandom rnd) {
        if (rnd.nextInt(3) == 0) return COMMON_PERIODS[rnd.nextInt(COMMON_PERIODS.length)];
        return Math.round(Math.exp(rnd.nextDouble(Math.log(10), Math.log(1000))) * 10) / 10.0;
    }

    /** Rate-monotonic priority: the shorter the period, the higher (equal periods alike), as RMS ranks. */
    public static int rateMonotonic(double periodMs) {
        return (int) Math.round(100_000 - periodMs * 10);
    }

    /**
     * An application of {@code components} independent components (no connections) of utilization {@code u}
     * each on a node of cpu 1, at {@code periodMs}, deadline {@code deadlineMs}.
     */
    public static Application app(String name, double periodMs, double deadlineMs, double... u) {
        List<Component> cs = new ArrayList<>();
        for (int i = 0; i < u.length; i++) {
            cs.add(new Component("c" + i, "t", new Resources(u[i], 1, 0), u[i] * periodMs, null));
        }
        return new Application(name, Importance.MEDIUM, null, periodMs, deadlineMs, null, cs, List.of());
    }

    /** {@code app} placed by {@code nodeOf} (component to node), every component at its rate-monotonic priority. */
    public static DeploymentPlan plan(Application app, Map<String, String> nodeOf) {
        Map<String, ComponentSettings> settings = new TreeMap<>();
        app.components().forEach(c -> settings.put(c.name(), ComponentSettings.NONE.withPriority(rateMonotonic(app.periodMs()))));
        return new DeploymentPlan(app, new Placement("test", nodeOf), settings);
    }

    /** Every component of {@code app} on {@code node}. */
    public static Map<String, String> on(Application app, String node) {
        Map<String, String> out = new TreeMap<>();
        app.components().forEach(c -> out.put(c.name(), node));
        return out;
    }

    public static Domain domain(int nodes, double cpu) {
        List<Node> ns = new ArrayList<>();
        for (int j = 0; j < nodes; j++) ns.add(new Node("n" + j, new Resources(cpu, 1024, 100)));
        return new Domain("random", ns, 0);
    }

    /** UUniFast (Bini and Buttazzo 2005): {@code n} utilizations adding up to {@code total}. */
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
}
