package org.race.analysis;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * One component as the analysis sees it: a job released once per period of its application, on one
 * node, at one priority, with its worst and best execution times there; and what the holistic iteration
 * has found so far (arrivals and responses measured from the iteration's release).
 */
final class Task {
    /** A predecessor and the delay of its output to this task (0 on the same node). */
    record Input(Task from, double delayMs) {
    }

    final String application, name, node;
    final int priority;
    final double periodMs, deadlineMs, wcetMs, bcetMs;
    final List<Input> inputs = new ArrayList<>();
    /**
     * Filled by the model: the plan this task belongs to, its place in that plan's order, and the places of the
     * components before it on its paths. A set of tasks per task would hold n^2 entries for one chain of n.
     */
    Object plan;
    int order;
    final BitSet before = new BitSet();
    boolean sink = true;

    /** Worst and best arrival (all inputs in), worst and best response. */
    double arrival, bestArrival, response, bestResponse;
    /** The interference met in the worst case (the busy window and the instance that gave {@link #response}). */
    double window;

    /**
     * The level-i busy period last found and the jitters it was found with (this task's, then those ahead
     * of it): a lower start for the next one while no jitter has shrunk (see {@link BusyWindow}).
     */
    double busyMs;
    double[] busyJitters;

    Task(String application, String name, String node, int priority, double periodMs, double deadlineMs, double wcetMs, double bcetMs) {
        this.application = application;
        this.name = name;
        this.node = node;
        this.priority = priority;
        this.periodMs = periodMs;
        this.deadlineMs = deadlineMs;
        this.wcetMs = wcetMs;
        this.bcetMs = bcetMs;
        this.response = wcetMs;
        this.bestResponse = bcetMs;
    }

    /** Release jitter as others on the node see it: the spread of its arrival. */
    double jitter() {
        return arrival - bestArrival;
    }

    /**
     * Whether {@code other} can delay this task on their node: the platforms order jobs by priority, then
     * shorter period, then arrival; jobs equal in the first two keys interfere both ways (FIFO).
     */
    boolean delayedBy(Task other) {
        if (other == this || !other.node.equals(node)) return false;
        if (other.priority != priority) return other.priority > priority;
        return other.periodMs <= periodMs;
    }

    /** Whether {@code other} is of the same application and before or after this task on one of its paths. */
    boolean chained(Task other) {
        return other.plan == plan && other != this && (before.get(other.order) || other.before.get(order));
    }

    String id() {
        return application + "/" + name;
    }
}
