package org.race.api.monitoring;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/** Wall-clock delays of the last periods (monitoring or actuation), in ms. */
public record DelayStats(int samples, double lastMs, double medianMs, double p99Ms, double maxMs) implements Serializable {
    public static final DelayStats NONE = new DelayStats(0, 0, 0, 0, 0);

    public static DelayStats of(List<Long> nanos) {
        if (nanos.isEmpty()) return NONE;
        double[] ms = nanos.stream().mapToDouble(n -> n / 1e6).toArray();
        double last = ms[ms.length - 1];
        Arrays.sort(ms);
        return new DelayStats(ms.length, last, percentile(ms, 0.5), percentile(ms, 0.99), ms[ms.length - 1]);
    }

    /** Nearest-rank percentile of sorted values. */
    public static double percentile(double[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
