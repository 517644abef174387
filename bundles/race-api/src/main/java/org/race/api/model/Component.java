package org.race.api.model;

import java.io.Serializable;
import java.util.Objects;

/**
 * A component of an application. {@code demand} is the estimate the allocators reserve;
 * {@code executionTimeMs} is the work of one job on a reference processor (cpu capacity 1.0);
 * {@code node} is a static mapping to honour, or null.
 */
public record Component(String name, String type, Resources demand, double executionTimeMs, String node)
        implements Serializable {
    public Component {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(demand, "demand");
    }

    public boolean pinned() {
        return node != null;
    }

    public Component withCpu(double cpu) {
        return new Component(name, type, new Resources(cpu, demand.memory(), demand.bandwidth()), executionTimeMs, node);
    }
}
