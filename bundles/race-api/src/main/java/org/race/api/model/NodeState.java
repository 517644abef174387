package org.race.api.model;

import java.io.Serializable;

/** A node as allocators see it: capacity, what deployed applications reserve, and whether it is up. */
public record NodeState(Node node, Resources reserved, boolean up) implements Serializable {
    public String name() {
        return node.name();
    }

    public Resources available() {
        return node.capacity().minus(reserved);
    }
}
