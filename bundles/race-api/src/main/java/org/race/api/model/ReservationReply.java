package org.race.api.model;

import java.io.Serializable;

/** A node's answer to phase 1: granted, or refused with the reason; {@code free} is what it had free besides this reservation. */
public record ReservationReply(String id, String node, boolean granted, String reason, Resources free) implements Serializable {
}
