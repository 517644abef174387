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

    /**
     * Its worst-case end-to-end latency by the schedulability analysis at the periods in force (controllers'
     * changes included), to read beside {@link #getMaxLatencyMs()}; +Infinity when unbounded, NaN when no
     * analysis is installed.
     */
    double getBoundMs();

    /**
     * {@code schedulable} (bound within the deadline), {@code beyond deadline} (a run-time change, or admission by
     * capacity, took it past its deadline) or {@code not analysed}.
     */
    String getVerdict();

    /** Why it is beyond its deadline, e.g. {@code late: worst-case 66 ms > deadline 50 ms on sc2 (path work; interference none)}; empty otherwise. */
    String getBoundExplanation();

    /** Per component: node, priority, worst-case execution and response time, as analysed; empty when not analysed. */
    ComponentBound[] getComponentBounds();

    /** Per component, as race:status -v: the last window's figures and the CPU time per job over its measurement window; empty before the first. */
    ComponentMeasured[] getComponentFigures();

    /** Which execution times the analysis counts for it: declared, median, p99 or max (race:exectimes). */
    String getExecutionTimes();

    /** Nodes its components run on. */
    String[] getNodes();

    /** The allocator that placed it. */
    String getAllocator();
}
