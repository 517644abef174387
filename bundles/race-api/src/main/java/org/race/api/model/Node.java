package org.race.api.model;

import java.io.Serializable;
import java.util.Objects;

/** A processing node of the domain (a spacecraft, a ground station) and its capacity. */
public record Node(String name, Resources capacity) implements Serializable {
    public Node {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(capacity, "capacity");
    }
}
