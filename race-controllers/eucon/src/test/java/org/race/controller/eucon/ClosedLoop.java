package org.race.controller.eucon;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

import org.race.api.model.AdaptationDecision;
import org.race.api.model.Adjustment;
import org.race.api.model.Component;
import org.race.api.model.DeploymentPlan;

/**
 * A plant for closed-loop tests, EUCON's model with a gain the controller does not know: each node's
 * utilization is {@code G} times the estimated execution times times the rates, over every deployed
 * application (fixed periods included); {@link #saturating()}: measured at most 1, as a real processor
 * is (what EUCON sees of an overloaded node); {@link #noisy}: plus seeded Gaussian measurement noise,
 * a sampling window's. Decisions are applied as the CentralEffector's clamp guard would.
 */
final class ClosedLoop {
    final List<List<Double>> utilization = new ArrayList<>();
    final List<List<Double>> rates = new ArrayList<>();
    final List<AdaptationDecision> decisions = new ArrayList<>();
    private final double gain;
    private final TreeSet<String> nodes = new TreeSet<>();
    private List<DeploymentPlan> plans;
    private boolean saturating;
    private double noise;
    private Random random;

    ClosedLoop(List<DeploymentPlan> plans, double gain) {
        this.plans = plans;
        this.gain = gain;
        for (DeploymentPlan p : plans) nodes.addAll(p.placement().nodeOf().values());
    }

    /** Measured utilizations at most 1: an overloaded node reports 100 %, not its demand. */
    ClosedLoop saturating() {
        saturating = true;
        return this;
    }

    /** Measured utilizations off by Gaussian noise of standard deviation {@code sd}, from a {@code seed}ed generator. */
    ClosedLoop noisy(double sd, long seed) {
        noise = sd;
        random = new Random(seed);
        return this;
    }

    /** Run {@code periods} sampling periods; {@code utilization} and {@code rates} get one row per period (before its decision). */
    ClosedLoop run(Eucon eucon, int periods) {
        for (int k = 0; k < periods; k++) {
            Map<String, Double> u = measure();
            utilization.add(List.copyOf(u.values()));
            rates.add(plans.stream().map(Workloads::rate).toList());
            List<Object> pairs = new ArrayList<>();
            u.forEach((n, v) -> {
                pairs.add(n);
                pairs.add(v);
            });
            AdaptationDecision d = eucon.decide(Workloads.snapshot(1000L * (k + 1), List.of(), pairs.toArray()), plans, n -> 1);
            decisions.add(d);
            apply(d);
        }
        return this;
    }

    /** The first period from which every node stays within {@code band} of {@code setPoint}, or -1. */
    int settledAt(double setPoint, double band) {
        int settled = -1;
        for (int k = 0; k < utilization.size(); k++) {
            boolean in = utilization.get(k).stream().allMatch(v -> Math.abs(v - setPoint) < band);
            if (!in) settled = -1;
            else if (settled < 0) settled = k;
        }
        return settled;
    }

    /**
     * The largest excursion of a node past {@code setPoint} on the side opposite to where it started,
     * once it has crossed it (0 when it never crosses).
     */
    double overshoot(double setPoint) {
        double overshoot = 0;
        for (int i = 0; i < utilization.get(0).size(); i++) {
            double side = Math.signum(utilization.get(0).get(i) - setPoint);
            boolean crossed = false;
            for (List<Double> u : utilization) {
                double past = -side * (u.get(i) - setPoint);
                crossed |= past >= 0;
                if (crossed) overshoot = Math.max(overshoot, past);
            }
        }
        return overshoot;
    }

    Map<String, Double> measure() {
        Map<String, Double> u = new TreeMap<>();
        for (String n : nodes) u.put(n, 0.0);
        for (DeploymentPlan p : plans) {
            for (Component c : p.application().components()) {
                u.merge(p.placement().nodeOf().get(c.name()), gain * c.executionTimeMs() / p.application().periodMs(), Double::sum);
            }
        }
        if (random != null) u.replaceAll((n, v) -> v + noise * random.nextGaussian());
        if (saturating) u.replaceAll((n, v) -> Math.min(1, v));
        return u;
    }

    void apply(AdaptationDecision d) {
        List<DeploymentPlan> next = new ArrayList<>();
        for (DeploymentPlan p : plans) {
            DeploymentPlan q = p;
            for (Adjustment a : d.adjustments()) {
                if (a.application().equals(p.name()) && a.kind() == Adjustment.Kind.PERIOD) {
                    q = q.withApplication(q.application().withPeriod(p.application().periodRange().clamp(a.value())));
                }
            }
            next.add(q);
        }
        plans = next;
    }

    List<DeploymentPlan> plans() {
        return plans;
    }
}
