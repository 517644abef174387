package org.race.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.race.api.model.Application;
import org.race.api.model.DeploymentException;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.NodeState;
import org.race.api.model.Placement;
import org.race.api.model.QosRegion;
import org.race.api.model.Resources;

/**
 * RTARM's negotiation for contracted applications, on the central's view of the nodes: admission at
 * the best point of the region that fits, QoS shrinking of less critical applications when even the
 * minimum does not fit, and QoS expansion when resources return. It only decides; the engine applies
 * the decisions through the NodeManagers. A node's free cpu is its capacity minus the larger of what
 * is reserved and what was measured, as for every allocation, except that a contracted application
 * counts at its reservation (execution time x rate) in both: negotiation is about contracts, and what
 * a contracted application really uses is the feedback controller's business (RTARM keeps the two
 * apart), whereas measurement noise scaled up with a shrunk rate would hold expansions back.
 * Periods are rounded up to a microsecond, so a decided point never overbooks a node.
 */
final class Negotiator {
    /**
     * Places an application on the given node states, checked (capacity; with admission by analysis also the
     * worst-case latencies, the deployed applications in {@code shrunkTo} analysed at those periods, ms, the others
     * at theirs); or says why it cannot.
     */
    interface Placer {
        Placement place(Application app, List<NodeState> nodes, Map<String, Double> shrunkTo) throws DeploymentException;
    }

    /** A deployed contracted application moved from one period to another. */
    record Change(DeploymentPlan plan, double fromMs, double toMs) {
        DeploymentPlan applied() {
            return plan.withApplication(plan.application().withPeriod(toMs));
        }

        /** e.g. {@code lo1 (low) 10 -> 6.25 Hz (period 100 -> 160 ms, rate -37.5 %)} */
        String describe() {
            return plan.name() + " (" + plan.application().importance().label() + ") " + Num.of(1000 / fromMs) + " -> " + Num.of(1000 / toMs)
                    + " Hz (period " + Num.of(fromMs) + " -> " + Num.of(toMs) + " ms, rate " + String.format(Locale.ROOT, "%+.1f", (fromMs / toMs - 1) * 100)
                    + " %)";
        }
    }

    /** What admission grants a contracted application: its period, its placement and who shrank for it. */
    record Grant(double periodMs, Placement placement, List<Change> shrinks) {
    }

    /** Rate bisections with the allocator before the exact point for the placement found. */
    private static final int BISECTIONS = 12;

    /** The nodes with every contracted application's measured cpu replaced by its reserved cpu. */
    private final List<NodeState> nodes;
    private final Map<String, DeploymentPlan> deployed;

    /**
     * @param nodes    the nodes as the engine sees them now, what every deployed application reserves included
     * @param deployed the deployed applications by name
     * @param measured per node, the cpu the last snapshot measured for each deployed application (only to take
     *                 the contracted ones' out of the nodes' measured use)
     */
    Negotiator(List<NodeState> nodes, Map<String, DeploymentPlan> deployed, Map<String, Map<String, Double>> measured) {
        this.deployed = new LinkedHashMap<>(deployed);
        List<NodeState> out = new ArrayList<>();
        for (NodeState n : nodes) {
            double cpu = n.measured().cpu();
            for (DeploymentPlan p : deployed.values()) {
                if (!p.application().contracted()) continue;
                cpu += p.demandOn(n.name()).cpu() - measured.getOrDefault(n.name(), Map.of()).getOrDefault(p.name(), 0.0);
            }
            out.add(new NodeState(n.node(), n.reserved(), new Resources(Math.max(0, cpu), n.measured().memory(), n.measured().bandwidth()), n.up()));
        }
        this.nodes = List.copyOf(out);
    }

