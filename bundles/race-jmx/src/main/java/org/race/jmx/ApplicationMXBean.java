package org.race.jmx;

/**
 * One deployed application ({@code org.race:type=Application,name=<application>}): its current
 * period and rate (controllers may change them) and its end-to-end QoS in the CentralMonitor's
 * latest snapshot, i.e. over the last sampling window.
 */
public interface ApplicationMXBean {
    String getName();

    /** high, medium or low. */
    String getImportance();

    String getMode();

    double getPeriodMs();

    /** Releases per second: 1000 / period. */
    double getRateHz();

    double getDeadlineMs();

    /** The range a controller may move the period in, ms; NaN when the period is fixed. */
    double getMinPeriodMs();

    double getMaxPeriodMs();

    /** Missed over met + missed deadlines of the last window; 0 when no deadline fell in it. */
    double getMissRatio();

    long getMetDeadlines();

    long getMissedDeadlines();

    /** Iterations that completed in the last window. */
    long getCompletedIterations();

    double getMeanLatencyMs();

    double getMaxLatencyMs();

    /** Nodes its components run on. */
    String[] getNodes();

    /** The allocator that placed it. */
    String getAllocator();
}
