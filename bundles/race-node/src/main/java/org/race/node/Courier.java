package org.race.node;

import org.race.api.model.Delivery;

/** Carries deliveries to nodes that another container hosts; never blocks its caller (a platform holding its lock). */
public interface Courier {
    /** Queue {@code delivery} for {@code node}; dropped (and said in the log) when no link to the node is known. */
    void send(String node, Delivery delivery);
}
