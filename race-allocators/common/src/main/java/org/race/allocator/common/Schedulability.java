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
 * utilization, every busy period is at most (sum C + sum U_j J_j) / (1 - U), so within every deadline and
 * period it holds one job that meets its deadline); then, per node, the largest job known to fit and the
 * smallest known not to for the last job signature (priority, period, deadline) answer without analysis,
 * since a larger job never fits where a smaller one does not (an application's components share one
 * signature). Then per job it delays, bounds from the node's responses now (known once per change of the
 * node), and the exact analysis only for the jobs the bounds leave open ({@link #exact}).
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

    /**
     * The new job (index k once added) and every job it delays, each decided by bounds first and the exact analysis only
     * when they do not decide. Refused at once when a job's response cannot stay within its deadline: with the new job
     * ahead, the fixed point moves from its response now by at least one job of it per period the response spans.
     * Accepted for a job when the linear bound on its busy period, (C_i + U_i J_i + sum hp (C_j + U_j J_j)) / (1 - U),
     * is within its deadline and leaves its next job's release outside (one job in the busy period).
     */
    private static boolean exact(Jobs s, int c, int prio, double period, double wcet, double deadline) {
        s.knowResponses();
        int k = s.n;
        double u = wcet / period;
        s.add(c, prio, period, wcet, 0, deadline);
        try {
            int[] undecided = new int[k + 1];
            int open = 0;
            double sumHp = 0, uHp = 0, aHp = 0;
            for (int j = 0; j < k; j++) {
                if (!delays(s, j, k)) continue;
                double uj = s.wcet[j] / s.period[j];
                sumHp += s.wcet[j];
                uHp += uj;
                aHp += s.wcet[j] + uj * s.jitter[j];
            }
            if (Math.max(wcet + sumHp, wcet / (1 - uHp)) > deadline + EPS) return false;
            if (!withinBound(wcet + aHp, u + uHp, 0, period, deadline)) undecided[open++] = k;
            for (int i = 0; i < k; i++) {
                if (Double.isInfinite(s.deadline[i]) || !delays(s, k, i)) continue;
                double r = s.response[i];
                if (r + jobs(r, period) * wcet > s.deadline[i] + EPS) return false;
                if (!withinBound(s.bound[i] + wcet, s.level[i] + u, s.jitter[i], s.period[i], s.deadline[i])) undecided[open++] = i;
            }
            for (int x = 0; x < open; x++) {
                int i = undecided[x];
                // its first window grew by at least one job of the new one per period it spans: start there
                double floor = i == k ? 0 : s.firstWindow[i] + jobs(s.firstWindow[i], period) * wcet;
                if (response(s, i, floor) > s.deadline[i] + EPS) return false;
            }
            return true;
        } finally {
            s.n = k; // the trial job out again; the sums and responses were not touched
        }
    }

    /** Whether the linear bound {@code a / (1 - u)} on a busy period keeps it to one job, within the deadline. */
    private static boolean withinBound(double a, double u, double jitter, double period, double deadline) {
        if (u >= 1 - EPS) return false;
        double busy = a / (1 - u);
        return busy + jitter <= period && busy <= deadline;
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

    /**
     * Job i's worst local response among the jobs of {@code s}: every instance of its level-i busy period. Each
     * window starts from a lower bound of its fixed point, the larger of the work released at once and
     * {@code (q+1) C_i / (1 - U_hp)}, which saves most of the iterations when short periods meet long ones; and when
     * the first job completes before the next is released (jitter counted) the busy period holds only that one.
     */
    private static double response(Jobs s, int i, double floor) {
        int[] hp = new int[s.n];
        int h = 0;
        double uHp = 0, sumHp = 0;
        for (int j = 0; j < s.n; j++) {
            if (!delays(s, j, i)) continue;
            hp[h++] = j;
            uHp += s.wcet[j] / s.period[j];
            sumHp += s.wcet[j];
        }
        if (uHp + s.wcet[i] / s.period[i] >= 1 - EPS) return Double.POSITIVE_INFINITY;
        double first = window(s, i, hp, h, 0, Math.max(floor, Math.max(s.wcet[i] + sumHp, s.wcet[i] / (1 - uHp))));
        s.lastFirstWindow = first;
        if (jobs(first + s.jitter[i], s.period[i]) <= 1) return first;
        double busy = s.wcet[i] + sumHp;
        while (true) {
            double next = jobs(busy + s.jitter[i], s.period[i]) * s.wcet[i] + interference(s, hp, h, busy);
            if (next > LIMIT_MS) return Double.POSITIVE_INFINITY;
            if (next <= busy) break;
            busy = next;
        }
        long instances = Math.max(1, jobs(busy + s.jitter[i], s.period[i]));
        double worst = first;
        for (int q = 1; q < instances; q++) {
            double w = window(s, i, hp, h, q, Math.max((q + 1) * s.wcet[i] + sumHp, (q + 1) * s.wcet[i] / (1 - uHp)));
            worst = Math.max(worst, w - q * s.period[i]);
        }
        return worst;
    }

    /** The fixed point of w = (q+1) C_i + interference(w), from {@code from} (a lower bound of it); infinite past the limit. */
    private static double window(Jobs s, int i, int[] hp, int h, int q, double from) {
        double w = from;
        while (true) {
            double next = (q + 1) * s.wcet[i] + interference(s, hp, h, w);
            if (next > LIMIT_MS) return Double.POSITIVE_INFINITY;
            if (next <= w) return w;
            w = next;
        }
    }

    /** What the jobs ahead ({@code hp}, the first {@code h}) put into a window of {@code w}. */
    private static double interference(Jobs s, int[] hp, int h, double w) {
        double sum = 0;
        for (int k = 0; k < h; k++) {
            int j = hp[k];
            sum += jobs(w + s.jitter[j], s.period[j]) * s.wcet[j];
        }
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
        /**
         * Per job with a deadline, once known since the last change: its response, the numerator of its busy-period
         * bound (C_i + U_i J_i + sum over the jobs ahead of C_j + U_j J_j) and the utilization at its level.
         */
        double[] response = new double[0], firstWindow = new double[0], bound = new double[0], level = new double[0];
        private boolean responsesKnown;
        /** The first window (q = 0) of the last response computed: a lower bound of it once a job is added ahead. */
        double lastFirstWindow;
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
            responsesKnown = false;
        }

        void knowResponses() {
            if (responsesKnown) return;
            if (response.length < n) {
                response = new double[component.length];
                firstWindow = new double[component.length];
                bound = new double[component.length];
                level = new double[component.length];
            }
            for (int i = 0; i < n; i++) {
                if (Double.isInfinite(deadline[i])) continue;
                double ui = wcet[i] / period[i];
                double a = wcet[i] + ui * jitter[i], l = ui;
                for (int j = 0; j < n; j++) {
                    if (!delays(this, j, i)) continue;
                    double uj = wcet[j] / period[j];
                    a += wcet[j] + uj * jitter[j];
                    l += uj;
                }
                bound[i] = a;
                level[i] = l;
                response[i] = Schedulability.response(this, i, 0);
                firstWindow[i] = lastFirstWindow;
            }
            responsesKnown = true;
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
