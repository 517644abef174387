package org.race.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import org.race.api.Allocator;
import org.race.api.CostModel;
import org.race.api.analysis.SchedulabilityView;
import org.race.api.model.AllocationException;
import org.race.api.model.Application;
import org.race.api.model.Component;
import org.race.api.model.DeploymentException;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;
import org.race.api.model.NodeState;
import org.race.api.model.Placement;
import org.race.api.model.Resources;

/**
 * Placement by the allocator asked for (or the default; static when every component is pinned). A
 * contracted application is placed at the best point of its region that is admitted, after shrinking
 * less critical applications when even its minimum is not (RTARM's negotiation): every rate the
 * negotiation tries is placed here and checked by admission.
 */
final class PlaceStage implements Stage {
    static final String STATIC_ALLOCATOR = "static";

    private final Registry registry;
    private final NodeView view;
    private final Supplier<Map<String, Allocator>> allocators;
    private final Supplier<String> defaultAllocator;
    private final Supplier<CostModel> costModel;
    private final AdmitStage admission;
    private final EventLog events;
    /** The nodes as the allocator sees them, given the domain and the deployed plans: the view's, or a domain of its own (race:analyze -d). */
    private final BiFunction<Domain, List<DeploymentPlan>, List<NodeState>> nodes;

    PlaceStage(Registry registry, NodeView view, Supplier<Map<String, Allocator>> allocators, Supplier<String> defaultAllocator,
            Supplier<CostModel> costModel, AdmitStage admission, EventLog events) {
        this(registry, view, view::nodes, allocators, defaultAllocator, costModel, admission, events);
    }

    PlaceStage(Registry registry, NodeView view, BiFunction<Domain, List<DeploymentPlan>, List<NodeState>> nodes,
            Supplier<Map<String, Allocator>> allocators, Supplier<String> defaultAllocator, Supplier<CostModel> costModel, AdmitStage admission,
            EventLog events) {
        this.registry = registry;
        this.view = view;
        this.nodes = nodes;
        this.allocators = allocators;
        this.defaultAllocator = defaultAllocator;
        this.costModel = costModel;
        this.admission = admission;
        this.events = events;
    }

    @Override
    public void run(CycleState s) throws DeploymentException {
        s.nodes = nodes.apply(s.domain, registry.plans());
        s.allocator = s.allocatorAsked != null ? s.allocatorAsked : s.requested.fullyPinned() ? STATIC_ALLOCATOR : defaultAllocator.get();
        Map<String, Allocator> installed = allocators.get();
        Allocator allocator = installed.get(s.allocator);
        if (allocator == null) {
            throw new DeploymentException("allocator", "allocator '" + s.allocator + "' is not installed (installed: "
                    + String.join(", ", installed.keySet()) + ")");
        }
        if (!s.requested.contracted()) {
            s.placement = schedulable(allocator, s, allocate(allocator, s.allocator, s.requested, s.nodes, s.domain));
            s.admissionNodes = s.nodes;
            return;
        }
        Negotiator negotiator = new Negotiator(s.nodes, registry.byName(), view.measuredByApplication(s.domain, registry.names()));
        Negotiator.Grant grant;
        try {
            grant = negotiator.negotiate(s.requested, (a, states, shrunkTo) -> {
                Placement p = allocate(allocator, s.allocator, a, states, s.domain, shrunkTo);
                admission.check(s.allocator, a, p, states, s.domain, shrunkTo);
                return p;
            });
        } catch (DeploymentException e) {
            events.info("rejected " + e.getMessage().substring(e.step().length() + 2));
            throw e;
        }
        s.app = s.requested.withPeriod(grant.periodMs());
        s.placement = grant.placement();
        s.shrinks = grant.shrinks();
        s.admissionNodes = negotiator.states(s.shrunkTo(), Set.of());
    }

