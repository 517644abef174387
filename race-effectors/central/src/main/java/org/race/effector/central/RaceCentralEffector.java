package org.race.effector.central;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.race.api.CentralEffector;
import org.race.api.Engine;
import org.race.api.NodeCalls;
import org.race.api.NodeEffector;
import org.race.api.NodeNotAnsweringException;
import org.race.api.RoleProperties;
import org.race.api.model.AdaptationDecision;
import org.race.api.model.Adjustment;
import org.race.api.model.Adjustment.Kind;
import org.race.api.model.DeploymentException;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.EffectReport;
import org.race.api.model.Range;
import org.race.api.monitoring.DelayStats;
import org.race.fanout.DelayHistory;
import org.race.fanout.FanOut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RACE's CentralEffector. Every adjustment first passes the guard (Dionisys' guard functions): a
 * priority outside [minPriority, maxPriority] or a period outside the application's periodRange
 * is clamped into range or rejected, by configuration, and either way logged; a period change of
 * an application without a range, or an adjustment of an unknown application or component, is
 * rejected. Then the changes go to the NodeEffectors of the nodes concerned: hierarchical = one
 * batch per node, all nodes in parallel (this container's own NodeEffectors called directly, as
 * {@link NodeCalls} calls local services; see {@code FanOut}); flat = one call per change, one after
 * another. Every call to a node container is bounded by {@link NodeCalls} ({@code race.calls timeoutMs}): a change not acknowledged in time
 * is rejected (the controller decides again next period), the timeout counts towards failing the
 * node, and a failed node gets no calls. MOVE goes through the Engine (undeploy and redeploy by the
 * NodeManagers). The registry is kept in step and the actuation delay (decision received to all
 * acknowledgements in) recorded.
 */
@Component(service = CentralEffector.class, configurationPid = "race.effector")
@Designate(ocd = RaceCentralEffector.Config.class)
public class RaceCentralEffector implements CentralEffector {
    @ObjectClassDefinition(name = "RACE effectors")
    public @interface Config {
        @AttributeDefinition(description = "hierarchical (one batch per NodeEffector, in parallel) or flat (each change by itself, in turn)")
        String mode() default "hierarchical";

        @AttributeDefinition(description = "clamp out-of-range values into range, or reject them")
        String guard() default "clamp";

        int minPriority() default 0;

        int maxPriority() default 99;

        int threads() default 16;
    }

    private static final Logger LOG = LoggerFactory.getLogger(RaceCentralEffector.class);

    @Reference
    Engine engine;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile List<Map.Entry<Map<String, Object>, NodeEffector>> nodeEffectors;

    @Reference
    NodeCalls calls;

    private final DelayHistory delays = new DelayHistory();
    private final FanOut fanOut = new FanOut("race-central-effector");
    private volatile Config config;

    @Activate
    @Modified
    synchronized void configure(Config c) {
        if (!c.guard().equals("clamp") && !c.guard().equals("reject")) LOG.error("race.effector: guard must be clamp or reject, got '{}'", c.guard());
        config = c;
        fanOut.threads(c.threads());
    }

    @Deactivate
    synchronized void deactivate() {
        fanOut.close();
    }

    @Override
    public EffectReport apply(AdaptationDecision decision, List<DeploymentPlan> deployed) {
        long start = System.nanoTime();
        Map<String, DeploymentPlan> plans = new LinkedHashMap<>();
        deployed.forEach(p -> plans.put(p.name(), p));
        List<String> applied = new ArrayList<>(), rejected = new ArrayList<>();
        Map<String, List<Adjustment>> byNode = new TreeMap<>();
        List<Adjustment> moves = new ArrayList<>();
        for (Adjustment a : decision.adjustments()) {
            Adjustment g = guard(a, plans.get(a.application()), rejected);
            if (g == null) continue;
            if (g.kind() == Kind.MOVE) {
                moves.add(g);
                continue;
            }
            for (String node : targets(g, plans.get(g.application()))) byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(g);
        }
        Map<String, Map.Entry<Map<String, Object>, NodeEffector>> effectors = effectorsByNode();
        boolean flat = "flat".equals(config.mode());
        Map<String, List<String>> acks = flat ? applyFlat(byNode, effectors, rejected) : applyHierarchical(byNode, effectors, rejected);
        acks.values().forEach(applied::addAll);
        recordInRegistry(decision, byNode, acks, plans);
        for (Adjustment m : moves) {
            try {
                engine.move(m.application(), m.component(), m.text());
                applied.add(m.application() + "/" + m.component() + " MOVE " + m.text());
            } catch (DeploymentException e) {
                rejected.add(m.application() + "/" + m.component() + " MOVE " + m.text() + ": " + e.getMessage());
            }
        }
        long delay = System.nanoTime() - start;
        delays.record(delay);
        rejected.forEach(r -> LOG.warn("{}: rejected {}", decision.controller(), r));
        return new EffectReport(applied, rejected, delay);
    }

