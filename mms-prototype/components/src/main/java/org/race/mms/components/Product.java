package org.race.mms.components;

/**
 * The science product of one iteration, what reaches the ground archive: the filtered counts, their
 * statistics, the shape of the spectrum (skewness, excess kurtosis, the channel of the peak) and a
 * histogram of the counts in {@code histogram.length} equal bins from the smallest to the largest count.
 */
public record Product(String spacecraft, long iteration, Statistics statistics, int spikes, double skewness, double kurtosis, int peakChannel,
        long[] histogram, int[] counts) {
}
