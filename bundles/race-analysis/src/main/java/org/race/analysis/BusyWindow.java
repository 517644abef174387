package org.race.analysis;

import java.util.List;

/**
 * Exact response-time analysis of one task on its node under fixed-priority preemptive scheduling with
 * release jitter (Joseph and Pandya 1986; Audsley et al. 1993), over every instance of its level-i busy
 * period, so that responses beyond the period are right too (Lehoczky 1990; Tindell, Burns and Wellings
 * 1994): w(q) = (q+1)C + sum over hp of ceil((w(q) + J_j) / T_j) C_j; local response max over q of
 * w(q) - q T. Infinite when the node is overloaded at this level.
 */
final class BusyWindow {
    /** A window past this (ms) is taken as unbounded: no real busy period is that long. */
    static final double LIMIT_MS = 1e8;
    /** Guards ceil against floating-point dust (13.000000000002 / 13 must stay 1). */
    private static final double EPS = 1e-9;

    private BusyWindow() {
    }

    /** Result: the local response (from the task's worst arrival, jitter included in its arrival) and the window of that instance. */
    record Local(double responseMs, double windowMs) {
    }

    static Local of(Task i, List<Task> hp) {
        double u = i.wcetMs / i.periodMs;
        for (Task j : hp) u += j.wcetMs / j.periodMs;
        if (u >= 1 - EPS || Double.isInfinite(i.jitter())) return new Local(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
        for (Task j : hp) if (Double.isInfinite(j.jitter())) return new Local(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
        double busy = busyPeriod(i, hp);
        if (Double.isInfinite(busy)) return new Local(busy, busy);
        long instances = Math.max(1, jobs(busy + i.jitter(), i.periodMs));
        double worst = 0, worstWindow = 0;
        for (int q = 0; q < instances; q++) {
            double w = window(i, hp, q);
            if (Double.isInfinite(w)) return new Local(w, w);
            if (w - q * i.periodMs > worst) {
                worst = w - q * i.periodMs;
                worstWindow = w;
            }
        }
        return new Local(worst, worstWindow);
    }

    /** Jobs of a task of period {@code periodMs} released in a window of {@code spanMs}. */
    static long jobs(double spanMs, double periodMs) {
        return (long) Math.ceil(spanMs / periodMs - EPS);
    }

    private static double window(Task i, List<Task> hp, int q) {
        double w = (q + 1) * i.wcetMs;
        for (Task j : hp) w += j.wcetMs;
        while (true) {
            double next = (q + 1) * i.wcetMs;
            for (Task j : hp) next += jobs(w + j.jitter(), j.periodMs) * j.wcetMs;
            if (next > LIMIT_MS) return Double.POSITIVE_INFINITY;
            if (next <= w) return w;
            w = next;
        }
    }

    /** The level-i busy period: i and everything ahead of it, each with its jitter. */
    private static double busyPeriod(Task i, List<Task> hp) {
        double l = i.wcetMs;
        for (Task j : hp) l += j.wcetMs;
        while (true) {
            double next = jobs(l + i.jitter(), i.periodMs) * i.wcetMs;
            for (Task j : hp) next += jobs(l + j.jitter(), j.periodMs) * j.wcetMs;
            if (next > LIMIT_MS) return Double.POSITIVE_INFINITY;
            if (next <= l) return l;
            l = next;
        }
    }
}
