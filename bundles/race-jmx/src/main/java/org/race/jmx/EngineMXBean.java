package org.race.jmx;

/**
 * RACE as a whole ({@code org.race:type=Engine}): the domain and the registry, the control loop's
 * controllers, and the loop's two delays (wall-clock ms over the recent periods, as
 * {@code race:status} shows them).
 */
public interface EngineMXBean {
    /** Name of the loaded domain; empty when none is loaded. */
    String getDomain();

    String[] getNodes();

    String[] getApplications();

    /**
     * Deployed applications whose worst-case bound at the periods in force exceeds their deadline (what
     * {@code race:status} flags); empty when every one is schedulable or no analysis is installed.
     */
    String[] getApplicationsBeyondDeadline();

    /** sim or jvm; empty when no platform clock is installed. */
    String getPlatform();

    /** Platform time now, ms. */
    long getTimeMs();

    String[] getAllocators();

    String getDefaultAllocator();

    String[] getControllers();

    /** race.name of the controller acting now; {@code none} when the loop only monitors. */
    String getActiveController();

    /** The controller named in PID race.control; empty: chosen by service.ranking. */
    String getChosenController();

    /** The last decision: controller, number of adjustments and reason; empty before the first. */
    String getLastDecision();

    int getLastDecisionAdjustments();

    /** Platform time of the CentralMonitor's latest snapshot, ms; -1 before the first. */
    long getSnapshotTimeMs();

    String[] getStaleNodes();

    int getMonitoringDelaySamples();

    double getMonitoringDelayLastMs();

    double getMonitoringDelayMedianMs();

    double getMonitoringDelayP99Ms();

    double getMonitoringDelayMaxMs();

    int getActuationDelaySamples();

    double getActuationDelayLastMs();

    double getActuationDelayMedianMs();

    double getActuationDelayP99Ms();

    double getActuationDelayMaxMs();

    /** What the engine did on its own (node losses, re-allocations, shed applications), oldest first. */
    String[] getEvents();
}
