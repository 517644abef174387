package org.race.experiment.hopbench;

import java.util.Arrays;

/**
 * When each job of a chain of {@code n} components ran, per iteration: the iteration's release, when each
 * job was queued for its thread, and the start and end of every component's code (System.nanoTime). Missing jobs stay {@link #NONE}; iterations
 * before {@code warmUp} are not counted (JIT and first allocations).
 */
final class Timeline {
    static final long NONE = Long.MIN_VALUE;

    final int n, warmUp;
    final long[] released;
    final long[][] queued, start, end;

    Timeline(int n, int iterations, int warmUp) {
        this.n = n;
        this.warmUp = warmUp;
        released = filled(iterations);
        queued = new long[n][];
        start = new long[n][];
        end = new long[n][];
        for (int k = 0; k < n; k++) {
            queued[k] = filled(iterations);
            start[k] = filled(iterations);
            end[k] = filled(iterations);
        }
    }

    private static long[] filled(int size) {
        long[] a = new long[size];
        Arrays.fill(a, NONE);
        return a;
    }

    int iterations() {
        return released.length;
    }

    /** Component {@code k}'s job of iteration {@code i}; out of range (a late extra iteration) is ignored. */
    void job(int k, long i, long queuedAt, long started, long ended) {
        if (i < 0 || i >= iterations()) return;
        queued[k][(int) i] = queuedAt;
        start[k][(int) i] = started;
        end[k][(int) i] = ended;
    }

    void release(long i, long at) {
        if (i >= 0 && i < iterations()) released[(int) i] = at;
    }

    private boolean complete(int i) {
        if (released[i] == NONE) return false;
        for (int k = 0; k < n; k++) if (queued[k][i] == NONE || start[k][i] == NONE || end[k][i] == NONE) return false;
        return true;
    }

    /** The figures of the counted iterations, in microseconds. */
    Stats stats() {
        int counted = 0, incomplete = 0;
        int size = iterations() - warmUp;
        double[] hops = new double[Math.max(0, size) * (n - 1)], send = new double[hops.length], wake = new double[hops.length], perHop = new double[Math.max(0, size)], release = new double[perHop.length],
                jobs = new double[perHop.length * n], e2e = new double[perHop.length];
        int h = 0, j = 0;
        for (int i = warmUp; i < iterations(); i++) {
            if (!complete(i)) {
                incomplete++;
                continue;
            }
            long work = 0;
            for (int k = 0; k < n; k++) {
                long job = end[k][i] - start[k][i];
                work += job;
                jobs[j++] = job / 1e3;
                if (k > 0) {
                    send[h] = (queued[k][i] - end[k - 1][i]) / 1e3;
                    wake[h] = (start[k][i] - queued[k][i]) / 1e3;
                    hops[h++] = (start[k][i] - end[k - 1][i]) / 1e3;
                }
            }
            perHop[counted] = (end[n - 1][i] - start[0][i] - work) / 1e3 / (n - 1);
            release[counted] = (start[0][i] - released[i]) / 1e3;
            e2e[counted] = (end[n - 1][i] - released[i]) / 1e3;
            counted++;
        }
        return new Stats(counted, incomplete, Quantiles.of(Arrays.copyOf(hops, h)), Quantiles.of(Arrays.copyOf(send, h)), Quantiles.of(Arrays.copyOf(wake, h)),
                Quantiles.of(Arrays.copyOf(perHop, counted)),
                Quantiles.of(Arrays.copyOf(release, counted)), Quantiles.of(Arrays.copyOf(jobs, j)), Quantiles.of(Arrays.copyOf(e2e, counted)));
    }

    /**
     * {@code hop}: every hand-off, end of a job to the start of its successor's, in two parts: {@code send}, to the
     * successor's job being queued for its thread (across containers: the wire included), and {@code wake}, from there to
     * its code starting (the thread's wake-up); {@code perHop}: per iteration the
     * end-to-end time from the source's start to the sink's end minus the jobs' own time, over the n - 1 hops;
     * {@code release}: release to the source's start; {@code job}: a job's own time (the spin); {@code e2e}: release
     * to the sink's end, as the platform's latency.
     */
    record Stats(int iterations, int incomplete, Quantiles hop, Quantiles send, Quantiles wake, Quantiles perHop, Quantiles release, Quantiles job, Quantiles e2e) {
    }

    /** Median, 99th percentile (nearest rank) and maximum of samples; NaN for none. */
    record Quantiles(double p50, double p99, double max) {
        static Quantiles of(double[] v) {
            if (v.length == 0) return new Quantiles(Double.NaN, Double.NaN, Double.NaN);
            Arrays.sort(v);
            return new Quantiles(rank(v, 0.50), rank(v, 0.99), v[v.length - 1]);
        }

        private static double rank(double[] sorted, double q) {
            return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
        }
    }
}