    /**
     * With admission by analysis, a repair step around any allocator (the allocators place by a per-node test; this
     * is the last word across nodes, where jitter and precedence meet): a placement the analysis refuses is asked
     * for again with the node where the path meets the most interference closed to the newcomer (its cpu shown
     * as taken), until one passes or no node is left to close; then the first placement goes on, and admission
     * refuses it with the reason. Capacity says where a component fits; the analysis decides.
     */
    private Placement schedulable(Allocator allocator, CycleState s, Placement first) throws DeploymentException {
        if (!admission.analyses()) return first;
        Placement p = first;
        Set<String> closed = new java.util.TreeSet<>();
        while (true) {
            try {
                admission.check(s.allocator, s.requested, p, s.nodes, s.domain);
                return p;
            } catch (UnschedulableException e) {
                String node = e.bound.criticalNode();
                if (node == null || pinnedTo(s.requested, node) || !closed.add(node) || closed.size() >= s.nodes.size()) return first;
                try {
                    p = allocate(allocator, s.allocator, s.requested, closed(s.nodes, closed), s.domain);
                } catch (DeploymentException noOtherPlacement) {
                    return first;
                }
            } catch (DeploymentException otherwise) {
                return first;
            }
        }
    }

    private static boolean pinnedTo(Application app, String node) {
        return app.components().stream().anyMatch(c -> node.equals(c.node()));
    }

    /** {@code nodes} with the cpu of those in {@code closed} shown as all reserved. */
    private static List<NodeState> closed(List<NodeState> nodes, Set<String> closed) {
        return nodes.stream().map(n -> !closed.contains(n.name()) ? n
                : new NodeState(n.node(), new Resources(n.node().capacity().cpu(), n.reserved().memory(), n.reserved().bandwidth()), n.measured(), n.up()))
                .toList();
    }

    /**
     * The allocator's placement of {@code app} (charged with the platform's overheads) on {@code nodes}, checked. With
     * admission by analysis the allocator places by schedulability (a view of the jobs per node); when no placement
     * passes its per-node test, it places by capacity, and admission refuses that placement naming what misses.
     */
    Placement allocate(Allocator allocator, String name, Application app, List<NodeState> nodes, Domain domain) throws DeploymentException {
        return allocate(allocator, name, app, nodes, domain, Map.of());
    }

    /** As above, with the deployed applications of {@code shrunkTo} at the periods a negotiation trial shrinks them to (ms). */
    Placement allocate(Allocator allocator, String name, Application app, List<NodeState> nodes, Domain domain, Map<String, Double> shrunkTo)
            throws DeploymentException {
        Application charged = NodeView.charged(costModel.get(), app);
        List<DeploymentPlan> deployed = registry.plans();
        if (!shrunkTo.isEmpty()) {
            deployed = deployed.stream().map(p -> shrunkTo.containsKey(p.name()) ? p.withApplication(p.application().withPeriod(shrunkTo.get(p.name()))) : p)
                    .toList();
        }
        SchedulabilityView view = admission.view(app, deployed, domain);
        Placement placement;
        try {
            placement = view == null ? allocator.allocate(charged, nodes) : bySchedulability(allocator, charged, nodes, view);
        } catch (AllocationException e) {
            throw new DeploymentException("allocator " + name, e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new DeploymentException("allocator " + name, "failed: " + e, e);
        }
        Placement named = new Placement(name, placement.nodeOf());
        checkPlaced("allocator " + name, app, named, nodes);
        return named;
    }

    private static Placement bySchedulability(Allocator allocator, Application charged, List<NodeState> nodes, SchedulabilityView view)
            throws AllocationException {
        try {
            return allocator.allocate(charged, nodes, view);
        } catch (AllocationException noSchedulableNode) {
            return allocator.allocate(charged, nodes);
        }
    }

    /** An allocator is a plug-in: every component placed, on a known node that is up, pins honoured. */
    static void checkPlaced(String step, Application app, Placement placement, List<NodeState> nodes) throws DeploymentException {
        Map<String, NodeState> byName = new LinkedHashMap<>();
        nodes.forEach(n -> byName.put(n.name(), n));
        for (Component c : app.components()) {
            String node = placement.nodeOf().get(c.name());
            if (node == null) throw new DeploymentException(step, "left component '" + c.name() + "' unplaced");
            NodeState n = byName.get(node);
            if (n == null) throw new DeploymentException(step, "placed '" + c.name() + "' on unknown node '" + node + "'");
            if (!n.up()) throw new DeploymentException(step, "placed '" + c.name() + "' on node '" + node + "', which is not available");
            if (c.pinned() && !c.node().equals(node)) {
                throw new DeploymentException(step, "moved '" + c.name() + "' off its static node " + c.node());
            }
        }
    }
}