    /**
     * The best point of {@code app}'s region that fits: the highest rate at which the allocator places it,
     * raised to the exact highest rate every node of that placement can take; when even the minimum rate
     * does not fit, the minimum after shrinking less critical applications ({@link #shrinkFor}).
     */
    Grant negotiate(Application app, Placer placer) throws DeploymentException {
        QosRegion region = app.region();
        Application atMin = app.withPeriod(region.period().max());
        Placement placement;
        try {
            placement = placer.place(atMin, nodes, Map.of());
        } catch (DeploymentException evenAtMinimum) {
            return shrinkFor(atMin, placer, evenAtMinimum);
        }
        double lo = region.minRateHz(), hi = region.maxRateHz();
        try {
            return new Grant(region.period().min(), placer.place(app.withPeriod(region.period().min()), nodes, Map.of()), List.of());
        } catch (DeploymentException notAtMaximum) {
            // bisect: the allocator may find a better placement at a higher rate than the minimum's
        }
        for (int i = 0; i < BISECTIONS; i++) {
            double mid = (lo + hi) / 2;
            try {
                placement = placer.place(app.withPeriod(1000 / mid), nodes, Map.of());
                lo = mid;
            } catch (DeploymentException tooFast) {
                hi = mid;
            }
        }
        DeploymentPlan placed = new DeploymentPlan(atMin, placement, Map.of());
        double period = region.periodAt(maxRateHz(placed, byName(nodes), Map.of()));
        try {
            // the exact point counts capacity only: the placer also checks what capacity does not (the charged deadline)
            return new Grant(period, placer.place(app.withPeriod(period), nodes, Map.of()), List.of());
        } catch (DeploymentException beyondWhatFits) {
            return new Grant(region.periodAt(lo), placement, List.of());
        }
    }

    /**
     * Shrink the running applications less critical than {@code atMin}'s, lowest criticality first (then
     * by name), each toward its minimum as a whole, until {@code atMin} fits; then, on the placement found,
     * each of them from the last shrunk back to the first takes back what the newcomer does not need, so
     * the last shrinks only as far as needed and an earlier one whose shrink did not help gets its rate
     * back. A rate taken back is checked by the placer as every trial is (with admission by analysis, the
     * worst-case latencies at the trial's periods): when capacity's take-back fails, the highest rate that passes
     * is searched between it and the shrunk one. When all of them at their minima are still not enough, nothing
     * changes and the rejection says what is missing.
     */
    private Grant shrinkFor(Application atMin, Placer placer, DeploymentException evenAtMinimum) throws DeploymentException {
        List<DeploymentPlan> candidates = deployed.values().stream()
                .filter(p -> p.application().contracted() && p.application().importance().compareTo(atMin.importance()) < 0)
                .filter(p -> p.application().periodMs() < p.application().region().period().max())
                .sorted(Comparator.comparing((DeploymentPlan p) -> p.application().importance()).thenComparing(DeploymentPlan::name))
                .toList();
        Map<String, Double> periods = new LinkedHashMap<>();
        DeploymentException last = evenAtMinimum;
        for (DeploymentPlan c : candidates) {
            periods.put(c.name(), c.application().region().period().max());
            Placement placement;
            try {
                placement = placer.place(atMin, states(periods, Set.of()), Map.copyOf(periods));
            } catch (DeploymentException stillShort) {
                last = stillShort;
                continue;
            }
            // just enough: c, then every one shrunk before it, in reverse order, takes back the highest rate at which
            // it and the newcomer fit on the newcomer's placement (an earlier shrink may not have helped where it binds)
            Map<String, Resources> newcomer = new TreeMap<>();
            DeploymentPlan placed = new DeploymentPlan(atMin, placement, Map.of());
            for (String n : new TreeSet<>(placement.nodeOf().values())) newcomer.put(n, placed.demandOn(n));
            List<String> shrunk = new ArrayList<>(periods.keySet());
            for (int i = shrunk.size() - 1; i >= 0; i--) {
                DeploymentPlan back = deployed.get(shrunk.get(i));
                Map<String, Double> others = new LinkedHashMap<>(periods);
                others.remove(back.name());
                double rate = maxRateHz(back, byName(states(others, Set.of(back.name()))), newcomer);
                double period = Math.max(back.application().periodMs(), back.application().region().periodAt(rate));
                if (!worthChanging(periods.get(back.name()), period)) continue;
                Placement taken = placedWith(atMin, placer, periods, back.name(), period);
                if (taken == null) {
                    // the placer refuses capacity's take-back (the analysis): bisect between it and the shrunk rate, which passed
                    double lo = 1000 / periods.get(back.name()), hi = 1000 / period;
                    period = periods.get(back.name());
                    for (int b = 0; b < BISECTIONS; b++) {
                        double mid = (lo + hi) / 2, at = Math.max(back.application().periodMs(), back.application().region().periodAt(mid));
                        Placement p = placedWith(atMin, placer, periods, back.name(), at);
                        if (p == null) {
                            hi = mid;
                        } else {
                            lo = mid;
                            period = at;
                            taken = p;
                        }
                    }
                    if (taken == null || !worthChanging(periods.get(back.name()), period)) continue;
                }
                periods.put(back.name(), period);
                placement = taken;
            }
            List<Change> shrinks = new ArrayList<>();
            periods.forEach((name, to) -> {
                double from = deployed.get(name).application().periodMs();
                if (to > from) shrinks.add(new Change(deployed.get(name), from, to));
            });
            return new Grant(atMin.periodMs(), placement, shrinks);
        }
        throw new DeploymentException("admission", rejection(atMin, candidates, states(periods, Set.of()), last));
    }

