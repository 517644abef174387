package org.race.platform.jvm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.race.api.component.Job;

/** One job of a typed component as its code sees it: the iteration's inputs in, what it emits collected per successor. */
final class Emitted implements Job {
    private final long iteration;
    private final Map<String, byte[]> inputs;
    private final List<String> successors;
    private final Map<String, byte[]> emitted = new LinkedHashMap<>();

    Emitted(long iteration, Map<String, byte[]> inputs, List<String> successors) {
        this.iteration = iteration;
        this.inputs = java.util.Collections.unmodifiableMap(inputs);
        this.successors = successors;
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
        if (!successors.contains(successor)) {
            throw new IllegalArgumentException("'" + successor + "' is not a successor (successors: " + (successors.isEmpty() ? "none" : String.join(", ", successors)) + ")");
        }
        if (emitted.putIfAbsent(successor, payload) != null) throw new IllegalStateException("already emitted to '" + successor + "' in this job");
    }

    @Override
    public void emitAll(byte[] payload) {
        for (String s : successors) emit(s, payload);
    }

    Map<String, byte[]> emitted() {
        return emitted;
    }
}
