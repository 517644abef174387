package org.race.api.model;

import java.io.Serializable;
import java.util.Objects;

/**
 * A node as allocators see it: capacity, what deployed applications reserve, what the
 * CentralMonitor last measured in use (ZERO when nothing was measured), and whether it is up.
 */
public record NodeState(Node node, Resources reserved, Resources measured, boolean up) implements Serializable {
    public NodeState {
        Objects.requireNonNull(measured, "measured");
    }

    /** A node nothing has been measured on. */
    public NodeState(Node node, Resources reserved, boolean up) {
        this(node, reserved, Resources.ZERO, up);
    }

    public String name() {
        return node.name();
    }

    /**
     * What is free: capacity minus the larger of reservation and measured use, per resource, so an
     * application that uses more than it declared is not overbooked.
     */
    public Resources available() {
        Resources c = node.capacity();
        return new Resources(c.cpu() - Math.max(reserved.cpu(), measured.cpu()),
                c.memory() - Math.max(reserved.memory(), measured.memory()),
                c.bandwidth() - Math.max(reserved.bandwidth(), measured.bandwidth()));
    }
}
