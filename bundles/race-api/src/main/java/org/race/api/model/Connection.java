package org.race.api.model;

import java.io.Serializable;

/** A data flow from one component to another, with the bandwidth it needs in Mbit/s. */
public record Connection(String from, String to, double bandwidth) implements Serializable {
}
