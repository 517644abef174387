package org.race.api.model;

import java.io.Serializable;
import java.util.List;

/** What an effector did: adjustments applied, adjustments refused (with reasons), and how long it took. */
public record EffectReport(List<String> applied, List<String> rejected, long actuationDelayNanos) implements Serializable {
    public EffectReport {
        applied = List.copyOf(applied);
        rejected = List.copyOf(rejected);
    }
}
