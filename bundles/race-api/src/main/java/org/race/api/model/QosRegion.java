package org.race.api.model;

import java.io.Serializable;
import java.util.Objects;

/**
 * An application's QoS region (RTARM): the acceptable range of every QoS dimension it tolerates.
 * {@code period} is the rate dimension, as the release period in ms (the highest rate is at
 * {@code period.min()}); {@code latencyMaxMs} bounds the end-to-end latency in ms, or is null when the
 * region has no latency dimension.
 */
public record QosRegion(Range period, Double latencyMaxMs) implements Serializable {
    public QosRegion {
        Objects.requireNonNull(period, "period");
    }

    public boolean contains(double periodMs) {
        return period.contains(periodMs);
    }

    /** The region's maximum rate, jobs per second. */
    public double maxRateHz() {
        return 1000 / period.min();
    }

    /** The region's minimum rate, jobs per second. */
    public double minRateHz() {
        return 1000 / period.max();
    }

    /**
     * The period (ms) of a rate (Hz), rounded up to a microsecond so that a point computed to fit still
     * fits, and kept inside the region.
     */
    public double periodAt(double rateHz) {
        double ms = rateHz <= 0 ? Double.POSITIVE_INFINITY : Math.ceil(1000 / rateHz * 1000 - 1e-6) / 1000;
        return period.clamp(ms);
    }
}
