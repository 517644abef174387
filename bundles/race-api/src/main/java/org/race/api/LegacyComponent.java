package org.race.api;

import org.osgi.annotation.versioning.ConsumerType;
import org.race.api.monitoring.ComponentSample;

/**
 * An unmodified OS process that RACE manages as a component of a node it did not deploy (paper
 * 002's legacy servers, put under RACE by {@code race:adopt}); service property
 * {@link RoleProperties#NODE} names the node. NodeMonitors list it in their samples, and the engine
 * counts it in what the node has in use, so allocators place around it.
 */
@ConsumerType
public interface LegacyComponent {
    /** The application name its {@link ComponentSample}s carry: every legacy component of a node is listed under it. */
    String APPLICATION = "adopted";

    /** Its component name, unique among legacy components. */
    String name();

    /** The processors held back for it (its CPU quota; 1.0 = the node's whole processor), 0 when none. */
    double reservedCpu();

    /**
     * Its figures since the previous call: utilization as the busy fraction of the node's processor
     * (as for RACE's own components), resident memory in {@link ComponentSample#memoryMb()}, no jobs.
     */
    ComponentSample sample();
}
