package org.race.controller.region;

import org.race.text.Numbers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

import org.race.api.model.AdaptationDecision;
import org.race.api.model.Adjustment;
import org.race.api.model.Application;
import org.race.api.model.DeploymentPlan;
import org.race.api.monitoring.ApplicationQos;
import org.race.api.monitoring.ComponentSample;
import org.race.api.monitoring.NodeSample;
import org.race.api.monitoring.SystemSnapshot;

/**
 * RTARM's feedback adaptation inside a contract, one sampling period at a time. The detector compares
 * each contracted application's measured QoS with its contract: overload when a node it runs on is
 * above its utilization bound, when it missed more than {@code missThreshold} of its deadlines, or when
 * its latency exceeded the region's bound; under-use when the nodes it runs on have room below their
 * bounds. The adapter moves the operational point inside the region without renegotiating. A node's
 * excess over its bound is taken from the contracted applications on it least critical first, each
 * down to its minimum rate before the next is touched (utilization follows the rate; the whole
 * application changes rate, so its other nodes are relieved too); misses or latency beyond the bound
 * cut the application's own rate by {@code missDecrease}. Room below {@code hysteresis} (relative) under
 * the bound goes to the most critical first, by at most {@code maxIncrease} per period and never beyond
 * what the nodes have left to reserve: a window's measurement varies by a job or two, and a rate raised
 * right up to the bound would be cut again at the next window.
 *
 * @param utilizationBound fraction of a node's cpu; <= 0: the RMS bound m(2^(1/m) - 1) of its m components
 * @param missThreshold    miss ratio above which an application is overloaded
 * @param missDecrease     relative rate cut for misses or latency beyond the bound
 * @param maxIncrease      largest relative rate increase per period
 * @param hysteresis       an increase keeps every node of the application at least this far (relative) below its bound
 */
record RegionFeedback(double utilizationBound, double missThreshold, double missDecrease, double maxIncrease, double hysteresis) {
    static final String NAME = "region";
    static final RegionFeedback DEFAULTS = new RegionFeedback(-1, 0, 0.1, 0.25, 0.05);

    RegionFeedback {
        if (utilizationBound > 1) throw new IllegalArgumentException("utilizationBound must be <= 1, got " + utilizationBound);
        if (missThreshold < 0 || missThreshold >= 1) throw new IllegalArgumentException("missThreshold must be in [0, 1), got " + missThreshold);
        if (missDecrease <= 0 || missDecrease >= 1) throw new IllegalArgumentException("missDecrease must be in (0, 1), got " + missDecrease);
        if (maxIncrease <= 0) throw new IllegalArgumentException("maxIncrease must be > 0, got " + maxIncrease);
        if (hysteresis < 0) throw new IllegalArgumentException("hysteresis must be >= 0, got " + hysteresis);
    }

    /** One contracted application this period: its measured share of each of its nodes, and the factor decided on its rate. */
    private static final class Contract {
        final DeploymentPlan plan;
        final Map<String, Double> share = new TreeMap<>();
        final List<String> causes = new ArrayList<>();
        double factor = 1;

        Contract(DeploymentPlan plan) {
            this.plan = plan;
        }

        Application app() {
            return plan.application();
        }

        double rate() {
            return 1000 / app().periodMs();
        }

        /** The lowest factor the region allows. */
        double floor() {
            return app().region().minRateHz() / rate();
        }
    }

