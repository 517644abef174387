package org.race.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.race.api.NodeCalls;
import org.race.api.RoleProperties;

class FanOutTest {
    /** Records what the fan-out reports; the bound is all it needs from a real NodeCalls. */
    static final class RecordingCalls implements NodeCalls {
        final long timeoutMs;
        final List<String> reports = new ArrayList<>();

        RecordingCalls(long timeoutMs) {
            this.timeoutMs = timeoutMs;
        }

        @Override
        public long timeoutMs() {
            return timeoutMs;
        }

        @Override
        public <T> T call(Map<String, Object> service, String what, Callable<T> call) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <T> T callOnce(Map<String, Object> service, String what, Callable<T> call) {
            throw new UnsupportedOperationException();
        }

        @Override
        public synchronized void answered(Map<String, Object> service) {
            reports.add("answered " + service.get(RoleProperties.NODE));
        }

        @Override
        public synchronized void timedOut(Map<String, Object> service, String what) {
            reports.add("timedOut " + service.get(RoleProperties.NODE) + " " + what);
        }

        @Override
        public boolean failed(String node) {
            return false;
        }

        @Override
        public void rejoined(String node) {
        }
    }

    private final FanOut fanOut = new FanOut("test-fan-out");

    @AfterEach
    void close() {
        fanOut.close();
    }

    /** A service imported from a node container: its call is bounded. */
    private static Map<String, Object> service(String node) {
        return Map.of(RoleProperties.NODE, node, FanOut.IMPORTED, "true");
    }

    /** A service of this JVM: called directly, unbounded, as NodeCalls calls it. */
    private static Map<String, Object> local(String node) {
        return Map.of(RoleProperties.NODE, node);
    }

    @Test
    void everyAnswerInTheOrderOfTheCallsAndReportedAnswered() {
        fanOut.threads(4);
        RecordingCalls calls = new RecordingCalls(1000);
        Map<String, FanOut.Call<String>> sent = new LinkedHashMap<>();
        for (String n : List.of("b", "a", "c")) sent.put(n, new FanOut.Call<>(service(n), () -> "from " + n));
        Map<String, FanOut.Outcome<String>> out = fanOut.callAll(calls, "sample", sent);
        assertEquals(List.of("b", "a", "c"), List.copyOf(out.keySet()));
        assertEquals(new FanOut.Answered<>("from a"), out.get("a"));
        assertEquals(List.of("answered b", "answered a", "answered c"), calls.reports);
    }

