package org.race.controller.region;

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
import org.race.api.model.QosRegion;
import org.race.api.monitoring.ApplicationQos;
import org.race.api.monitoring.ComponentSample;
import org.race.api.monitoring.NodeSample;
import org.race.api.monitoring.SystemSnapshot;

/**
 * RTARM's feedback adaptation inside a contract, one sampling period at a time. The detector compares
 * each contracted application's measured QoS with its contract: overload when a node it runs on is
 * above its utilization bound, when it missed more than {@code missThreshold} of its deadlines, or when
 * its latency exceeded the region's bound; under-use when every node it runs on has room again. The
 * adapter moves the operational point inside the region without renegotiating: under overload the
 * rate is scaled so that the node's contracted load brings it to the bound (utilization follows the
 * rate), or cut by {@code missDecrease} for misses; under under-use it grows toward the bound by at
 * most {@code maxIncrease} per period, and never beyond what the node has left to reserve. Most
 * critical first, so that the room that returns goes to them first.
 *
 * @param utilizationBound fraction of a node's cpu; <= 0: the RMS bound m(2^(1/m) - 1) of its m components
 * @param missThreshold    miss ratio above which an application is overloaded
 * @param missDecrease     relative rate cut for misses or latency beyond the bound
 * @param maxIncrease      largest relative rate increase per period
 * @param hysteresis       an increase needs room for at least this relative growth of the contracted load on every node of the application
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

    /** What a node looked like in the window: its cpu utilization, its bound, and the part of its load contracts can move. */
    private record Load(double utilization, double bound, double contracted) {
        /** The factor on the contracted load that brings the node to its bound. */
        double gain() {
            return contracted <= 0 ? Double.POSITIVE_INFINITY : (bound - (utilization - contracted)) / contracted;
        }
    }

    /**
     * @param capacityCpu a node's cpu capacity, for what it has left to reserve
     */
    AdaptationDecision decide(SystemSnapshot snapshot, List<DeploymentPlan> deployed, ToDoubleFunction<String> capacityCpu) {
        Map<String, Integer> components = new TreeMap<>();
        Map<String, Double> reserved = new TreeMap<>();
        for (DeploymentPlan p : deployed) {
            p.placement().nodeOf().values().forEach(n -> components.merge(n, 1, Integer::sum));
            for (String n : nodesOf(p)) reserved.merge(n, p.demandOn(n).cpu(), Double::sum);
        }
        Map<String, Load> loads = new TreeMap<>();
        for (NodeSample s : snapshot.nodes()) {
            if (snapshot.staleNodes().contains(s.node()) || !s.utilization().containsKey("cpu")) continue;
            double contracted = 0;
            for (ComponentSample c : s.components()) {
                if (deployed.stream().anyMatch(p -> p.name().equals(c.application()) && p.application().contracted())) contracted += c.utilization();
            }
            double bound = utilizationBound > 0 ? utilizationBound : rmsBound(components.getOrDefault(s.node(), 0));
            loads.put(s.node(), new Load(s.utilization().get("cpu"), bound, contracted));
        }
        List<Adjustment> changes = new ArrayList<>();
        List<String> why = new ArrayList<>();
        List<DeploymentPlan> order = deployed.stream().filter(p -> p.application().contracted())
                .sorted(Comparator.comparing((DeploymentPlan p) -> p.application().importance()).reversed().thenComparing(DeploymentPlan::name))
                .toList();
        for (DeploymentPlan p : order) {
            Application a = p.application();
            TreeSet<String> nodes = nodesOf(p);
            if (!loads.keySet().containsAll(nodes)) continue; // a node not measured this period: leave the application alone
            ApplicationQos q = snapshot.applications().getOrDefault(a.name(), ApplicationQos.empty(a.name()));
            double gain = nodes.stream().mapToDouble(n -> loads.get(n).gain()).min().orElse(Double.POSITIVE_INFINITY);
            List<String> over = nodes.stream().filter(n -> loads.get(n).utilization() > loads.get(n).bound())
                    .map(n -> n + " cpu " + pct(loads.get(n).utilization()) + " > " + pct(loads.get(n).bound())).toList();
            boolean missing = q.missRatio() > missThreshold;
            Double latencyBound = a.region().latencyMaxMs();
            boolean late = latencyBound != null && q.completed() > 0 && q.maxLatencyMs() > latencyBound;
            double rate = 1000 / a.periodMs(), factor;
            String cause;
            if (!over.isEmpty() || missing || late) {
                factor = over.isEmpty() ? 1 : gain;
                if (missing || late) factor = Math.min(factor, 1 - missDecrease);
                List<String> causes = new ArrayList<>(over);
                if (missing) causes.add("missed " + pct(q.missRatio()));
                if (late) causes.add("latency " + num(q.maxLatencyMs()) + " ms > " + num(latencyBound));
                cause = "overload (" + String.join(", ", causes) + ")";
            } else if (gain >= 1 + hysteresis && rate < a.region().maxRateHz()) {
                factor = Math.min(gain, 1 + maxIncrease);
                for (String n : nodes) {
                    double work = a.executionTimeOn(n, p.placement().nodeOf());
                    double left = capacityCpu.applyAsDouble(n) - reserved.getOrDefault(n, 0.0);
                    if (work > 0) factor = Math.min(factor, 1 + Math.max(0, left) * 1000 / work / rate);
                }
                cause = "room again";
            } else {
                continue;
            }
            double period = periodFor(rate * factor, a.region());
            if (Math.abs(period - a.periodMs()) < 0.005 * a.periodMs()) continue; // not worth a change
            for (String n : nodes) reserved.merge(n, a.executionTimeOn(n, p.placement().nodeOf()) * (1 / period - 1 / a.periodMs()), Double::sum);
            changes.add(new Adjustment(a.name(), null, Adjustment.Kind.PERIOD, period, null));
            why.add(a.name() + " " + num(rate) + " -> " + num(1000 / period) + " Hz: " + cause);
        }
        String reason = changes.isEmpty() ? "every contract inside its bounds" : String.join("; ", why);
        return new AdaptationDecision(NAME, changes, reason);
    }

    /** The RMS utilization bound of m periodic tasks, m(2^(1/m) - 1); 1 for none. */
    static double rmsBound(int m) {
        return m == 0 ? 1 : m * (Math.pow(2, 1.0 / m) - 1);
    }

    /** The period of a rate, rounded up to a microsecond, inside the region. */
    static double periodFor(double rateHz, QosRegion region) {
        double ms = rateHz <= 0 ? Double.POSITIVE_INFINITY : Math.ceil(1000 / rateHz * 1000 - 1e-6) / 1000;
        return region.period().clamp(ms);
    }

    private static TreeSet<String> nodesOf(DeploymentPlan p) {
        return new TreeSet<>(p.placement().nodeOf().values());
    }

    private static String pct(double f) {
        return String.format(Locale.ROOT, "%.1f%%", f * 100);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
