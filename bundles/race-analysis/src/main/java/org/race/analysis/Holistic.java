package org.race.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Holistic analysis across nodes (Tindell and Clark 1994; in the form MAST implements it, with best-case
 * arrivals, Palencia, Gutierrez and Gonzalez Harbour 1997): a task arrives when the last of its inputs
 * does, its jitter is the spread of that arrival, its response is its worst arrival plus its local
 * response on its node; repeated until no response changes. Responses only grow from one round to the
 * next, so the iteration reaches the least fixed point or passes the cut-off, which makes it unbounded.
 */
final class Holistic {
    /** Rounds before a still-growing system is declared unbounded (jitter feeding back through the nodes). */
    static final int MAX_ROUNDS = 1000;

    private final List<Task> tasks;
    private final Map<Task, List<Task>> ahead = new HashMap<>();
    private final double cutoffMs;

    /** {@code tasks} with every task after its inputs. */
    Holistic(List<Task> tasks) {
        this.tasks = tasks;
        double longest = 1;
        for (Task i : tasks) {
            List<Task> hp = new ArrayList<>();
            for (Task j : tasks) if (i.delayedBy(j)) hp.add(j);
            ahead.put(i, hp);
            longest = Math.max(longest, i.periodMs);
        }
        // responses this long are a system feeding its own jitter, not a schedule
        this.cutoffMs = 1000 * longest;
    }

    List<Task> ahead(Task t) {
        return ahead.get(t);
    }

    void run() {
        for (Task t : tasks) {
            t.arrival = t.bestArrival = 0;
            t.response = t.wcetMs;
            t.bestResponse = t.bcetMs;
        }
        for (int round = 0; round < MAX_ROUNDS; round++) {
            boolean changed = false;
            for (Task t : tasks) {
                arrive(t);
                BusyWindow.Local local = BusyWindow.of(t, ahead.get(t));
                double r = t.arrival + local.responseMs();
                if (r > cutoffMs) r = Double.POSITIVE_INFINITY;
                if (r != t.response) {
                    changed = true;
                    t.response = r;
                }
                t.window = local.windowMs();
            }
            if (!changed) return;
        }
        for (Task t : tasks) t.response = Double.POSITIVE_INFINITY; // never settled
    }

    private static void arrive(Task t) {
        double worst = 0, best = 0;
        for (Task.Input in : t.inputs) {
            worst = Math.max(worst, in.from().response + in.delayMs());
            best = Math.max(best, in.from().bestResponse + in.delayMs());
        }
        t.arrival = worst;
        t.bestArrival = best;
        t.bestResponse = best + t.bcetMs;
    }
}
