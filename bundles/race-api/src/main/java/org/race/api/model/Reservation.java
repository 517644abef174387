package org.race.api.model;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * Phase 1 of an admission: what the central asks one node to hold for {@code application} until it
 * commits or releases the reservation, for at most {@code leaseMs} from its arrival on the node (then it
 * expires by itself). {@code shrinks} are the periods (ms) lower-criticality applications will be given
 * before the commit; the node counts what they free. Plain data: it crosses JVMs.
 */
public record Reservation(String id, String application, Resources demand, Map<String, Double> shrinks, long leaseMs)
        implements Serializable {
    public Reservation {
        shrinks = java.util.Collections.unmodifiableMap(new TreeMap<>(shrinks));
    }
}
