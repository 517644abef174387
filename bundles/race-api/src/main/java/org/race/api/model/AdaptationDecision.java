package org.race.api.model;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * A controller's output for one sampling period, with a human-readable reason.
 *
 * @param setPoints the cpu utilization set point (a fraction of the node's capacity) the controller
 *        held each node to this period, by node name; empty when it controls no utilization (e.g.
 *        FMUF). Published so that views show the set points without knowing how a controller
 *        computes or configures them.
 */
public record AdaptationDecision(String controller, List<Adjustment> adjustments, String reason, Map<String, Double> setPoints)
        implements Serializable {
    public AdaptationDecision {
        adjustments = List.copyOf(adjustments);
        setPoints = Map.copyOf(setPoints);
    }

    /** A decision of a controller without utilization set points. */
    public AdaptationDecision(String controller, List<Adjustment> adjustments, String reason) {
        this(controller, adjustments, reason, Map.of());
    }

    public boolean isEmpty() {
        return adjustments.isEmpty();
    }
}
