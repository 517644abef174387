package org.race.api.monitoring;

import java.io.Serializable;

/**
 * One component over one sampling window: its share of the processor, the response times of its
 * jobs, and its resident memory where that is measured (a legacy component's, from /proc), else 0.
 */
public record ComponentSample(String application, String component, double utilization, long jobs,
        double meanResponseMs, double maxResponseMs, double memoryMb) implements Serializable {
    /** A component whose memory is not measured (RACE's own: they declare theirs). */
    public ComponentSample(String application, String component, double utilization, long jobs, double meanResponseMs, double maxResponseMs) {
        this(application, component, utilization, jobs, meanResponseMs, maxResponseMs, 0);
    }
}
