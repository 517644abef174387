package org.race.api.model;

import java.io.Serializable;

/** A closed interval [min, max], e.g. the allowed period of an application in ms. */
public record Range(double min, double max) implements Serializable {
    public boolean contains(double v) {
        return v >= min && v <= max;
    }

    public double clamp(double v) {
        return Math.max(min, Math.min(max, v));
    }
}
