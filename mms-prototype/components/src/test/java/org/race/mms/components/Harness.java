package org.race.mms.components;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.race.api.component.ComponentContext;
import org.race.api.component.ComponentInstance;
import org.race.api.component.ComponentType;
import org.race.api.component.Job;

/** Calls the types as the platform does: one instance per component, jobs with the predecessor's payload. */
final class Harness {
    record Context(String application, String component, String node, Map<String, String> properties, List<String> predecessors,
            List<String> successors) implements ComponentContext {
    }

    /** A job's input and what it emitted. */
    static final class Recorded implements Job {
        final long iteration;
        final Map<String, byte[]> inputs;
        final List<String> successors;
        final Map<String, byte[]> out = new LinkedHashMap<>();

        Recorded(long iteration, Map<String, byte[]> inputs, List<String> successors) {
            this.iteration = iteration;
            this.inputs = inputs;
            this.successors = successors;
        }

        public long iteration() {
            return iteration;
        }

        public Map<String, byte[]> inputs() {
            return inputs;
        }

        public void emit(String successor, byte[] payload) {
            out.put(successor, payload);
        }

        public void emitAll(byte[] payload) {
            successors.forEach(s -> emit(s, payload));
        }
    }

    /** An instance of {@code type} as component {@code name} of app "science1" on sc1, between {@code from} and {@code to} (null: none). */
    static ComponentInstance instance(ComponentType type, String from, String name, String to, Map<String, String> properties) throws Exception {
        return type.activate(new Context("science1", name, "sc1", properties, from == null ? List.of() : List.of(from), to == null ? List.of() : List.of(to)));
    }

    /** One job of {@code instance} (component between {@code from} and {@code to}) on {@code input}; what it emitted to {@code to}. */
    static byte[] job(ComponentInstance instance, long iteration, String from, byte[] input, String to) throws Exception {
        Recorded j = new Recorded(iteration, from == null ? Map.of() : Map.of(from, input), to == null ? List.of() : List.of(to));
        instance.job(j);
        return to == null ? null : j.out.get(to);
    }

    private Harness() {
    }
}
