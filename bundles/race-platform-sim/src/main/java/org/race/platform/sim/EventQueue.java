package org.race.platform.sim;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantLock;

import org.race.node.platform.Run;

/**
 * Virtual time (µs) and the events waiting for it. Events run in time order; at equal times the
 * model's events, then deadline checks, then clock tasks (which so see all of {@code now}), each in
 * the order they were pushed. An event owned by a run is dropped when the run is no longer in the
 * generation it was pushed in.
 *
 * <p>The model's events run holding the world's {@code state} lock, which also guards every other
 * method; {@code advance} serialises the threads that move time forward. Clock tasks (the control
 * loop) run holding only {@code advance}, so they may call into the nodes, from other threads too.
 */
final class EventQueue {
    static final int MODEL = 0, DEADLINE = 1, CLOCK = 2;

    private final Object state;
    private final ReentrantLock advance = new ReentrantLock();
    private final PriorityQueue<Event> queue = new PriorityQueue<>(
            Comparator.comparingLong((Event e) -> e.time).thenComparingInt(e -> e.phase).thenComparingLong(e -> e.seq));
    private long seq;
    /** Written under {@code state}; volatile, so that a monitor reads it without (see SimWorld). */
    private volatile long now;

    EventQueue(Object state) {
        this.state = state;
    }

    /** Under {@code state}, or, a moment old, without it. */
    long now() {
        return now;
    }

    /** The next number of the one sequence events and jobs are ordered by; under {@code state}. */
    long nextSeq() {
        return seq++;
    }

    /** Run {@code action} at {@code time} in {@code phase} unless {@code owner} (if any) has moved on; under {@code state}. */
    void push(long time, int phase, Run owner, Runnable action) {
        Event e = new Event(time, phase, action, null);
        e.owner = owner;
        if (owner != null) e.generation = owner.generation();
        add(e);
    }

    private void add(Event e) {
        e.seq = seq++;
        queue.add(e);
    }

    /** Run every event up to {@code target} (µs); clock tasks run outside the state lock. */
    void advanceTo(long target) {
        advance.lock();
        try {
            while (true) {
                Runnable external;
                synchronized (state) {
                    Event e = queue.peek();
                    if (e == null || e.time > target) {
                        if (target > now) now = target;
                        return;
                    }
                    queue.poll();
                    now = e.time;
                    if (e.owner != null && !e.owner.current(e.generation)) continue;
                    if (e.external == null) {
                        e.action.run();
                        continue;
                    }
                    external = e.external;
                }
                external.run();
            }
        } finally {
            advance.unlock();
        }
    }

    /** A periodic clock task; returns a handle whose close stops it. */
    AutoCloseable schedule(long periodUs, Runnable task) {
        if (periodUs <= 0) throw new IllegalArgumentException("period must be > 0");
        ClockTask t = new ClockTask(periodUs, task);
        synchronized (state) {
            t.arm(now + periodUs);
        }
        return () -> {
            synchronized (state) {
                t.cancelled = true;
            }
        };
    }

    private final class ClockTask {
        final long periodUs;
        final Runnable task;
        boolean cancelled;

        ClockTask(long periodUs, Runnable task) {
            this.periodUs = periodUs;
            this.task = task;
        }

        void arm(long at) {
            add(new Event(at, CLOCK, null, () -> {
                synchronized (state) {
                    if (cancelled) return;
                    arm(now + periodUs);
                }
                task.run();
            }));
        }
    }

    private static final class Event {
        final long time;
        final int phase;
        long seq;
        final Runnable action;
        final Runnable external;
        Run owner;
        long generation;

        Event(long time, int phase, Runnable action, Runnable external) {
            this.time = time;
            this.phase = phase;
            this.action = action;
            this.external = external;
        }
    }
}