    /** The placer's placement of {@code atMin} with {@code name} taken back to {@code periodMs} beside {@code periods}; null when refused. */
    private Placement placedWith(Application atMin, Placer placer, Map<String, Double> periods, String name, double periodMs) {
        Map<String, Double> trial = new LinkedHashMap<>(periods);
        trial.put(name, periodMs);
        try {
            return placer.place(atMin, states(trial, Set.of()), Map.copyOf(trial));
        } catch (DeploymentException refused) {
            return null;
        }
    }

    /** Why {@code atMin} cannot be admitted, with the figure that is missing. */
    private static String rejection(Application atMin, List<DeploymentPlan> shrunk, List<NodeState> states, DeploymentException why) {
        StringBuilder sb = new StringBuilder(atMin.name() + " (" + atMin.importance().label() + ") does not fit even at its minimum rate "
                + Num.of(1000 / atMin.periodMs()) + " Hz (period " + Num.of(atMin.periodMs()) + " ms)");
        sb.append(shrunk.isEmpty() ? " and no less critical application can shrink"
                : " with " + String.join(", ", shrunk.stream().map(DeploymentPlan::name).toList()) + " (less critical) at their minima");
        List<String> missing = new ArrayList<>();
        if (atMin.fullyPinned()) {
            Map<String, String> pins = new TreeMap<>();
            atMin.components().forEach(c -> pins.put(c.name(), c.node()));
            for (NodeState n : states) {
                Resources need = atMin.demandOn(n.name(), pins), free = n.available();
                for (String r : List.of("cpu", "memory", "bandwidth")) {
                    double short_ = need.get(r) - free.get(r);
                    if (short_ > 1e-9) missing.add(Num.of(short_) + " " + r + " on " + n.name() + " (needs " + Num.of(need.get(r)) + ", " + Num.of(Math.max(0, free.get(r))) + " free)");
                }
            }
        } else {
            double need = atMin.components().stream().mapToDouble(c -> c.demand().cpu()).sum(), free = 0;
            for (NodeState n : states) free += n.up() ? Math.max(0, n.available().cpu()) : 0;
            if (need - free > 1e-9) missing.add(Num.of(need - free) + " cpu in total (needs " + Num.of(need) + ", " + Num.of(free) + " free)");
        }
        sb.append(missing.isEmpty() ? ": " + why.getMessage() : ": missing " + String.join(", ", missing));
        return sb.append("; nothing changed").toString();
    }

