package org.race.api.model;

import java.io.Serializable;
import java.util.List;

/** A controller's output for one sampling period, with a human-readable reason. */
public record AdaptationDecision(String controller, List<Adjustment> adjustments, String reason) implements Serializable {
    public AdaptationDecision {
        adjustments = List.copyOf(adjustments);
    }

    public boolean isEmpty() {
        return adjustments.isEmpty();
    }
}