    /**
     * @param capacityCpu a node's cpu capacity, for what it has left to reserve
     * @param held        applications cut recently: not raised this period (a pipeline drains its queues
     *                    after an overload, and one window's room may be measurement noise)
     */
    AdaptationDecision decide(SystemSnapshot snapshot, List<DeploymentPlan> deployed, ToDoubleFunction<String> capacityCpu, java.util.Set<String> held) {
        Map<String, Integer> components = new TreeMap<>();
        Map<String, Double> reserved = new TreeMap<>();
        for (DeploymentPlan p : deployed) {
            p.placement().nodeOf().values().forEach(n -> components.merge(n, 1, Integer::sum));
            for (String n : nodesOf(p)) reserved.merge(n, p.demandOn(n).cpu(), Double::sum);
        }
        Map<String, Double> utilization = new TreeMap<>(), bound = new TreeMap<>();
        Map<String, NodeSample> samples = new TreeMap<>();
        for (NodeSample s : snapshot.nodes()) {
            if (snapshot.staleNodes().contains(s.node()) || !s.utilization().containsKey("cpu")) continue;
            samples.put(s.node(), s);
            utilization.put(s.node(), s.utilization().get("cpu"));
            bound.put(s.node(), utilizationBound > 0 ? utilizationBound : rmsBound(components.getOrDefault(s.node(), 0)));
        }
        // least critical first (then by name); a node not measured this period leaves its applications alone
        List<Contract> contracts = new ArrayList<>();
        for (DeploymentPlan p : deployed.stream().filter(p -> p.application().contracted())
                .sorted(Comparator.comparing((DeploymentPlan p) -> p.application().importance()).thenComparing(DeploymentPlan::name)).toList()) {
            if (!samples.keySet().containsAll(nodesOf(p))) continue;
            Contract c = new Contract(p);
            for (String n : nodesOf(p)) {
                double measured = samples.get(n).components().stream().filter(x -> x.application().equals(p.name()))
                        .mapToDouble(ComponentSample::utilization).sum();
                // not measured in the window (no job ended in it): what it reserves, as a share of the node
                c.share.put(n, measured > 0 ? measured : p.demandOn(n).cpu() / capacityCpu.applyAsDouble(n));
            }
            contracts.add(c);
        }
        // overload by utilization: each node's excess over its bound, least critical first, each to its minimum before the next
        for (String n : utilization.keySet()) {
            double excess = utilization.get(n) - bound.get(n);
            for (Contract c : contracts) excess -= c.share.getOrDefault(n, 0.0) * (1 - c.factor); // relieved by cuts decided on other nodes
            if (excess <= 0) continue;
            for (Contract c : contracts) {
                double share = c.share.getOrDefault(n, 0.0);
                if (excess <= 1e-12 || share <= 0) continue;
                double take = Math.min(excess, share * Math.max(0, c.factor - c.floor()));
                if (take <= 0) continue;
                c.factor -= take / share;
                excess -= take;
                c.causes.add(n + " cpu " + pct(utilization.get(n)) + " > " + pct(bound.get(n)));
            }
        }
        for (Contract c : contracts) {
            ApplicationQos q = snapshot.applications().getOrDefault(c.plan.name(), ApplicationQos.empty(c.plan.name()));
            Double latencyBound = c.app().region().latencyMaxMs();
            boolean missing = q.missRatio() > missThreshold, late = latencyBound != null && q.completed() > 0 && q.maxLatencyMs() > latencyBound;
            if (missing) c.causes.add("missed " + pct(q.missRatio()));
            if (late) c.causes.add("latency " + num(q.maxLatencyMs()) + " ms > " + num(latencyBound));
            if (missing || late) c.factor = Math.min(c.factor, 1 - missDecrease);
        }
        // room: most critical first, within the bound and what is left to reserve
        Map<String, Double> room = new TreeMap<>();
        utilization.forEach((n, u) -> room.put(n, bound.get(n) * (1 - hysteresis) - u));
        List<Contract> upward = new ArrayList<>(contracts);
        java.util.Collections.reverse(upward);
        for (Contract c : upward) {
            if (!c.causes.isEmpty() || held.contains(c.plan.name()) || c.rate() >= c.app().region().maxRateHz()) continue;
            double f = 1 + maxIncrease;
            for (Map.Entry<String, Double> e : c.share.entrySet()) {
                f = Math.min(f, 1 + room.get(e.getKey()) / e.getValue());
                double work = c.app().executionTimeOn(e.getKey(), c.plan.placement().nodeOf());
                double left = capacityCpu.applyAsDouble(e.getKey()) - reserved.getOrDefault(e.getKey(), 0.0);
                if (work > 0) f = Math.min(f, 1 + Math.max(0, left) * 1000 / work / c.rate());
            }
            if (f <= 1) continue;
            c.factor = f;
            c.causes.add("room again");
            for (Map.Entry<String, Double> e : c.share.entrySet()) {
                room.merge(e.getKey(), -e.getValue() * (f - 1), Double::sum);
                reserved.merge(e.getKey(), c.app().executionTimeOn(e.getKey(), c.plan.placement().nodeOf()) * c.rate() * (f - 1) / 1000, Double::sum);
            }
        }
        List<Adjustment> changes = new ArrayList<>();
        List<String> why = new ArrayList<>();
        for (Contract c : upward) {
            double period = c.app().region().periodAt(c.rate() * c.factor);
            boolean toBound = period != c.app().periodMs() && (period == c.app().region().period().min() || period == c.app().region().period().max());
            if (!toBound && Math.abs(period - c.app().periodMs()) < 0.005 * c.app().periodMs()) continue; // not worth a change
            changes.add(new Adjustment(c.plan.name(), null, Adjustment.Kind.PERIOD, period, null));
            why.add(c.plan.name() + " " + num(c.rate()) + " -> " + num(1000 / period) + " Hz: " + (c.factor < 1 ? "overload (" + String.join(", ", c.causes) + ")" : "room again"));
        }
        String reason = changes.isEmpty() ? "every contract inside its bounds" : String.join("; ", why);
        return new AdaptationDecision(NAME, changes, reason, bound);
    }

    /** The RMS utilization bound of m periodic tasks, m(2^(1/m) - 1); 1 for none. */
    static double rmsBound(int m) {
        return m == 0 ? 1 : m * (Math.pow(2, 1.0 / m) - 1);
    }

    private static TreeSet<String> nodesOf(DeploymentPlan p) {
        return new TreeSet<>(p.placement().nodeOf().values());
    }

    private static String pct(double f) {
        return String.format(Locale.ROOT, "%.1f%%", f * 100);
    }

    private static String num(double v) {
        return Numbers.readable(v);
    }
}
