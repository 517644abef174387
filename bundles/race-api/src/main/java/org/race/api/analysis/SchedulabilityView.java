package org.race.api.analysis;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What an allocator needs to place an application by schedulability, from the engine: per node the
 * periodic jobs of the deployed applications there ({@code deployed}, by node name), and per component
 * of the application to place its job ({@code candidate}, by component name) with {@code wcetMs} on a
 * reference processor (cpu capacity 1: on a node of capacity {@code cpu} it runs {@code wcetMs / cpu}),
 * no jitter and its application's deadline as its local deadline. Priorities are those the configurator
 * chain gives, comparable across all these jobs. A node takes a component when every job on it still
 * meets its local deadline by exact response-time analysis; the engine's admission (holistic across
 * nodes) remains the last word.
 */
public record SchedulabilityView(Map<String, List<PeriodicTask>> deployed, Map<String, PeriodicTask> candidate) implements Serializable {
    public SchedulabilityView {
        Map<String, List<PeriodicTask>> copy = new java.util.HashMap<>();
        deployed.forEach((node, jobs) -> copy.put(node, List.copyOf(jobs)));
        deployed = Map.copyOf(copy);
        candidate = Map.copyOf(candidate);
    }

    /** The deployed jobs on {@code node} (none when it hosts nothing). */
    public List<PeriodicTask> on(String node) {
        return deployed.getOrDefault(node, List.of());
    }
}
