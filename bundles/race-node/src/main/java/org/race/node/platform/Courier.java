package org.race.node.platform;

import java.time.Instant;

import org.race.api.model.Delivery;

/** Carries deliveries to nodes that another container hosts; never blocks its caller (a platform holding its lock). */
public interface Courier {
    /** Queue {@code delivery} for {@code node}; dropped (and said in the log) when no link to the node is known. */
    void send(String node, Delivery delivery);

    /** The wall clock in microseconds, as Delivery's sentAtMicros wants it: the sender stamps with it, the receiver measures transit. */
    static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }
}
