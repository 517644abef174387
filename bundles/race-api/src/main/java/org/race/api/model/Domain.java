package org.race.api.model;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * The target domain: its nodes and the network between them. {@code linkLatencyMs} is the fixed
 * one-way delay of a message between two nodes; transmission time comes from the sender's bandwidth.
 * {@code bestEffortShare} of every node's link is kept for connections without a declared bandwidth:
 * admission books declared connections only into the rest, and the jvm platform enforces the split.
 */
public record Domain(String name, List<Node> nodes, double linkLatencyMs, double bestEffortShare) implements Serializable {
    public static final double DEFAULT_BEST_EFFORT_SHARE = 0.1;

    public Domain {
        nodes = List.copyOf(nodes);
        if (!(bestEffortShare > 0 && bestEffortShare < 1)) throw new IllegalArgumentException("bestEffortShare must be in (0, 1), was " + bestEffortShare);
    }

    /** With the default best-effort share. */
    public Domain(String name, List<Node> nodes, double linkLatencyMs) {
        this(name, nodes, linkLatencyMs, DEFAULT_BEST_EFFORT_SHARE);
    }

    public Optional<Node> node(String nodeName) {
        return nodes.stream().filter(n -> n.name().equals(nodeName)).findFirst();
    }
}
