package org.race.api.monitoring;

import java.io.Serializable;

/**
 * End-to-end QoS of one application over one sampling window: iterations whose deadline fell in the
 * window ({@code met} + {@code missed}), and latencies of the iterations that completed in it.
 */
public record ApplicationQos(String application, long met, long missed, long completed, double meanLatencyMs,
        double maxLatencyMs) implements Serializable {
    public static ApplicationQos empty(String application) {
        return new ApplicationQos(application, 0, 0, 0, 0, 0);
    }

    public double missRatio() {
        long n = met + missed;
        return n == 0 ? 0 : (double) missed / n;
    }

    /** Combine two windows (or two nodes' shares) of the same application. */
    public ApplicationQos merge(ApplicationQos o) {
        long c = completed + o.completed;
        double mean = c == 0 ? 0 : (meanLatencyMs * completed + o.meanLatencyMs * o.completed) / c;
        return new ApplicationQos(application, met + o.met, missed + o.missed, c, mean,
                Math.max(maxLatencyMs, o.maxLatencyMs));
    }
}
