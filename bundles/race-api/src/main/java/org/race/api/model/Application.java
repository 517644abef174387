package org.race.api.model;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An end-to-end application: a graph of components released every {@code periodMs}, whose
 * end-to-end latency must stay within {@code deadlineMs}. {@code periodRange} is the range a
 * controller may move the period in (null: the period is fixed).
 */
public record Application(String name, Importance importance, String mode, double periodMs, double deadlineMs,
        Range periodRange, List<Component> components, List<Connection> connections) implements Serializable {
    public Application {
        components = List.copyOf(components);
        connections = List.copyOf(connections);
    }

    public Optional<Component> component(String componentName) {
        return components.stream().filter(c -> c.name().equals(componentName)).findFirst();
    }

    public boolean fullyPinned() {
        return components.stream().allMatch(Component::pinned);
    }

    public Application withPeriod(double newPeriodMs) {
        return new Application(name, importance, mode, newPeriodMs, deadlineMs, periodRange, components, connections);
    }

    /** The same application with its components pinned to {@code node} free to go anywhere (the node is gone). */
    public Application unpinnedFrom(String node) {
        List<Component> free = components.stream()
                .map(c -> node.equals(c.node()) ? new Component(c.name(), c.type(), c.demand(), c.executionTimeMs(), null) : c).toList();
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
}
