package org.race.api.model;

import java.io.Serializable;

/**
 * A data flow from one component to another, with the bandwidth it needs in Mbit/s and the largest
 * payload (bytes) a typed component may emit over it in one job.
 *
 * @param maxPayloadBytes 0: the platform's default (PID {@code race.jvm}, {@code maxPayloadBytes}); else 1 to {@link #MAX_PAYLOAD_BYTES}
 */
public record Connection(String from, String to, double bandwidth, int maxPayloadBytes) implements Serializable {
    /**
     * The largest limit a connection may have: a payload crosses containers in one frame of the node
     * links, and Aries RSA fastbin refuses frames beyond 10 MiB by default.
     */
    public static final int MAX_PAYLOAD_BYTES = 4 << 20;

    /** With the platform's default payload limit. */
    public Connection(String from, String to, double bandwidth) {
        this(from, to, bandwidth, 0);
    }

    public Connection {
        if (maxPayloadBytes < 0 || maxPayloadBytes > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("maxPayloadBytes of " + from + " -> " + to + " must be 0 (the default) or 1 to " + MAX_PAYLOAD_BYTES
                    + ", got " + maxPayloadBytes);
        }
    }
}
