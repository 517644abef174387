package org.race.api.monitoring;

import java.io.Serializable;

/** One component over one sampling window: its share of the processor and the response times of its jobs. */
public record ComponentSample(String application, String component, double utilization, long jobs,
        double meanResponseMs, double maxResponseMs) implements Serializable {
}
