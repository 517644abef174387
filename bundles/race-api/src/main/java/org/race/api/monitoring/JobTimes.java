package org.race.api.monitoring;

import java.io.Serializable;

/**
 * The CPU time per job of one component over its measurement window (the jobs of the last 30 to 60
 * sampling windows, so that a figure rests on more than one window's jobs): how many jobs, the median,
 * the 99th percentile and the maximum, in ms of CPU on its node. Median and p99 are rounded up to
 * within 1/16 (a log-scaled histogram); the maximum is exact. {@link #NONE} where nothing was measured.
 */
public record JobTimes(long jobs, double medianMs, double p99Ms, double maxMs) implements Serializable {
    public static final JobTimes NONE = new JobTimes(0, 0, 0, 0);

    /** The figure {@code which} names: {@code median}, {@code p99} or {@code max}. */
    public double figure(String which) {
        return switch (which) {
            case "median" -> medianMs;
            case "p99" -> p99Ms;
            case "max" -> maxMs;
            default -> throw new IllegalArgumentException("no measured figure '" + which + "' (median, p99 or max)");
        };
    }
}
