package org.race.fanout;

import java.util.ArrayDeque;
import java.util.List;

import org.race.api.monitoring.DelayStats;

/** The last delays (monitoring or actuation), wall clock: a bounded window, so the statistics follow the current load. */
public final class DelayHistory {
    /** Enough periods for a stable 99th percentile. */
    public static final int DEFAULT_CAPACITY = 1000;

    private final int capacity;
    private final ArrayDeque<Long> nanos = new ArrayDeque<>();

    public DelayHistory() {
        this(DEFAULT_CAPACITY);
    }

    public DelayHistory(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        this.capacity = capacity;
    }

    /** Adds a delay, dropping the oldest when full. */
    public synchronized void record(long delayNanos) {
        if (nanos.size() == capacity) nanos.removeFirst();
        nanos.addLast(delayNanos);
    }

    public synchronized DelayStats stats() {
        return DelayStats.of(List.copyOf(nanos));
    }
}
