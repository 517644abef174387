package org.race.platform.jvm;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.race.api.component.Job;

/**
 * One job of a typed component as its code sees it: the iteration's inputs in, what it emits collected
 * per successor. A payload beyond its connection's limit is refused here, wherever the successor runs,
 * so that what an application may emit does not change when it is placed again.
 */
final class Emitted implements Job {
    private final long iteration;
    private final Map<String, byte[]> inputs;
    private final Worker.Instance instance;
    private final Map<String, byte[]> emitted = new LinkedHashMap<>();
    private IllegalArgumentException refused;

    Emitted(long iteration, Map<String, byte[]> inputs, Worker.Instance instance) {
        this.iteration = iteration;
        this.inputs = Collections.unmodifiableMap(inputs);
        this.instance = instance;
    }

    @Override
    public long iteration() {
        return iteration;
    }

    @Override
    public Map<String, byte[]> inputs() {
        return inputs;
    }

    @Override
    public void emit(String successor, byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        List<String> successors = instance.successors();
        int i = successors.indexOf(successor);
        if (i < 0) {
            throw new IllegalArgumentException("'" + successor + "' is not a successor (successors: " + (successors.isEmpty() ? "none" : String.join(", ", successors)) + ")");
        }
        int limit = instance.payloadLimits()[i];
        if (payload.length > limit) {
            IllegalArgumentException e = new IllegalArgumentException("payload of " + payload.length + " bytes refused: connection "
                    + instance.context().component() + " -> " + successor + " of " + instance.context().application() + " carries at most " + limit
                    + " bytes (maxPayloadBytes)");
            if (refused == null) refused = e;
            throw e;
        }
        if (emitted.putIfAbsent(successor, payload) != null) throw new IllegalStateException("already emitted to '" + successor + "' in this job");
    }

    @Override
    public void emitAll(byte[] payload) {
        for (String s : instance.successors()) emit(s, payload);
    }

    Map<String, byte[]> emitted() {
        return emitted;
    }

    /** The first payload refused for its size in this job, or null. */
    IllegalArgumentException refused() {
        return refused;
    }
}
