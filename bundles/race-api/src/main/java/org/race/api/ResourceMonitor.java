package org.race.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Utilization of one resource of one node (service properties {@link RoleProperties#NODE} and
 * {@link RoleProperties#RESOURCE}). A new resource (battery, say) is a new bundle registering one.
 */
@ConsumerType
public interface ResourceMonitor {
    /** cpu, memory, bandwidth, or a new one such as battery. */
    String resource();

    /** Utilization since the previous call (or now, for a level such as memory), as a fraction of capacity. */
    double utilization();
}
