package org.race.mms.components;

/**
 * What a plasma sensor measured in one iteration: particle counts per energy channel. Payload records
 * travel as JSON (race-payload's JsonCodec); do not change the arrays of a received record.
 */
public record Frame(String spacecraft, long iteration, int[] counts) {
}
