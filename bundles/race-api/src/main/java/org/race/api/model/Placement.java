package org.race.api.model;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/** Where each component of one application runs: component name to node name. */
public record Placement(String allocator, Map<String, String> nodeOf) implements Serializable {
    public Placement {
        nodeOf = java.util.Collections.unmodifiableMap(new TreeMap<>(nodeOf));
    }
}
