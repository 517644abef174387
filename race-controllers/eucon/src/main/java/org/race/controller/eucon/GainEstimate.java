package org.race.controller.eucon;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import org.race.api.model.DeploymentPlan;

/**
 * An online estimate of EUCON's gain G per node (actual over estimated execution times), from the ratio
 * of the node's measured utilization to the one the estimates predict at the current rates (every
 * deployed subtask on it, controlled or not). EUCON's model takes G as 1, so each period corrects
 * {@code k G} of the error (k set by the reference trajectory): too little when jobs run faster than
 * estimated, and above 1, amplifying the measurement noise, when they run slower. Scaling each node's
 * row of F by its estimate makes that share k whatever G is.
 *
 * <p>Two estimates per node: a fast one (half of each period's ratio) and a settled one, the mean of
 * the ratios since the node came within {@code filterWithin} of its set point (each ratio weighing at
 * least {@link #SETTLED}), restarted from the fast one when the node leaves that distance or the two
 * differ by more than {@link #DRIFT} (G changed). Near the set point the node's utilization is taken as
 * the settled estimate times the predicted utilization, not the window's measurement: a window measures
 * that plus its own noise (which jobs ran in it, for how long), and EUCON corrects k of whatever error it
 * is given. Tracking the measurement it corrects k of every window's noise too, so that the deviation's
 * variance grows by {@code 2 / (2 - k)} (1.44 at k = 0.61) and successive periods alternate (on the sim at
 * workload 2.0: RMS 0.0076 and 0.0090 against 0.0066 and 0.0082 at fixed rates, lag-1 autocorrelation
 * -0.4); tracking the settled estimate it corrects only the share of the noise the mean takes in, which
 * shrinks as the mean grows. Far from the set point it tracks the measurement, as EUCON does, so that
 * settling is not slowed.
 *
 * <p>A node whose predicted utilization is too small to give a meaningful ratio keeps its estimates, and
 * so does a saturated node (measuring about 100 %): its ratio is only a lower bound of G, and raising
 * the estimate from it would shrink the correction just while the measured error understates the real
 * one (measured on the sim: the band two periods later at workload 2.0). The estimates are 1 until a
 * first ratio, taken whole, and restart when the controlled tasks or F change (another allocation).
 */
final class GainEstimate {
    /** The range an estimate is held to: outside it the measurement, not the execution times, is suspect. */
    static final double MIN = 0.25, MAX = 4;
    /** Share of a period's ratio taken into the fast estimate: halves the window noise, follows G within a few periods. */
    static final double FAST = 0.5;
    /** The least share of a period's ratio taken into the settled estimate, so that it still follows a slow drift. */
    static final double SETTLED = 0.1;
    /**
     * The settled estimate restarts from the fast one when they differ by more than this fraction: G
     * changed (another workload, the backlog of a saturation draining). At 5 s windows the fast estimate's
     * noise is about 0.6 % of G on the sim, so this does not restart on noise.
     */
    static final double DRIFT = 0.03;
    /** Below this predicted utilization the ratio is mostly noise. */
    static final double MEANINGFUL = 0.05;
    /** A node measuring at least this is saturated: its ratio is only a lower bound of G. */
    static final double SATURATED = 0.98;
    /**
     * F is rescaled only when an estimate moves by more than this fraction from the one in use: a new F
     * costs the QP its kept matrices and factorisations, and a few per cent of G are within the noise.
     */
    static final double RESCALE = 0.03;

    /** One node's estimates: fast (exponentially smoothed), settled (the mean since its restart), the one F is scaled by. */
    private static final class Node {
        double fast = 1, settled = 1, inUse = 1;
        /** Ratios in the settled estimate since its restart; 0: none taken yet. */
        int taken;
        /** Whether the node measured within the filter's distance of its set point last time. */
        boolean near;

        /** Takes in a period's ratio; {@code near}: the measurement is within the filter's distance of the set point. */
        void take(double ratio, boolean nearNow) {
            // the first ratio whole: the settled estimate starts from it, and the filtered utilization is then the measured one
            boolean first = taken == 0;
            fast = first ? ratio : fast + FAST * (ratio - fast);
            if (first || !nearNow || !near || Math.abs(fast / settled - 1) > DRIFT) {
                // far from the set point, just arrived near it, or G moved: start over from the fast estimate
                settled = fast;
                taken = 1;
            } else {
                taken++;
                settled += Math.max(SETTLED, 1.0 / taken) * (ratio - settled);
            }
            near = nearNow;
        }
    }

    private final Map<String, Node> nodes = new HashMap<>();
    private List<String> tasks = List.of();
    private double[][] f = new double[0][];

    /**
     * {@code plant} with each node's row of F scaled by its settled gain estimate, after taking in this
     * period's measurement, and the utilization of each node within {@code filterWithin} of its set point
     * replaced by the settled estimate times the predicted one (0: never; then the settled estimate is the
     * fast one).
     */
    Plant scale(Plant plant, List<DeploymentPlan> deployed, ToDoubleFunction<String> capacity, double filterWithin) {
        List<String> names = plant.tasks().stream().map(Plant.Task::application).toList();
        if (!names.equals(tasks) || !Arrays.deepEquals(plant.f(), f)) {
            nodes.clear();
            tasks = names;
            f = plant.f();
        }
        Map<String, Double> predicted = Plant.predictedUtilization(deployed, capacity);
        double[][] scaled = new double[plant.nodes().size()][];
        List<Plant.NodeRow> rows = new ArrayList<>(plant.nodes());
        for (int i = 0; i < scaled.length; i++) {
            Plant.NodeRow row = plant.nodes().get(i);
            Node node = nodes.computeIfAbsent(row.node(), k -> new Node());
            double p = predicted.getOrDefault(row.node(), 0.0);
            if (p >= MEANINGFUL && row.utilization() < SATURATED) {
                boolean near = Math.abs(row.utilization() - row.setPoint()) <= filterWithin;
                node.take(Math.max(MIN, Math.min(MAX, row.utilization() / p)), near);
                if (near) rows.set(i, new Plant.NodeRow(row.node(), node.settled * p, row.setPoint()));
            }
            double g = node.settled;
            if (Math.abs(g / node.inUse - 1) > RESCALE) node.inUse = g;
            scaled[i] = plant.f()[i].clone();
            for (int j = 0; j < scaled[i].length; j++) scaled[i][j] *= node.inUse;
        }
        return new Plant(plant.tasks(), List.copyOf(rows), scaled, plant.skipped());
    }

    /** The gain estimate of {@code node} in use, 1 when none. */
    double of(String node) {
        Node n = nodes.get(node);
        return n == null ? 1 : n.inUse;
    }
}
