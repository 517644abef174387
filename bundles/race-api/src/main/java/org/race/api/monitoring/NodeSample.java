package org.race.api.monitoring;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Everything one NodeMonitor saw in the window ending at {@code timeMs}: utilization per resource
 * (cpu, memory, bandwidth as fractions of capacity), per component figures, and the end-to-end QoS of
 * the applications whose last component runs on this node.
 */
public record NodeSample(String node, long timeMs, long windowMs, Map<String, Double> utilization,
        List<ComponentSample> components, List<ApplicationQos> applications) implements Serializable {
    public NodeSample {
        utilization = Map.copyOf(utilization);
        components = List.copyOf(components);
        applications = List.copyOf(applications);
    }
}
