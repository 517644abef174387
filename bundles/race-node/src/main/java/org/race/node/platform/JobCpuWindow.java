package org.race.node.platform;

import org.race.api.monitoring.JobTimes;

/**
 * The CPU time per job of one component over its measurement window: the jobs of the last
 * {@value #HALF} to 2 x {@value #HALF} sampling windows, kept as two log-scaled histograms (the
 * current half and the one before; every {@value #HALF} windows the older is dropped). A bucket is
 * 1/16 of an octave wide, so the median and p99 are rounded up by less than 1/16; the maximum is
 * exact. Only the buckets between the smallest and the largest job seen are stored: a component whose
 * jobs stay within one octave costs a few dozen bytes, and the worst case (1 ns to an hour) about 5 KB. Not thread-safe: the platform calls it under its state lock.
 */
public final class JobCpuWindow {
    /** Sampling windows per half: the figures rest on 30 to 60 windows' jobs (30 s to 1 min at the default period). */
    static final int HALF = 30;
    private static final int SUB_BITS = 4, SUB = 1 << SUB_BITS;

    private Half current = new Half(), previous = new Half();
    private int windows;

    /** One job that used {@code cpuNanos} of CPU. */
    public void add(long cpuNanos) {
        current.add(Math.max(0, cpuNanos));
    }

    /** Closes a sampling window: returns the figures over the measurement window, then moves on. */
    public JobTimes closeWindow() {
        JobTimes t = figures();
        if (++windows >= HALF) {
            windows = 0;
            previous = current;
            current = new Half();
        }
        return t;
    }

    /** Median, p99 and max over both halves; {@link JobTimes#NONE} without jobs. */
    public JobTimes figures() {
        long n = current.jobs + previous.jobs;
        if (n == 0) return JobTimes.NONE;
        long max = Math.max(current.max, previous.max);
        return new JobTimes(n, Math.min(max, quantile(n, 0.5)) / 1e6, Math.min(max, quantile(n, 0.99)) / 1e6, max / 1e6);
    }

    /** The upper edge of the bucket holding the job of rank ceil(q n). */
    private long quantile(long n, double q) {
        long rank = Math.max(1, (long) Math.ceil(q * n)), seen = 0;
        int lo = Math.min(current.lowest(), previous.lowest()), hi = Math.max(current.highest(), previous.highest());
        for (int i = lo; i <= hi; i++) {
            seen += current.count(i) + previous.count(i);
            if (seen >= rank) return upperEdge(i);
        }
        return upperEdge(hi);
    }

    /** Values below 2^SUB_BITS ns have a bucket each; above, an octave has SUB buckets. */
    static int bucket(long v) {
        if (v < SUB) return (int) v;
        int e = 63 - Long.numberOfLeadingZeros(v); // v in [2^e, 2^(e+1))
        int sub = (int) (v >>> (e - SUB_BITS)) & (SUB - 1);
        return (e - SUB_BITS + 1) * SUB + sub;
    }

    /** The largest value of bucket {@code b}. */
    static long upperEdge(int b) {
        if (b < SUB) return b;
        int e = b / SUB + SUB_BITS - 1, sub = b % SUB;
        return ((long) (SUB + sub + 1) << (e - SUB_BITS)) - 1;
    }

    /** Counts of the buckets {@code lo .. lo + counts.length - 1}, grown as jobs land outside. */
    private static final class Half {
        int lo;
        int[] counts;
        long jobs, max;

        void add(long v) {
            int b = bucket(v);
            if (counts == null) {
                lo = b;
                counts = new int[1];
            } else if (b < lo) {
                int[] grown = new int[counts.length + (lo - b)];
                System.arraycopy(counts, 0, grown, lo - b, counts.length);
                counts = grown;
                lo = b;
            } else if (b >= lo + counts.length) {
                counts = java.util.Arrays.copyOf(counts, b - lo + 1);
            }
            counts[b - lo]++;
            jobs++;
            max = Math.max(max, v);
        }

        int count(int b) {
            return counts == null || b < lo || b >= lo + counts.length ? 0 : counts[b - lo];
        }

        int lowest() {
            return counts == null ? Integer.MAX_VALUE : lo;
        }

        int highest() {
            return counts == null ? Integer.MIN_VALUE : lo + counts.length - 1;
        }
    }
}
