package org.race.api.analysis;

import java.io.Serializable;

/**
 * One component as analysed: its node, the priority it runs at (0 when unconfigured), its worst-case
 * execution time on that node ({@code wcetMs}, with the platform's overheads) and its worst-case
 * response measured from its iteration's release ({@code responseMs}; null when unbounded).
 */
public record ComponentResponse(String name, String node, int priority, double wcetMs, Double responseMs) implements Serializable {
    public boolean bounded() {
        return responseMs != null;
    }
}
