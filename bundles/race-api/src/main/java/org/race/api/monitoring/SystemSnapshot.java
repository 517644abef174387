package org.race.api.monitoring;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The CentralMonitor's consistent view at {@code timeMs} (platform clock): every node's sample, the
 * merged QoS per application, the nodes that did not answer, and how long assembling it took.
 */
public record SystemSnapshot(long timeMs, List<NodeSample> nodes, Map<String, ApplicationQos> applications,
        List<String> staleNodes, long monitoringDelayNanos) implements Serializable {
    public SystemSnapshot {
        nodes = List.copyOf(nodes);
        applications = Map.copyOf(applications);
        staleNodes = List.copyOf(staleNodes);
    }
}
