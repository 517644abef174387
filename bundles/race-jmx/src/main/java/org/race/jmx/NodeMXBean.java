package org.race.jmx;

import java.util.Map;

/**
 * One node of the domain ({@code org.race:type=Node,name=<node>}): capacity, what deployed
 * applications reserve, and the utilization the CentralMonitor measured in its latest snapshot.
 * Utilizations are fractions of the node's capacity over the last sampling window, NaN while the
 * node has not been measured.
 */
public interface NodeMXBean {
    String getName();

    /** Its NodeManager is there and it has not failed. */
    boolean isUp();

    /** It did not answer in the latest snapshot (its figures are the last ones it gave, or NaN). */
    boolean isStale();

    /** cpu capacity, in reference processors. */
    double getCpuCapacity();

    double getMemoryCapacityMb();

    double getBandwidthCapacityMbps();

    double getReservedCpu();

    double getReservedMemoryMb();

    double getReservedBandwidthMbps();

    double getCpuUtilization();

    double getMemoryUtilization();

    double getBandwidthUtilization();

    /** Every resource measured on the node (cpu, memory, bandwidth and any added ResourceMonitor's). */
    Map<String, Double> getUtilization();

    /** Length of the last sampling window, ms of platform time; 0 while not measured. */
    long getWindowMs();

    /** Deployed applications with a component on this node. */
    String[] getApplications();
}