    /**
     * The guard: the adjustment to apply (possibly clamped), or null when it is rejected (the reason
     * goes to {@code rejected}).
     */
    Adjustment guard(Adjustment a, DeploymentPlan plan, List<String> rejected) {
        String what = a.application() + (a.component() == null ? "" : "/" + a.component()) + " " + a.kind();
        if (plan == null) return reject(rejected, what, "no such application is deployed");
        if (a.component() != null && plan.application().component(a.component()).isEmpty()) {
            return reject(rejected, what, "the application has no such component");
        }
        boolean clamp = "clamp".equals(config.guard());
        switch (a.kind()) {
            case PRIORITY -> {
                double p = Math.rint(a.value());
                if (p < config.minPriority() || p > config.maxPriority() || p != a.value()) {
                    if (!clamp) return reject(rejected, what, "priority " + a.value() + " outside [" + config.minPriority() + ", " + config.maxPriority() + "]");
                    double c = Math.max(config.minPriority(), Math.min(config.maxPriority(), p));
                    LOG.warn("guard: {} priority {} clamped to {}", what, a.value(), (int) c);
                    return new Adjustment(a.application(), a.component(), a.kind(), c, a.text());
                }
                return a;
            }
            case PERIOD -> {
                Range range = plan.application().periodRange();
                if (range == null) return reject(rejected, what, "the application's period is fixed (no periodRange)");
                if (!(a.value() > 0) || !range.contains(a.value())) {
                    if (!clamp || !(a.value() > 0)) return reject(rejected, what, "period " + a.value() + " ms outside [" + range.min() + ", " + range.max() + "]");
                    double c = range.clamp(a.value());
                    LOG.warn("guard: {} period {} ms clamped to {} ms", what, a.value(), c);
                    return new Adjustment(a.application(), a.component(), a.kind(), c, a.text());
                }
                return a;
            }
            case PRIORITY_CLASS -> {
                return a.text() == null || a.text().isBlank() ? reject(rejected, what, "no priority class given") : a;
            }
            case MOVE -> {
                if (a.component() == null) return reject(rejected, what, "MOVE needs a component");
                return a.text() == null || a.text().isBlank() ? reject(rejected, what, "MOVE needs a target node") : a;
            }
            default -> throw new IllegalStateException(a.kind().toString());
        }
    }

    private static Adjustment reject(List<String> rejected, String what, String why) {
        LOG.warn("guard: rejected {}: {}", what, why);
        rejected.add(what + ": " + why);
        return null;
    }

    /** Nodes an adjustment concerns: its component's node, or every node of the application. */
    private static TreeSet<String> targets(Adjustment a, DeploymentPlan plan) {
        if (a.component() != null && a.kind() != Kind.PERIOD) return new TreeSet<>(List.of(plan.placement().nodeOf().get(a.component())));
        return new TreeSet<>(plan.placement().nodeOf().values());
    }

    private Map<String, List<String>> applyHierarchical(Map<String, List<Adjustment>> byNode,
            Map<String, Map.Entry<Map<String, Object>, NodeEffector>> effectors, List<String> rejected) {
        Map<String, FanOut.Call<EffectReport>> sent = new LinkedHashMap<>();
        for (Map.Entry<String, List<Adjustment>> e : byNode.entrySet()) {
            String why = unreachable(e.getKey(), effectors);
            if (why != null) {
                e.getValue().forEach(a -> rejected.add(describe(a) + ": " + why));
                continue;
            }
            Map.Entry<Map<String, Object>, NodeEffector> n = effectors.get(e.getKey());
            sent.put(e.getKey(), new FanOut.Call<>(n.getKey(), () -> n.getValue().apply(e.getValue())));
        }
        Map<String, List<String>> acks = new TreeMap<>();
        fanOut.callAll(calls, "apply", sent).forEach((node, outcome) -> {
            if (outcome instanceof FanOut.Answered<EffectReport> a) {
                acks.put(node, prefixed(node, a.value().applied()));
                rejected.addAll(prefixed(node, a.value().rejected()));
                return;
            }
            String why = outcome instanceof FanOut.TimedOut<EffectReport> t ? "no acknowledgement within " + t.boundMs() + " ms"
                    : "no acknowledgement (" + ((FanOut.Failed<EffectReport>) outcome).error() + ")";
            byNode.get(node).forEach(a -> rejected.add(node + ": " + describe(a) + ": " + why));
        });
        return acks;
    }

