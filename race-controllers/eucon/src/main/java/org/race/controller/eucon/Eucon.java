package org.race.controller.eucon;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import org.race.api.model.AdaptationDecision;
import org.race.api.model.Adjustment;
import org.race.api.model.DeploymentPlan;
import org.race.api.monitoring.SystemSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EUCON across sampling periods: builds each period's {@link Plant}, remembers the rate change applied
 * at the previous action (Δr(k-1), which RACE's prediction needs), solves the {@link Mpc} and turns the
 * first step into PERIOD adjustments. One instance per configuration; decisions are a function of the inputs and of the
 * earlier calls only.
 */
final class Eucon {
    static final String NAME = "eucon";
    /** A rate change below this fraction of the rate is not worth an adjustment (nor a visit to every node). */
    static final double EPSILON = 1e-4;

    private static final Logger LOG = LoggerFactory.getLogger(Eucon.class);

    private final Settings settings;
    private final Mpc mpc;
    private final GainEstimate gains = new GainEstimate();
    /** Rate (Hz) of every application with a periodRange when EUCON last acted. */
    private final Map<String, Double> ratesAtLastAction = new HashMap<>();
    private long calls;

    Eucon(Settings settings) {
        this.settings = settings;
        this.mpc = new Mpc(settings);
    }

    /** Periods solved by a warm start, and by the QP solver, so far. */
    long[] solverCounts() {
        return mpc.counts();
    }

    /**
     * @param capacity cpu capacity of a node, 1 when unknown
     */
    synchronized AdaptationDecision decide(SystemSnapshot snapshot, List<DeploymentPlan> deployed, ToDoubleFunction<String> capacity) {
        // published in every decision, also when EUCON does not act this period: views show what it holds nodes to
        Map<String, Double> setPoints = Plant.setPoints(snapshot, deployed, settings.setPoint());
        if (calls++ % settings.samplingPeriods() != 0) {
            return new AdaptationDecision(NAME, List.of(), "acts every " + settings.samplingPeriods() + " sampling periods", setPoints);
        }
        // the engine's domain looks a node up by a search: once per node and decision, not per subtask
        Map<String, Double> capacities = new HashMap<>();
        ToDoubleFunction<String> known = n -> capacities.computeIfAbsent(n, capacity::applyAsDouble);
        Plant measured = Plant.of(snapshot, deployed, known, setPoints);
        Plant plant = settings.estimateGain() ? gains.scale(measured, deployed, known, settings.filterWithin()) : measured;
        int n = plant.tasks().size();
        double[] lastChange = new double[n];
        for (int j = 0; j < n; j++) {
            Plant.Task t = plant.tasks().get(j);
            Double before = ratesAtLastAction.get(t.application());
            lastChange[j] = before == null ? 0 : t.rate() - before;
        }
        ratesAtLastAction.clear();
        for (DeploymentPlan p : deployed) {
            if (p.application().periodRange() != null) ratesAtLastAction.put(p.name(), 1000 / p.application().periodMs());
        }
        String skipped = plant.skipped().isEmpty() ? "" : "; left alone: " + plant.skipped();
        if (n == 0) return new AdaptationDecision(NAME, List.of(), "no application with a periodRange to control" + skipped, setPoints);

        Mpc.Step step;
        try {
            step = mpc.step(plant, lastChange);
        } catch (IllegalStateException e) {
            LOG.warn("eucon: no rate change this period: {}", e.getMessage());
            return new AdaptationDecision(NAME, List.of(), "no solution: " + e.getMessage() + skipped, setPoints);
        }
        List<Adjustment> adjustments = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            Plant.Task t = plant.tasks().get(j);
            double r = step.rates()[j];
            if (Math.abs(r - t.rate()) > EPSILON * t.rate()) {
                adjustments.add(new Adjustment(t.application(), null, Adjustment.Kind.PERIOD, 1000 / r, null));
            }
        }
        // built by hand: String.format for every node every period was most of a decision's cost
        StringBuilder reason = new StringBuilder("cpu vs set point:");
        for (int i = 0; i < plant.nodes().size(); i++) {
            Plant.NodeRow node = measured.nodes().get(i);
            reason.append(' ').append(node.node()).append(' ');
            percent(reason, node.utilization()).append(" / ");
            percent(reason, node.setPoint()).append(" (");
            double tracked = plant.nodes().get(i).utilization();
            if (tracked != node.utilization()) percent(reason.append("filtered "), tracked).append(", ");
            percent(reason.append("predicted "), step.predicted()[i]);
            if (settings.estimateGain()) reason.append(", gain ").append(Math.round(100 * gains.of(node.node())) / 100.0);
            reason.append(')');
        }
        reason.append("; ").append(adjustments.size()).append(" of ").append(n).append(" rates changed");
        if (step.utilizationLimitDropped()) reason.append("; u <= B unreachable within the rate bounds, tracking only");
        reason.append(skipped);
        LOG.debug("eucon: {} {}", reason, adjustments);
        return new AdaptationDecision(NAME, adjustments, reason.toString(), setPoints);
    }

    /** {@code u} as a percentage with one decimal, as %.1f%% would print it. */
    private static StringBuilder percent(StringBuilder sb, double u) {
        long tenths = Math.round(1000 * u);
        if (tenths < 0) sb.append('-');
        return sb.append(Math.abs(tenths) / 10).append('.').append(Math.abs(tenths) % 10).append('%');
    }
}
