package org.race.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.race.api.CentralMonitor;
import org.race.api.CostModel;
import org.race.api.LegacyComponent;
import org.race.api.RoleProperties;
import org.race.api.model.Application;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;
import org.race.api.model.Node;
import org.race.api.model.NodeState;
import org.race.api.model.Resources;
import org.race.api.monitoring.ComponentSample;
import org.race.api.monitoring.NodeSample;
import org.race.api.monitoring.SystemSnapshot;

/**
 * The central's view of the nodes: per node, what the registry reserves (with the platform's overheads
 * when a cost model is present, the best-effort share of its link, the quotas of adopted processes), what
 * the last snapshot measured, and whether its NodeManager is in use. Allocation sees capacity minus the
 * larger of reserved and measured.
 */
final class NodeView {
    private final Registry registry;
    private final NodeDispatch dispatch;
    private final Supplier<CentralMonitor> monitor;
    private final Supplier<CostModel> costModel;
    private final Supplier<List<Map.Entry<Map<String, Object>, LegacyComponent>>> legacy;
    private volatile SystemSnapshot snapshotAtLastChange;

    NodeView(Registry registry, NodeDispatch dispatch, Supplier<CentralMonitor> monitor, Supplier<CostModel> costModel,
            Supplier<List<Map.Entry<Map<String, Object>, LegacyComponent>>> legacy) {
        this.registry = registry;
        this.dispatch = dispatch;
        this.monitor = monitor;
        this.costModel = costModel;
        this.legacy = legacy;
    }

    /** The registry changed: until the next snapshot, memory and bandwidth measured before it overstate what is in use. */
    void registryChanged() {
        snapshotAtLastChange = latest();
    }

    /** {@code plans}: the deployed applications to count (the registry's, or a copy without one being moved). */
    List<NodeState> nodes(Domain domain, List<DeploymentPlan> plans) {
        if (domain == null) return List.of();
        Set<String> inUse = dispatch.inUse().keySet();
        Map<String, NodeSample> samples = new TreeMap<>();
        SystemSnapshot snapshot = latest();
        if (snapshot != null) snapshot.nodes().forEach(n -> samples.put(n.node(), n));
        boolean fresh = snapshot != null && snapshot != snapshotAtLastChange;
        Map<String, Map<String, LegacyComponent>> adoptedByNode = legacyByNode();
        CostModel costs = costModel.get();
        // per plan one pass over its components, not one per node (nodes x components)
        List<Map<String, Resources>> demands = plans.stream().map(p -> p.withApplication(charged(costs, p.application())).demandByNode()).toList();
        Set<String> deployed = new java.util.HashSet<>();
        plans.forEach(p -> deployed.add(p.name()));
        List<NodeState> out = new ArrayList<>();
        for (Node n : domain.nodes()) {
            // the domain's best-effort share of every link is never booked by declared connections
            Resources reserved = new Resources(0, 0, domain.bestEffortShare() * n.capacity().bandwidth());
            for (Map<String, Resources> d : demands) reserved = reserved.plus(d.getOrDefault(n.name(), Resources.ZERO));
            Map<String, LegacyComponent> adopted = adoptedByNode.getOrDefault(n.name(), Map.of());
            double quotas = adopted.values().stream().mapToDouble(LegacyComponent::reservedCpu).sum();
            reserved = reserved.plus(new Resources(quotas * n.capacity().cpu(), 0, 0));
            out.add(new NodeState(n, reserved, measuredUse(n, samples.get(n.name()), fresh, adopted.keySet(), deployed), inUse.contains(n.name())));
        }
        return out;
    }

    /** {@code domain}'s nodes with only {@code plans} on them, every one up, nothing measured: a domain not (yet) running. */
    static List<NodeState> alone(Domain domain, List<DeploymentPlan> plans) {
        List<NodeState> out = new ArrayList<>();
        for (Node n : domain.nodes()) {
            Resources reserved = new Resources(0, 0, domain.bestEffortShare() * n.capacity().bandwidth());
            for (DeploymentPlan p : plans) reserved = reserved.plus(p.demandOn(n.name()));
            out.add(new NodeState(n, reserved, Resources.ZERO, true));
        }
        return out;
    }

    /** Per node, the cpu the last snapshot measured for each deployed application, in the node's capacity units. */
    Map<String, Map<String, Double>> measuredByApplication(Domain domain, Set<String> deployed) {
        Map<String, Map<String, Double>> out = new TreeMap<>();
        SystemSnapshot snapshot = latest();
        if (snapshot == null || domain == null) return out;
        for (NodeSample s : snapshot.nodes()) {
            Optional<Node> n = domain.node(s.node());
            if (n.isEmpty()) continue;
            for (ComponentSample cs : s.components()) {
                if (deployed.contains(cs.application())) {
                    out.computeIfAbsent(s.node(), k -> new TreeMap<>()).merge(cs.application(), cs.utilization() * n.get().capacity().cpu(), Double::sum);
                }
            }
        }
        return out;
    }

    /** An application as admission counts it: with the platform's overheads when a cost model is present. */
    static Application charged(CostModel costs, Application app) {
        return costs == null ? app : costs.charge(app);
    }

    private SystemSnapshot latest() {
        CentralMonitor m = monitor.get();
        return m == null ? null : m.latest().orElse(null);
    }

    /** The legacy components adopted now, by node and name. */
    private Map<String, Map<String, LegacyComponent>> legacyByNode() {
        Map<String, Map<String, LegacyComponent>> out = new TreeMap<>();
        for (Map.Entry<Map<String, Object>, LegacyComponent> e : legacy.get()) {
            Object node = e.getKey().get(RoleProperties.NODE);
            if (node != null) out.computeIfAbsent(node.toString(), k -> new TreeMap<>()).put(e.getValue().name(), e.getValue());
        }
        return out;
    }

    /**
     * What the last snapshot saw in use, in the units of the node's capacity: cpu as the sum of the
     * components of applications still deployed and of the legacy components still adopted (so an
     * undeployed or abandoned one stops counting at once); memory and bandwidth from the node's
     * figures when the snapshot is newer than the last change, plus the adopted processes' memory.
     */
    private static Resources measuredUse(Node n, NodeSample s, boolean fresh, Set<String> adopted, Set<String> deployed) {
        if (s == null) return Resources.ZERO;
        Resources c = n.capacity();
        double cpu = 0, legacyMemory = 0;
        for (ComponentSample cs : s.components()) {
            if (deployed.contains(cs.application())) {
                cpu += cs.utilization();
            } else if (cs.application().equals(LegacyComponent.APPLICATION) && adopted.contains(cs.component())) {
                cpu += cs.utilization();
                legacyMemory += cs.memoryMb();
            }
        }
        Map<String, Double> u = s.utilization();
        return new Resources(cpu * c.cpu(), (fresh ? u.getOrDefault("memory", 0.0) * c.memory() : 0) + legacyMemory,
                fresh ? u.getOrDefault("bandwidth", 0.0) * c.bandwidth() : 0);
    }
}
