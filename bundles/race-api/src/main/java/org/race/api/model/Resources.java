package org.race.api.model;

import java.io.Serializable;

/**
 * A vector over the three resources RACE allocates: cpu as a fraction of one reference processor,
 * memory in MB and network bandwidth in Mbit/s.
 */
public record Resources(double cpu, double memory, double bandwidth) implements Serializable {
    public static final Resources ZERO = new Resources(0, 0, 0);

    public Resources plus(Resources o) {
        return new Resources(cpu + o.cpu, memory + o.memory, bandwidth + o.bandwidth);
    }

    public Resources minus(Resources o) {
        return new Resources(cpu - o.cpu, memory - o.memory, bandwidth - o.bandwidth);
    }

    /** Small tolerance so sums of decimal demands that exactly fill a node still fit. */
    private static final double EPS = 1e-9;

    public boolean fitsIn(Resources capacity) {
        return cpu <= capacity.cpu + EPS && memory <= capacity.memory + EPS && bandwidth <= capacity.bandwidth + EPS;
    }

    /** The first resource of this demand that exceeds {@code capacity}, or null when it fits. */
    public String firstShortfall(Resources capacity) {
        if (cpu > capacity.cpu + EPS) return "cpu";
        if (memory > capacity.memory + EPS) return "memory";
        if (bandwidth > capacity.bandwidth + EPS) return "bandwidth";
        return null;
    }

    public double get(String resource) {
        return switch (resource) {
            case "cpu" -> cpu;
            case "memory" -> memory;
            case "bandwidth" -> bandwidth;
            default -> throw new IllegalArgumentException("unknown resource '" + resource + "' (cpu, memory, bandwidth)");
        };
    }
}
