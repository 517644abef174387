package org.race.allocator.common;

import java.util.Arrays;

import org.race.api.analysis.PeriodicTask;

/**
 * The per-node test of placement by schedulability: does node j still meet every local deadline with
 * component c's job on it? Fixed-priority preemptive scheduling as the platforms run it (higher priority
 * first; equal priorities: shorter period first, equal periods both ways), exact response-time analysis
 * with release jitter over the level-i busy period (Joseph and Pandya 1986; Audsley et al. 1993; Lehoczky
 * 1990), every job on the node a possible interferer (no precedence: safe). Quick filters first, each
 * O(1): utilization at or above 1 refuses; a bound valid for any priority order accepts (with U the node's
 * utilization, every response is at most (sum C + sum U_j J_j) / (1 - U), which then also keeps each busy
 * period to one job); then, per node, the largest job known to fit and the smallest known not to for the
 * last job signature (priority, period, deadline) answer without analysis, since a larger job never fits
 * where a smaller one does not. Only then the exact test, of the new job and the jobs it delays.
 */
final class Schedulability {
    /** A window past this (ms) is taken as unbounded: no real busy period is that long. */
    private static final double LIMIT_MS = 1e8;
    private static final double EPS = 1e-9;

    private final Problem problem;
    private final Jobs[] nodes;

    Schedulability(Problem problem) {
        this.problem = problem;
        this.nodes = new Jobs[problem.nodes];
        for (int j = 0; j < problem.nodes; j++) {
            Jobs s = new Jobs();
            for (PeriodicTask t : problem.deployedJobs[j]) s.add(-1, t.priority(), t.periodMs(), t.wcetMs(), t.jitterMs(), t.localDeadlineMs());
            s.changed();
            nodes[j] = s;
        }
    }

    /** The worst-case execution time of c's job on {@code node}. */
    private double wcet(int c, int node) {
        return problem.work[c] / problem.cpu[node];
    }

    boolean fits(int c, int node) {
        Jobs s = nodes[node];
        double wcet = wcet(c, node), period = problem.period[c], deadline = problem.deadline[c];
        int prio = problem.priority[c];
        double u = s.utilization + wcet / period;
        if (u >= 1 - EPS) return false;
        double bound = (s.sumWcet + wcet + s.sumUJ) / (1 - u);
        if (bound <= Math.min(s.minSlack, Math.min(deadline, period)) + EPS) return true;
        if (s.cachedFor(prio, period, deadline)) {
            if (wcet <= s.largestFitting) return true;
            if (wcet >= s.smallestFailing) return false;
        } else {
            s.cacheFor(prio, period, deadline);
        }
        boolean ok = exact(s, c, prio, period, wcet, deadline);
        if (ok) s.largestFitting = Math.max(s.largestFitting, wcet);
        else s.smallestFailing = Math.min(s.smallestFailing, wcet);
        return ok;
    }

    private static boolean exact(Jobs s, int c, int prio, double period, double wcet, double deadline) {
        int k = s.n;
        s.add(c, prio, period, wcet, 0, deadline);
        try {
            if (response(s, k) > deadline + EPS) return false;
            for (int i = 0; i < k; i++) {
                if (Double.isInfinite(s.deadline[i]) || !delays(s, k, i)) continue;
                if (response(s, i) > s.deadline[i] + EPS) return false;
            }
            return true;
        } finally {
            s.n = k; // the trial job out again; the aggregates were not touched
        }
    }

    void assign(int c, int node) {
        Jobs s = nodes[node];
        s.add(c, problem.priority[c], problem.period[c], wcet(c, node), 0, problem.deadline[c]);
        s.changed();
    }

    void unassign(int c, int node) {
        Jobs s = nodes[node];
        for (int i = 0; i < s.n; i++) {
            if (s.component[i] != c) continue;
            s.removeAt(i);
            s.changed();
            return;
        }
    }

    /** Whether job j delays job i on their node: higher priority, or equal priority and a period no longer. */
    private static boolean delays(Jobs s, int j, int i) {
        if (j == i) return false;
        if (s.priority[j] != s.priority[i]) return s.priority[j] > s.priority[i];
        return s.period[j] <= s.period[i];
    }

