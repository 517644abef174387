package org.race.node.platform;

import java.util.HashMap;
import java.util.Map;

/** One release of an application's sources and everything it sets off, until its sinks complete. */
public final class Iteration {
    final long id;
    /** In the platform's ticks. */
    final long released;
    /** Predecessor outputs each component still waits for. */
    final Map<String, Integer> waiting;
    int sinksLeft;
    /** Jobs of it still to finish on the nodes hosted here. */
    int localLeft;
    /** Release to the last sink's end so far. */
    long latency;
    boolean done;

    Iteration(long id, long released, AppGraph graph) {
        this.id = id;
        this.released = released;
        this.waiting = new HashMap<>(graph.predecessors);
        this.sinksLeft = graph.sinks;
        this.localLeft = graph.localComponents;
    }

    /** Counted from 0 per deployment of the application: what a component's job is told. */
    public long id() {
        return id;
    }

    public long released() {
        return released;
    }
}
