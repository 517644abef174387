package org.race.mms.components;

/** Count statistics of a frame: how many channels, mean and (population) variance, smallest and largest count. */
public record Statistics(int n, double mean, double variance, int min, int max) {
    /** Of {@code counts}, in one pass (Welford's update, stable for long frames). */
    public static Statistics of(int[] counts) {
        if (counts.length == 0) return new Statistics(0, 0, 0, 0, 0);
        double mean = 0, m2 = 0;
        int min = Integer.MAX_VALUE, max = Integer.MIN_VALUE;
        for (int i = 0; i < counts.length; i++) {
            int c = counts[i];
            double d = c - mean;
            mean += d / (i + 1);
            m2 += d * (c - mean);
            min = Math.min(min, c);
            max = Math.max(max, c);
        }
        return new Statistics(counts.length, mean, m2 / counts.length, min, max);
    }
}
