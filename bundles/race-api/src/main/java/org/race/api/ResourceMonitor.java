package org.race.api;

/** Utilization of one resource of one node (service property {@link RoleProperties#NODE}). */
public interface ResourceMonitor {
    /** cpu, memory, bandwidth, or a new one such as battery. */
    String resource();

    /** Utilization since the previous call, as a fraction of capacity. */
    double utilization();
}
