package org.race.api;

import org.osgi.annotation.versioning.ConsumerType;
import org.race.api.monitoring.QosSample;

/**
 * End-to-end QoS and component figures measured on one node (service property
 * {@link RoleProperties#NODE}). Each call closes its window and opens the next.
 */
@ConsumerType
public interface QosMonitor {
    QosSample sample();
}
