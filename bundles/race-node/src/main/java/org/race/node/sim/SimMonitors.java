package org.race.node.sim;

import org.race.api.QosMonitor;
import org.race.api.ResourceMonitor;
import org.race.api.monitoring.QosSample;

/** The simulated processor's measurements, as the ResourceMonitors and QosMonitor of one node. */
final class SimMonitors {
    private SimMonitors() {
    }

    static ResourceMonitor resource(SimWorld world, String node, String resource) {
        return new ResourceMonitor() {
            @Override
            public String resource() {
                return resource;
            }

            @Override
            public double utilization() {
                return switch (resource) {
                    case "cpu" -> world.cpuUtilization(node);
                    case "memory" -> world.memoryUtilization(node);
                    case "bandwidth" -> world.bandwidthUtilization(node);
                    default -> throw new IllegalArgumentException("the simulator does not measure " + resource);
                };
            }
        };
    }

    static QosMonitor qos(SimWorld world, String node) {
        return new QosMonitor() {
            @Override
            public QosSample sample() {
                return world.qos(node);
            }
        };
    }
}