    private Map<String, List<String>> applyFlat(Map<String, List<Adjustment>> byNode,
            Map<String, Map.Entry<Map<String, Object>, NodeEffector>> effectors, List<String> rejected) {
        Map<String, List<String>> acks = new TreeMap<>();
        for (Map.Entry<String, List<Adjustment>> e : byNode.entrySet()) {
            String why = unreachable(e.getKey(), effectors);
            for (Adjustment a : e.getValue()) {
                if (why != null) {
                    rejected.add(describe(a) + ": " + why);
                    continue;
                }
                try {
                    EffectReport r = calls.callOnce(effectors.get(e.getKey()).getKey(), "apply " + describe(a),
                            () -> effectors.get(e.getKey()).getValue().apply(List.of(a)));
                    acks.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).addAll(prefixed(e.getKey(), r.applied()));
                    rejected.addAll(prefixed(e.getKey(), r.rejected()));
                } catch (NodeNotAnsweringException ex) {
                    rejected.add(e.getKey() + ": " + describe(a) + ": " + ex.getMessage());
                    why = "node " + e.getKey() + " did not answer an earlier change"; // one timeout per node and decision
                } catch (RuntimeException ex) {
                    rejected.add(e.getKey() + ": " + describe(a) + ": " + ex);
                }
            }
        }
        return acks;
    }

    /** Why the node's changes cannot be sent, or null when they can. */
    private String unreachable(String node, Map<String, Map.Entry<Map<String, Object>, NodeEffector>> effectors) {
        if (calls.failed(node)) return "node " + node + " not answering (treated as failed)";
        return effectors.containsKey(node) ? null : "no NodeEffector for node " + node;
    }

    /** The registry follows what the nodes acknowledged: an application changed on all its nodes gets its new plan. */
    private void recordInRegistry(AdaptationDecision decision, Map<String, List<Adjustment>> byNode, Map<String, List<String>> acks,
            Map<String, DeploymentPlan> plans) {
        Map<String, DeploymentPlan> changed = new LinkedHashMap<>();
        for (Map.Entry<String, List<Adjustment>> e : byNode.entrySet()) {
            if (!acks.containsKey(e.getKey())) continue;
            for (Adjustment a : e.getValue()) {
                DeploymentPlan p = changed.getOrDefault(a.application(), plans.get(a.application()));
                changed.put(a.application(), withAdjustment(p, a, e.getKey()));
            }
        }
        for (DeploymentPlan p : changed.values()) {
            try {
                engine.updated(p);
            } catch (DeploymentException ex) {
                LOG.warn("{}: registry not updated for {}: {}", decision.controller(), p.name(), ex.getMessage());
            }
        }
    }

    /** The plan with {@code a} applied to the components of {@code node} (the period to the whole application). */
    private static DeploymentPlan withAdjustment(DeploymentPlan p, Adjustment a, String node) {
        if (a.kind() == Kind.PERIOD) return p.withApplication(p.application().withPeriod(a.value()));
        java.util.Map<String, org.race.api.model.ComponentSettings> changed = new java.util.HashMap<>();
        for (org.race.api.model.Component c : p.application().components()) {
            if (a.component() != null && !a.component().equals(c.name())) continue;
            if (!node.equals(p.placement().nodeOf().get(c.name()))) continue;
            var s = p.settingsOf(c.name());
            changed.put(c.name(), a.kind() == Kind.PRIORITY ? s.withPriority((int) a.value()) : s.withPriorityClass(a.text()));
        }
        return p.withSettings(changed); // one copy: one per component is quadratic in the application's size
    }

    private static String describe(Adjustment a) {
        return a.application() + (a.component() == null ? "" : "/" + a.component()) + " " + a.kind();
    }

    private static List<String> prefixed(String node, List<String> lines) {
        return lines.stream().map(l -> node + ": " + l).toList();
    }

    private Map<String, Map.Entry<Map<String, Object>, NodeEffector>> effectorsByNode() {
        Map<String, Map.Entry<Map<String, Object>, NodeEffector>> out = new TreeMap<>();
        for (Map.Entry<Map<String, Object>, NodeEffector> e : nodeEffectors) {
            Object n = e.getKey().get(RoleProperties.NODE);
            if (n != null) out.put(n.toString(), e);
        }
        return out;
    }

    @Override
    public DelayStats delays() {
        return delays.stats();
    }
}
