package org.race.api.analysis;

import java.io.Serializable;

/**
 * A job as fixed-priority scheduling on one node sees it, for placement by schedulability
 * ({@link SchedulabilityView}): released every {@code periodMs} up to {@code jitterMs} late, running
 * {@code wcetMs} in the worst case, ahead of jobs of lower {@code priority} (equal priorities: the shorter
 * period first, equal periods both ways, as the platforms run them). {@code localDeadlineMs} is how long
 * its response on the node, from its worst arrival, may be before its application misses its deadline
 * (infinite when nothing depends on it: its application misses already, or it is not bounded).
 */
public record PeriodicTask(String application, String component, int priority, double periodMs, double wcetMs, double jitterMs,
        double localDeadlineMs) implements Serializable {
}
