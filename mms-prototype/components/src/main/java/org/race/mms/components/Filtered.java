package org.race.mms.components;

/** A despiked frame: the counts after the median filter, how many channels it replaced, and the statistics after. */
public record Filtered(String spacecraft, long iteration, int[] counts, int spikes, Statistics statistics) {
}
