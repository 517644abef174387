package org.race.analysis;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Holistic analysis across nodes (Tindell and Clark 1994; in the form MAST implements it, with best-case
 * arrivals, Palencia, Gutierrez and Gonzalez Harbour 1997): a task arrives when the last of its inputs
 * does, its jitter is the spread of that arrival, its response is its worst arrival plus its local
 * response on its node; repeated until no response changes. Responses only grow from one round to the
 * next, so the iteration reaches the least fixed point or passes the cut-off, which makes it unbounded.
 *
 * <p>Precedence inside an application: while an application's iterations do not overlap (its bound is
 * within its period), a component never waits for one before or after it on its own paths (the same
 * iteration's runs before or after it, the neighbouring iterations' are done or not yet released). So
 * they are left out of each other's interference, assumed for every application first and verified by
 * the result: an application whose bound exceeds its period is analysed again with them in (the
 * independent-jobs view, safe whatever overlaps), until no assumption is refuted.
 */
final class Holistic {
    /** Rounds before a still-growing system is declared unbounded (jitter feeding back through the nodes). */
    static final int MAX_ROUNDS = 1000;
    /**
     * A response past this many longest periods or deadlines is unbounded: ten times any deadline misses it
     * whatever the exact figure, and what is still growing there is jitter feeding back through the nodes,
     * whose busy periods would run to thousands of jobs before the iteration settled or gave up.
     */
    static final double CUTOFF = 10;

    private final List<Task> tasks;
    private final Map<Task, Ahead> ahead = new HashMap<>();
    /** Applications whose iterations may overlap: their own components interfere with each other. */
    private final Set<String> overlapping = new HashSet<>();
    private final double cutoffMs;
    /** Fixed-point iterations of every window and busy period so far: the analysis's work. */
    private long steps;

    /** {@code tasks} with every task after its inputs. */
    Holistic(List<Task> tasks) {
        this(tasks, true);
    }

    /** {@code precedence} false: every application's components interfere as independent jobs, as in MAST's holistic analysis. */
    Holistic(List<Task> tasks, boolean precedence) {
        this.tasks = tasks;
        if (!precedence) tasks.forEach(t -> overlapping.add(t.application));
        double longest = 1;
        for (Task i : tasks) longest = Math.max(longest, Math.max(i.periodMs, i.deadlineMs));
        this.cutoffMs = CUTOFF * longest;
    }

    private void interferers() {
        // only a task's node can delay it: by node, not every pair (10,000 components are 10^8 pairs)
        Map<String, List<Task>> byNode = new HashMap<>();
        for (Task t : tasks) byNode.computeIfAbsent(t.node, n -> new ArrayList<>()).add(t);
        Map<List<Object>, Task[]> runs = new HashMap<>();
        for (Task i : tasks) {
            // every task of i's priority and period is delayed by the same run of its node's tasks
            Task[] run = runs.computeIfAbsent(List.of(i.node, i.priority, i.periodMs),
                    key -> byNode.get(i.node).stream().filter(j -> j == i || i.delayedBy(j)).toArray(Task[]::new));
            boolean ownInterfere = overlapping.contains(i.application);
            BitSet skip = new BitSet(run.length);
            for (int k = 0; k < run.length; k++) if (run[k] == i || !ownInterfere && i.chained(run[k])) skip.set(k);
            ahead.put(i, new Ahead(run, skip));
        }
    }

    Collection<Task> ahead(Task t) {
        return ahead.get(t);
    }

    long steps() {
        return steps;
    }

    void run() {
        for (Task t : tasks) {
            t.arrival = t.bestArrival = 0;
            t.response = t.wcetMs;
            t.bestResponse = t.bcetMs;
            t.busyJitters = null;
        }
        while (true) {
            interferers();
            iterate();
            Set<String> refuted = new HashSet<>();
            for (Task t : tasks) if (t.sink && !(t.response <= t.periodMs) && !overlapping.contains(t.application)) refuted.add(t.application);
            if (refuted.isEmpty()) return;
            overlapping.addAll(refuted);
        }
    }

    /**
     * Rounds until no response changes, from where the last pass ended: a pass with more interferers only
     * raises every response, so the last pass's responses lie below this one's least fixed point and the
     * iteration from them ends on it, as from scratch.
     */
    private void iterate() {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            boolean changed = false;
            for (Task t : tasks) {
                arrive(t);
                BusyWindow.Local local = BusyWindow.of(t, ahead.get(t), cutoffMs);
                steps += local.steps();
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