    @Test
    void slowNodesShareOneDeadlineAreCancelledAndCountAsTimeouts() throws Exception {
        fanOut.threads(4);
        RecordingCalls calls = new RecordingCalls(300);
        CountDownLatch interrupted = new CountDownLatch(3);
        Callable<String> hang = () -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return "late";
        };
        Map<String, FanOut.Call<String>> sent = new LinkedHashMap<>();
        sent.put("slow1", new FanOut.Call<>(service("slow1"), hang));
        sent.put("fast", new FanOut.Call<>(service("fast"), () -> "ok"));
        sent.put("slow2", new FanOut.Call<>(service("slow2"), hang));
        sent.put("slow3", new FanOut.Call<>(service("slow3"), hang));
        long start = System.nanoTime();
        Map<String, FanOut.Outcome<String>> out = fanOut.callAll(calls, "apply", sent);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(ms >= 290 && ms < 900, "one deadline of 300 ms for three slow nodes, took " + ms + " ms");
        assertEquals(new FanOut.TimedOut<>(300), out.get("slow1"));
        assertEquals(new FanOut.TimedOut<>(300), out.get("slow3"));
        assertEquals(new FanOut.Answered<>("ok"), out.get("fast"));
        assertEquals(List.of("timedOut slow1 apply", "answered fast", "timedOut slow2 apply", "timedOut slow3 apply"), calls.reports);
        assertTrue(interrupted.await(5, TimeUnit.SECONDS), "abandoned calls are interrupted");
    }

    @Test
    void aFailingCallIsNeitherAnAnswerNorATimeout() {
        RecordingCalls calls = new RecordingCalls(1000);
        IllegalStateException boom = new IllegalStateException("boom");
        Map<String, FanOut.Call<String>> sent = new LinkedHashMap<>();
        sent.put("bad", new FanOut.Call<>(service("bad"), () -> {
            throw boom;
        }));
        FanOut.Outcome<String> out = fanOut.callAll(calls, "sample", sent).get("bad");
        assertEquals(boom, assertInstanceOf(FanOut.Failed.class, out).error(), "the call's own exception, not wrapped");
        assertEquals(List.of(), calls.reports);
    }

    @Test
    void resizedWhileInUseAndBothWays() {
        RecordingCalls calls = new RecordingCalls(2000);
        fanOut.threads(8);
        fanOut.threads(2);
        fanOut.threads(0); // at least one thread
        Map<String, FanOut.Call<Integer>> sent = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) sent.put("n" + i, new FanOut.Call<>(service("n" + i), () -> 1));
        assertEquals(5, fanOut.callAll(calls, "sample", sent).values().stream().filter(o -> o instanceof FanOut.Answered).count());
    }

    /** Quick in-process calls are all made on the calling thread: no other thread to wake up, even after one long round. */
    @Test
    void quickInProcessCallsAreMadeOnTheCallingThread() {
        RecordingCalls calls = new RecordingCalls(1000);
        Map<String, FanOut.Call<String>> sent = new LinkedHashMap<>();
        for (String n : List.of("a", "b", "c", "d", "e", "f")) sent.put(n, new FanOut.Call<>(local(n), () -> Thread.currentThread().getName()));
        Map<String, FanOut.Call<Object>> once = Map.of("slow", new FanOut.Call<>(local("slow"), () -> {
            Thread.sleep(1 + FanOut.SHARE_ABOVE_MICROS / 1000); // say, preempted
            return null;
        }));
        for (int round = 0; round < FanOut.ROUNDS - 1; round++) fanOut.callAll(calls, "sample", sent);
        fanOut.callAll(calls, "sample", once);
        for (int round = 0; round < 3; round++) {
            Map<String, FanOut.Outcome<String>> out = fanOut.callAll(calls, "sample", sent);
            assertEquals(6, out.values().stream().filter(o -> o.equals(new FanOut.Answered<>(Thread.currentThread().getName()))).count(), out.toString());
        }
    }

    /**
     * Once a round of in-process calls takes longer than waking a thread costs, they are shared out between the
     * calling thread and a helper: the calling thread makes some itself, and two are in flight at once (each
     * waits for the other).
     */
    @Test
    void longerInProcessCallsRunOnTheCallingThreadAndAHelperAtOnce() {
        RecordingCalls calls = new RecordingCalls(1000);
        Map<String, FanOut.Call<Object>> slow = new LinkedHashMap<>();
        for (String n : List.of("a", "b")) {
            slow.put(n, new FanOut.Call<>(local(n), () -> {
                Thread.sleep(1 + FanOut.SHARE_ABOVE_MICROS / 1000);
                return n;
            }));
        }
        for (int round = 0; round < FanOut.ROUNDS; round++) fanOut.callAll(calls, "sample", slow); // consistently longer
        CountDownLatch both = new CountDownLatch(2);
        List<String> threads = java.util.Collections.synchronizedList(new ArrayList<>());
        Map<String, FanOut.Call<Boolean>> sent = new LinkedHashMap<>();
        for (String n : List.of("a", "b", "c", "d")) {
            sent.put(n, new FanOut.Call<>(local(n), () -> {
                threads.add(Thread.currentThread().getName());
                both.countDown();
                return both.await(5, TimeUnit.SECONDS);
            }));
        }
        Map<String, FanOut.Outcome<Boolean>> out = fanOut.callAll(calls, "sample", sent);
        assertEquals(4, out.values().stream().filter(o -> o.equals(new FanOut.Answered<>(true))).count(), out.toString());
        assertTrue(threads.contains(Thread.currentThread().getName()), "the calling thread made some itself: " + threads);
        assertTrue(threads.contains("test-fan-out"), "a helper made some: " + threads);
    }

    /** An in-process call is not abandoned at the bound: NodeCalls calls this JVM's services directly. */
    @Test
    void aSlowInProcessCallIsWaitedFor() {
        RecordingCalls calls = new RecordingCalls(100);
        Map<String, FanOut.Call<String>> sent = new LinkedHashMap<>();
        sent.put("slow", new FanOut.Call<>(local("slow"), () -> {
            Thread.sleep(300);
            return "late but here";
        }));
        sent.put("fast", new FanOut.Call<>(local("fast"), () -> "ok"));
        Map<String, FanOut.Outcome<String>> out = fanOut.callAll(calls, "sample", sent);
        assertEquals(new FanOut.Answered<>("late but here"), out.get("slow"));
        assertEquals(new FanOut.Answered<>("ok"), out.get("fast"));
        assertEquals(List.of("answered slow", "answered fast"), calls.reports);
    }

    /** The threads are there before the first round, so that it does not pay for starting them. */
    @Test
    void threadsAreStartedUpFront() {
        FanOut other = new FanOut("fan-out-started-up-front");
        try {
            other.threads(3);
            long started = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("fan-out-started-up-front")).count();
            assertEquals(3, started);
        } finally {
            other.close();
        }
    }

    @Test
    void delayHistoryKeepsTheLastDelays() {
        DelayHistory h = new DelayHistory(3);
        assertEquals(0, h.stats().samples());
        for (long ms : new long[] { 50, 1, 2, 3 }) h.record(TimeUnit.MILLISECONDS.toNanos(ms));
        assertEquals(3, h.stats().samples());
        assertEquals(3.0, h.stats().maxMs(), "the oldest (50 ms) dropped");
        assertEquals(3.0, h.stats().lastMs());
        assertEquals(2.0, h.stats().medianMs());
    }
}
