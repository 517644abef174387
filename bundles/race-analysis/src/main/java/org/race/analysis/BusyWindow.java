package org.race.analysis;

import java.util.Collection;

/**
 * Exact response-time analysis of one task on its node under fixed-priority preemptive scheduling with
 * release jitter (Joseph and Pandya 1986; Audsley et al. 1993), over every instance of its level-i busy
 * period, so that responses beyond the period are right too (Lehoczky 1990; Tindell, Burns and Wellings
 * 1994): w(q) = (q+1)C + sum over hp of ceil((w(q) + J_j) / T_j) C_j; local response max over q of
 * w(q) - q T. Infinite when the node is overloaded at this level.
 *
 * <p>Each of these is the least fixed point of a function that grows with w and with every jitter, so
 * an iteration started anywhere at or below it ends on it: w(q) starts from w(q-1) + C (the same
 * function plus C), and the busy period from the one found last time while no jitter has shrunk since
 * (the holistic iteration only grows them). Both give exactly the figures of a start from scratch.
 */
final class BusyWindow {
    /** A window past this (ms) is taken as unbounded: no real busy period is that long. */
    static final double LIMIT_MS = 1e8;
    /** Guards ceil against floating-point dust (13.000000000002 / 13 must stay 1). */
    private static final double EPS = 1e-9;

    private BusyWindow() {
    }

    /**
     * Result: the local response (from the task's worst arrival, jitter included in its arrival) and the
     * window of that instance; {@code steps} the fixed-point iterations it took.
     */
    record Local(double responseMs, double windowMs, long steps) {
        static Local unbounded(long steps) {
            return new Local(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, steps);
        }
    }

    /**
     * {@code i}'s worst local response with {@code ahead} ahead of it. Stops at the first instance whose
     * response from i's worst arrival passes {@code cutoffMs}: the task is unbounded then whatever the
     * later instances give, and that instance's window is what interferes.
     */
    static Local of(Task i, Collection<Task> ahead, double cutoffMs) {
        double u = i.wcetMs / i.periodMs;
        for (Task j : ahead) u += j.wcetMs / j.periodMs;
        if (u >= 1 - EPS || Double.isInfinite(i.jitter())) return Local.unbounded(0);
        for (Task j : ahead) if (Double.isInfinite(j.jitter())) return Local.unbounded(0);
        Task[] hp = ahead.toArray(Task[]::new); // walked once per fixed-point step: an array, not the view
        long[] steps = { 0 };
        double busy = busyPeriod(i, hp, steps);
        if (Double.isInfinite(busy)) return Local.unbounded(steps[0]);
        long instances = Math.max(1, jobs(busy + i.jitter(), i.periodMs));
        double worst = 0, worstWindow = 0, w = 0;
        for (int q = 0; q < instances; q++) {
            w = window(i, hp, q, q == 0 ? start(i.wcetMs, hp) : w + i.wcetMs, cutoffMs, steps);
            if (Double.isInfinite(w)) return Local.unbounded(steps[0]);
            double local = w - q * i.periodMs;
            if (past(i, local, cutoffMs)) return new Local(local, w, steps[0]);
            if (local > worst) {
                worst = local;
                worstWindow = w;
            }
        }
        return new Local(worst, worstWindow, steps[0]);
    }

    /** Jobs of a task of period {@code periodMs} released in a window of {@code spanMs}. */
    static long jobs(double spanMs, double periodMs) {
        return (long) Math.ceil(spanMs / periodMs - EPS);
    }

    /** The response from i's worst arrival, as the holistic iteration adds it, passes the cut-off. */
    private static boolean past(Task i, double localMs, double cutoffMs) {
        return i.arrival + localMs > cutoffMs;
    }

    /** One job of {@code c} and one of each task ahead: the least any window or busy period can be. */
    private static double start(double c, Task[] hp) {
        double w = c;
        for (Task j : hp) w += j.wcetMs;
        return w;
    }

    /**
     * w(q) from {@code from}, at or below it; returns as soon as the instance's response passes the
     * cut-off (it only grows from there).
     */
    private static double window(Task i, Task[] hp, int q, double from, double cutoffMs, long[] steps) {
        double w = from;
        while (true) {
            steps[0]++;
            double next = (q + 1) * i.wcetMs;
            for (Task j : hp) next += jobs(w + j.jitter(), j.periodMs) * j.wcetMs;
            if (next > LIMIT_MS) return Double.POSITIVE_INFINITY;
            // next, not w: the fixed point as the sum of its jobs, whatever the start
            if (next <= w || past(i, next - q * i.periodMs, cutoffMs)) return next;
            w = next;
        }
    }

    /** The level-i busy period: i and everything ahead of it, each with its jitter. */
    private static double busyPeriod(Task i, Task[] hp, long[] steps) {
        double l = start(i.wcetMs, hp);
        double[] jitters = new double[hp.length + 1];
        jitters[0] = i.jitter();
        int k = 1;
        for (Task j : hp) jitters[k++] = j.jitter();
        if (grown(i.busyJitters, jitters)) l = Math.max(l, i.busyMs);
        while (true) {
            steps[0]++;
            double next = jobs(l + i.jitter(), i.periodMs) * i.wcetMs;
            for (Task j : hp) next += jobs(l + j.jitter(), j.periodMs) * j.wcetMs;
            if (next > LIMIT_MS) return Double.POSITIVE_INFINITY;
            if (next <= l) {
                i.busyMs = next;
                i.busyJitters = jitters;
                return next;
            }
            l = next;
        }
    }

    /** Whether every jitter is at least what it was ({@code before} null: nothing known yet). */
    private static boolean grown(double[] before, double[] now) {
        if (before == null || before.length != now.length) return false;
        for (int k = 0; k < now.length; k++) if (now[k] < before[k]) return false;
        return true;
    }
}
