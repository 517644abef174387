package org.race.api;

import org.osgi.annotation.versioning.ConsumerType;
import org.race.api.monitoring.NodeSample;

/** Everything measured on one node. Each call closes the current sampling window and opens the next. */
@ConsumerType
public interface NodeMonitor {
    String nodeName();

    NodeSample sample();
}
