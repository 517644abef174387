package org.race.node.platform;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongFunction;
import java.util.function.Predicate;

import org.race.api.model.Component;
import org.race.api.model.Connection;
import org.race.api.model.DeploymentPlan;

/**
 * A deployed application's end-to-end graph as a container's platform sees it: who feeds whom, where
 * each component runs, and which of those nodes this container hosts. Placement never changes under
 * a deployment (moving is undeploy and deploy), so neither does this.
 */
public final class AppGraph {
    public final Map<String, Component> byName = new HashMap<>();
    public final Map<String, List<Connection>> successors = new HashMap<>();
    public final Map<String, Integer> predecessors = new HashMap<>();
    public final int sinks;
    /** Whether some of its nodes are hosted by other containers. */
    public final boolean distributed;
    /** Its components on the nodes hosted here. */
    public final int localComponents;
    private final DeploymentPlan plan;
    private final Predicate<String> local;
    /** Computed once: the platform asks on every node's deploy (per node a pass over the components was quadratic). */
    private final Collection<String> localNodes;

    public AppGraph(DeploymentPlan plan, Predicate<String> local) {
        this.plan = plan;
        this.local = local;
        for (Component c : plan.application().components()) {
            byName.put(c.name(), c);
            successors.put(c.name(), new ArrayList<>());
            predecessors.put(c.name(), 0);
        }
        for (Connection k : plan.application().connections()) {
            successors.get(k.from()).add(k);
            predecessors.merge(k.to(), 1, Integer::sum);
        }
        sinks = (int) successors.values().stream().filter(List::isEmpty).count();
        distributed = !plan.placement().nodeOf().values().stream().allMatch(local);
        localComponents = (int) plan.placement().nodeOf().values().stream().filter(local).count();
        Set<String> nodes = new TreeSet<>(plan.placement().nodeOf().values());
        nodes.removeIf(local.negate());
        localNodes = java.util.Collections.unmodifiableSet(nodes);
    }

    public String nodeOf(String component) {
        return plan.placement().nodeOf().get(component);
    }

    /** The nodes of its components hosted here. */
    public Collection<String> localNodes() {
        return localNodes;
    }

    /** The node of the first source component: it releases the iterations of a distributed application. */
    public String releasingNode() {
        for (Component c : plan.application().components()) {
            if (predecessors.get(c.name()) == 0) return nodeOf(c.name());
        }
        throw new IllegalStateException("acyclic application without a source");
    }

    /** Whether this container releases the iterations (and judges their deadlines). */
    public boolean releasesHere() {
        return local.test(releasingNode());
    }

    /**
     * The iteration a delivery from another container belongs to: the one in flight, or (unless this
     * container releases the iterations) a new one. At most {@code backlog} iterations are kept: one
     * whose deliveries were lost with a node is forgotten, oldest first ({@code inFlight} keeps order).
     */
    public <I> I received(Map<Long, I> inFlight, long id, int backlog, LongFunction<I> create) {
        I it = inFlight.get(id);
        if (it != null || releasesHere()) return it;
        it = create.apply(id);
        inFlight.put(id, it);
        if (inFlight.size() > backlog) inFlight.remove(inFlight.keySet().iterator().next());
        return it;
    }

    /**
     * End-to-end QoS is reported by one node, so each application is counted once: the node of the
     * first sink, or the releasing node of a distributed application (which judges its deadlines).
     */
    public String reportingNode() {
        if (distributed) return releasingNode();
        for (Component c : plan.application().components()) {
            if (successors.get(c.name()).isEmpty()) return nodeOf(c.name());
        }
        throw new IllegalStateException("acyclic application without a sink");
    }
}
