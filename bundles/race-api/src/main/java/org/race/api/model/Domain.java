package org.race.api.model;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * The target domain: its nodes and the network between them. {@code linkLatencyMs} is the fixed
 * one-way delay of a message between two nodes; transmission time comes from the sender's bandwidth.
 */
public record Domain(String name, List<Node> nodes, double linkLatencyMs) implements Serializable {
    public Domain {
        nodes = List.copyOf(nodes);
    }

    public Optional<Node> node(String nodeName) {
        return nodes.stream().filter(n -> n.name().equals(nodeName)).findFirst();
    }
}