    /** Job i's worst local response among the jobs of {@code s}: every instance of its level-i busy period. */
    private static double response(Jobs s, int i) {
        double u = s.wcet[i] / s.period[i];
        for (int j = 0; j < s.n; j++) if (delays(s, j, i)) u += s.wcet[j] / s.period[j];
        if (u >= 1 - EPS) return Double.POSITIVE_INFINITY;
        double busy = s.wcet[i];
        for (int j = 0; j < s.n; j++) if (delays(s, j, i)) busy += s.wcet[j];
        while (true) {
            double next = jobs(busy + s.jitter[i], s.period[i]) * s.wcet[i] + interference(s, i, busy);
            if (next > LIMIT_MS) return Double.POSITIVE_INFINITY;
            if (next <= busy) break;
            busy = next;
        }
        long instances = Math.max(1, jobs(busy + s.jitter[i], s.period[i]));
        double worst = 0;
        for (int q = 0; q < instances; q++) {
            double w = (q + 1) * s.wcet[i];
            for (int j = 0; j < s.n; j++) if (delays(s, j, i)) w += s.wcet[j];
            while (true) {
                double next = (q + 1) * s.wcet[i] + interference(s, i, w);
                if (next > LIMIT_MS) return Double.POSITIVE_INFINITY;
                if (next <= w) break;
                w = next;
            }
            worst = Math.max(worst, w - q * s.period[i]);
        }
        return worst;
    }

    /** What the jobs ahead of i put into a window of {@code w}. */
    private static double interference(Jobs s, int i, double w) {
        double sum = 0;
        for (int j = 0; j < s.n; j++) if (delays(s, j, i)) sum += jobs(w + s.jitter[j], s.period[j]) * s.wcet[j];
        return sum;
    }

    /** Jobs of period {@code periodMs} released in a window of {@code spanMs}. */
    private static long jobs(double spanMs, double periodMs) {
        return (long) Math.ceil(spanMs / periodMs - EPS);
    }

    /** The jobs on one node as parallel arrays, their sums for the quick filters, and the verdict cache. */
    private static final class Jobs {
        int n;
        int[] component = new int[4], priority = new int[4];
        double[] period = new double[4], wcet = new double[4], jitter = new double[4], deadline = new double[4];
        double utilization, sumWcet, sumUJ, minSlack;
        private boolean cached;
        private int cachedPriority;
        private double cachedPeriod, cachedDeadline;
        double largestFitting, smallestFailing;

        void add(int c, int prio, double t, double w, double j, double d) {
            if (n == component.length) {
                int size = 2 * n;
                component = Arrays.copyOf(component, size);
                priority = Arrays.copyOf(priority, size);
                period = Arrays.copyOf(period, size);
                wcet = Arrays.copyOf(wcet, size);
                jitter = Arrays.copyOf(jitter, size);
                deadline = Arrays.copyOf(deadline, size);
            }
            component[n] = c;
            priority[n] = prio;
            period[n] = t;
            wcet[n] = w;
            jitter[n] = j;
            deadline[n] = d;
            n++;
        }

        void removeAt(int i) {
            n--;
            component[i] = component[n];
            priority[i] = priority[n];
            period[i] = period[n];
            wcet[i] = wcet[n];
            jitter[i] = jitter[n];
            deadline[i] = deadline[n];
        }

        /** The jobs changed: sums again, cache off. */
        void changed() {
            utilization = sumWcet = sumUJ = 0;
            minSlack = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                double u = wcet[i] / period[i];
                utilization += u;
                sumWcet += wcet[i];
                sumUJ += u * jitter[i];
                minSlack = Math.min(minSlack, Math.min(deadline[i], period[i] - jitter[i]));
            }
            cached = false;
        }

        boolean cachedFor(int prio, double t, double d) {
            return cached && prio == cachedPriority && t == cachedPeriod && d == cachedDeadline;
        }

        void cacheFor(int prio, double t, double d) {
            cached = true;
            cachedPriority = prio;
            cachedPeriod = t;
            cachedDeadline = d;
            largestFitting = -1;
            smallestFailing = Double.POSITIVE_INFINITY;
        }
    }
}
