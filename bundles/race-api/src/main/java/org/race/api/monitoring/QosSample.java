package org.race.api.monitoring;

import java.io.Serializable;
import java.util.List;

/**
 * What a QosMonitor saw on one node in one window: end-to-end QoS of the applications whose last
 * component runs there, and per component figures.
 */
public record QosSample(List<ApplicationQos> applications, List<ComponentSample> components) implements Serializable {
    public QosSample {
        applications = List.copyOf(applications);
        components = List.copyOf(components);
    }
}
