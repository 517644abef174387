package org.race.api.model;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An end-to-end application: a graph of components released every {@code periodMs}, whose
 * end-to-end latency must stay within {@code deadlineMs}. {@code periodRange} is the range a
 * controller may move the period in (null: the period is fixed). {@code region} (null: none) makes it a
 * contracted application: admission negotiates its period inside the region, which is then also its
 * periodRange; every component's cpu demand follows the rate (executionTime / period), and its deadline
 * is its period (an explicit end-to-end bound is the region's latency dimension).
 */
public record Application(String name, Importance importance, String mode, double periodMs, double deadlineMs,
        Range periodRange, List<Component> components, List<Connection> connections, QosRegion region) implements Serializable {
    public Application {
        components = List.copyOf(components);
        connections = List.copyOf(connections);
        if (region != null) {
            deadlineMs = periodMs;
            if (periodRange == null) periodRange = region.period();
            if (!periodRange.equals(region.period())) {
                throw new IllegalArgumentException("periodRange " + periodRange + " differs from the region's period " + region.period());
            }
        }
    }

    /** An application without a QoS region: admitted at its declared demand or not at all. */
    public Application(String name, Importance importance, String mode, double periodMs, double deadlineMs, Range periodRange,
            List<Component> components, List<Connection> connections) {
        this(name, importance, mode, periodMs, deadlineMs, periodRange, components, connections, null);
    }

    public Optional<Component> component(String componentName) {
        return components.stream().filter(c -> c.name().equals(componentName)).findFirst();
    }

    public boolean fullyPinned() {
        return components.stream().allMatch(Component::pinned);
    }

    /** Whether admission negotiates this application inside a QoS region. */
    public boolean contracted() {
        return region != null;
    }

    /** At a new period; a contracted application's cpu demands follow the rate, the others keep what they declared. */
    public Application withPeriod(double newPeriodMs) {
        List<Component> cs = components;
        if (region != null) {
            cs = components.stream().map(c -> c.withCpu(c.executionTimeMs() / newPeriodMs)).toList();
        }
        return new Application(name, importance, mode, newPeriodMs, deadlineMs, periodRange, cs, connections, region);
    }

    /** The same application with its components pinned to {@code node} free to go anywhere (the node is gone). */
    public Application unpinnedFrom(String node) {
        List<Component> free = components.stream()
                .map(c -> node.equals(c.node()) ? c.unpinned() : c).toList();
        return new Application(name, importance, mode, periodMs, deadlineMs, periodRange, free, connections);
    }

    /**
     * What this application needs on {@code node} under a (possibly partial) placement: the demands of
     * the components placed there, plus the bandwidth of every connection between two placed
     * components on different nodes, charged at both ends.
     */
    public Resources demandOn(String node, Map<String, String> nodeOf) {
        Resources sum = Resources.ZERO;
        for (Component c : components) {
            if (node.equals(nodeOf.get(c.name()))) sum = sum.plus(c.demand());
        }
        for (Connection k : connections) {
            String a = nodeOf.get(k.from()), b = nodeOf.get(k.to());
            if (a != null && b != null && !a.equals(b) && (node.equals(a) || node.equals(b))) {
                sum = sum.plus(new Resources(0, 0, k.bandwidth()));
            }
        }
        return sum;
    }

    /**
     * {@link #demandOn} for every node {@code nodeOf} names at once, in one pass over the components and
     * connections: node -> demand, only nodes with a component placed there or a connection ending there.
     */
    public Map<String, Resources> demandByNode(Map<String, String> nodeOf) {
        Map<String, Resources> out = new java.util.TreeMap<>();
        for (Component c : components) {
            String n = nodeOf.get(c.name());
            if (n != null) out.merge(n, c.demand(), Resources::plus);
        }
        for (Connection k : connections) {
            String a = nodeOf.get(k.from()), b = nodeOf.get(k.to());
            if (a != null && b != null && !a.equals(b)) {
                Resources link = new Resources(0, 0, k.bandwidth());
                out.merge(a, link, Resources::plus);
                out.merge(b, link, Resources::plus);
            }
        }
        return out;
    }

    /** Work per iteration (ms on the reference processor) of the components {@code nodeOf} puts on {@code node}. */
    public double executionTimeOn(String node, Map<String, String> nodeOf) {
        double sum = 0;
        for (Component c : components) {
            if (node.equals(nodeOf.get(c.name()))) sum += c.executionTimeMs();
        }
        return sum;
    }
}
