package org.race.controller.eucon;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import org.race.api.model.DeploymentPlan;

/**
 * An online estimate of EUCON's gain G per node (actual over estimated execution times), the ratio of
 * the node's measured utilization to the one the estimates predict at the current rates (every
 * deployed subtask on it, controlled or not), exponentially smoothed. EUCON's model takes G as 1, so
 * each period corrects {@code k G} of the error (k set by the reference trajectory): too little when
 * jobs run faster than estimated, and above 1, amplifying the measurement noise, when they run
 * slower. Scaling each node's row of F by its estimate makes that share k whatever G is.
 *
 * <p>A node whose predicted utilization is too small to give a meaningful ratio keeps its estimate, and
 * so does a saturated node (measuring about 100 %): its ratio is only a lower bound of G, and raising
 * the estimate from it would shrink the correction just while the measured error understates the real
 * one (measured on the sim: the band two periods later at workload 2.0). The estimates start from 1 and
 * restart when the controlled tasks or F change (another allocation).
 */
final class GainEstimate {
    /** The range an estimate is held to: outside it the measurement, not the execution times, is suspect. */
    static final double MIN = 0.25, MAX = 4;
    /** Share of a period's ratio taken into the estimate: halves the window noise, follows G within a few periods. */
    static final double SMOOTHING = 0.5;
    /** Below this predicted utilization the ratio is mostly noise. */
    static final double MEANINGFUL = 0.05;
    /** A node measuring at least this is saturated: its ratio is only a lower bound of G. */
    static final double SATURATED = 0.98;
    /**
     * F is rescaled only when an estimate moves by more than this fraction from the one in use: a new F
     * costs the QP its kept matrices and factorisations, and a few per cent of G are within the noise.
     */
    static final double RESCALE = 0.03;

    private final Map<String, Double> estimate = new HashMap<>();
    private final Map<String, Double> inUse = new HashMap<>();
    private List<String> tasks = List.of();
    private double[][] f = new double[0][];

    /** {@code plant} with each node's row of F scaled by its gain estimate, after taking in this period's measurement. */
    Plant scale(Plant plant, List<DeploymentPlan> deployed, ToDoubleFunction<String> capacity) {
        List<String> names = plant.tasks().stream().map(Plant.Task::application).toList();
        if (!names.equals(tasks) || !Arrays.deepEquals(plant.f(), f)) {
            estimate.clear();
            inUse.clear();
            tasks = names;
            f = plant.f();
        }
        Map<String, Double> predicted = Plant.predictedUtilization(deployed, capacity);
        double[][] scaled = new double[plant.nodes().size()][];
        for (int i = 0; i < scaled.length; i++) {
            Plant.NodeRow node = plant.nodes().get(i);
            double g = estimate.getOrDefault(node.node(), 1.0);
            double p = predicted.getOrDefault(node.node(), 0.0);
            if (p >= MEANINGFUL && node.utilization() < SATURATED) {
                g += SMOOTHING * (Math.max(MIN, Math.min(MAX, node.utilization() / p)) - g);
                estimate.put(node.node(), g);
            }
            double used = inUse.getOrDefault(node.node(), 1.0);
            if (Math.abs(g / used - 1) > RESCALE) inUse.put(node.node(), used = g);
            scaled[i] = plant.f()[i].clone();
            for (int j = 0; j < scaled[i].length; j++) scaled[i][j] *= used;
        }
        return new Plant(plant.tasks(), plant.nodes(), scaled, plant.skipped());
    }

    /** The gain estimate of {@code node} in use, 1 when none. */
    double of(String node) {
        return inUse.getOrDefault(node, 1.0);
    }
}
