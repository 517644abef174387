package org.race.example.echo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.race.api.component.ComponentContext;
import org.race.api.component.ComponentInstance;
import org.race.api.component.Job;

/** Echo's jobs, called as the platform calls them. */
class EchoTest {
    private record Context(List<String> predecessors, List<String> successors, Map<String, String> properties) implements ComponentContext {
        public String application() {
            return "app";
        }

        public String component() {
            return "e";
        }

        public String node() {
            return "n1";
        }
    }

    /** A job's inputs and what it emitted. */
    private static final class Recorded implements Job {
        final long iteration;
        final Map<String, byte[]> inputs;
        final Map<String, byte[]> out = new LinkedHashMap<>();
        final List<String> successors;

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

    private static Recorded run(ComponentInstance echo, long iteration, Map<String, byte[]> inputs, List<String> successors) throws Exception {
        Recorded j = new Recorded(iteration, inputs, successors);
        echo.job(j);
        return j;
    }

    @Test
    void aSourceEmitsItsIterationInPayloadBytesAndAMiddleOneForwardsItUnchanged() throws Exception {
        ComponentInstance source = new Echo().activate(new Context(List.of(), List.of("m"), Map.of("payloadBytes", "100")));
        byte[] p = run(source, 7, Map.of(), List.of("m")).out.get("m");
        assertEquals(100, p.length);
        assertEquals(7, Payloads.iterationOf(p));
        ComponentInstance middle = new Echo().activate(new Context(List.of("s"), List.of("a", "b"), Map.of("check", "true")));
        Recorded r = run(middle, 7, Map.of("s", p), List.of("a", "b"));
        assertEquals(List.of("a", "b"), List.copyOf(r.out.keySet()));
        r.out.values().forEach(x -> assertArrayEquals(p, x));
        assertEquals(1024, run(new Echo().activate(new Context(List.of(), List.of("m"), Map.of())), 0, Map.of(), List.of("m")).out.get("m").length);
    }

    @Test
    void aCheckingEchoRefusesAChangedALateOrAnotherIterationsPayload() throws Exception {
        ComponentInstance sink = new Echo().activate(new Context(List.of("s"), List.of(), Map.of("check", "true")));
        run(sink, 3, Map.of("s", Payloads.make(3, 64)), List.of());
        byte[] changed = Payloads.make(4, 64);
        changed[40]++;
        assertTrue(assertThrows(IllegalStateException.class, () -> run(sink, 4, Map.of("s", changed), List.of())).getMessage().contains("changed at byte 40"));
        assertThrows(IllegalStateException.class, () -> run(sink, 2, Map.of("s", Payloads.make(2, 64)), List.of()), "an iteration before the last");
        assertTrue(assertThrows(IllegalStateException.class, () -> run(sink, 5, Map.of("s", Payloads.make(8, 64)), List.of())).getMessage()
                .contains("payload of iteration 8 from s in iteration 5"));
        assertThrows(IllegalStateException.class, () -> run(sink, 6, Map.of(), List.of()), "nothing from s");
        assertTrue(assertThrows(IllegalStateException.class, () -> run(sink, 8, Map.of("s", Payloads.make(8, 64)), List.of())).getMessage()
                .contains("iteration 8 after 6: one lost or run twice"));
        run(sink, 9, Map.of("s", Payloads.make(9, 64)), List.of()); // a gap is reported once, then the count goes on from 8
    }

    @Test
    void failEveryMakesEveryNthJobThrow() throws Exception {
        ComponentInstance f = new Echo().activate(new Context(List.of(), List.of("m"), Map.of("failEvery", "3")));
        int failed = 0;
        for (long i = 0; i < 9; i++) {
            try {
                run(f, i, Map.of(), List.of("m"));
            } catch (IllegalStateException e) {
                failed++;
            }
        }
        assertEquals(3, failed);
    }

    @Test
    void spinMicrosBurnsCpu() throws Exception {
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        ComponentInstance e = new Echo().activate(new Context(List.of(), List.of("m"), Map.of("spinMicros", "3000")));
        long c0 = mx.getCurrentThreadCpuTime();
        run(e, 0, Map.of(), List.of("m"));
        assertTrue(mx.getCurrentThreadCpuTime() - c0 >= 3_000_000);
    }
}
