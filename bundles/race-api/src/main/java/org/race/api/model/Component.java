package org.race.api.model;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;

/**
 * A component of an application. {@code type} names the installed component type whose code runs it
 * (service property {@link org.race.api.component.ComponentType#TYPE}), or is null for a model
 * component, which burns {@code executionTimeMs}; {@code properties} is that code's configuration
 * (empty for a model). {@code demand} is the estimate the allocators reserve; {@code executionTimeMs}
 * is the work of one job on a reference processor (cpu capacity 1.0), for a typed component its
 * budget; {@code node} is a static mapping to honour, or null.
 */
public record Component(String name, String type, Resources demand, double executionTimeMs, String node, Map<String, String> properties)
        implements Serializable {
    public Component {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(demand, "demand");
        // null from a state file written before components had properties
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    /** Without properties. */
    public Component(String name, String type, Resources demand, double executionTimeMs, String node) {
        this(name, type, demand, executionTimeMs, node, Map.of());
    }

    public boolean pinned() {
        return node != null;
    }

    /** Whether installed code runs it (it names a type) rather than the model. */
    public boolean typed() {
        return type != null;
    }

    public Component withCpu(double cpu) {
        return new Component(name, type, new Resources(cpu, demand.memory(), demand.bandwidth()), executionTimeMs, node, properties);
    }

    /** The same component free to go to any node. */
    public Component unpinned() {
        return new Component(name, type, demand, executionTimeMs, null, properties);
    }
}