    /**
     * QoS expansion: every contracted application below its maximum rate, most critical first (then by
     * name), goes to the highest rate its nodes can take with what the ones before it took.
     */
    List<Change> expand() {
        List<DeploymentPlan> order = deployed.values().stream()
                .filter(p -> p.application().contracted() && p.application().periodMs() > p.application().region().period().min())
                .sorted(Comparator.comparing((DeploymentPlan p) -> p.application().importance()).reversed().thenComparing(DeploymentPlan::name))
                .toList();
        Map<String, Double> periods = new LinkedHashMap<>();
        List<Change> out = new ArrayList<>();
        for (DeploymentPlan a : order) {
            double rate = maxRateHz(a, byName(states(periods, Set.of(a.name()))), Map.of());
            double period = Math.min(a.application().periodMs(), a.application().region().periodAt(rate));
            if (worthChanging(a.application().periodMs(), period)) {
                periods.put(a.name(), period);
                out.add(new Change(a, a.application().periodMs(), period));
            }
        }
        return out;
    }

    /**
     * The nodes with the (contracted) deployed applications named in {@code periods} at those periods and
     * the ones in {@code without} left out: their reservations, which are also their measured use here,
     * recomputed.
     */
    List<NodeState> states(Map<String, Double> periods, Set<String> without) {
        List<NodeState> out = new ArrayList<>();
        for (NodeState n : nodes) {
            Resources reserved = n.reserved();
            double measuredCpu = n.measured().cpu();
            Set<String> touched = new TreeSet<>(periods.keySet());
            touched.addAll(without);
            for (String name : touched) {
                DeploymentPlan p = deployed.get(name);
                Resources was = p.demandOn(n.name());
                reserved = reserved.minus(was);
                measuredCpu -= was.cpu();
                if (without.contains(name)) continue;
                Resources to = p.withApplication(p.application().withPeriod(periods.get(name))).demandOn(n.name());
                reserved = reserved.plus(to);
                measuredCpu += to.cpu();
            }
            Resources meas = new Resources(Math.max(0, measuredCpu), n.measured().memory(), n.measured().bandwidth());
            out.add(new NodeState(n.node(), reserved, meas, n.up()));
        }
        return out;
    }

    /**
     * The highest rate (Hz) at which {@code plan}'s contracted application fits on its nodes beside
     * {@code others} (node states without it) and {@code extra} demand per node: execution time x rate
     * within the capacity left by the larger of reservation and measured use.
     */
    private static double maxRateHz(DeploymentPlan plan, Map<String, NodeState> others, Map<String, Resources> extra) {
        Application a = plan.application();
        Map<String, String> nodeOf = plan.placement().nodeOf();
        double rate = Double.POSITIVE_INFINITY;
        for (String n : new TreeSet<>(nodeOf.values())) {
            double work = a.executionTimeOn(n, nodeOf);
            if (work <= 0) continue;
            NodeState s = others.get(n);
            double room = s.node().capacity().cpu() - extra.getOrDefault(n, Resources.ZERO).cpu();
            rate = Math.min(rate, (room - Math.max(s.reserved().cpu(), s.measured().cpu())) * 1000 / work);
        }
        return rate;
    }

    /**
     * Whether a rate is worth raising from {@code fromMs} to {@code toMs}: by 0.1 % at least, so that the
     * slack left by rounding another application's period up is not handed out as a change.
     */
    static boolean worthChanging(double fromMs, double toMs) {
        return toMs < fromMs * (1 - 1e-3);
    }

    private static Map<String, NodeState> byName(List<NodeState> states) {
        Map<String, NodeState> out = new TreeMap<>();
        states.forEach(s -> out.put(s.name(), s));
        return out;
    }
}
