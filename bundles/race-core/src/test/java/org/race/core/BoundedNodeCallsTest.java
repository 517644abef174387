package org.race.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;
import org.race.api.NodeFailureListener;
import org.race.api.NodeNotAnsweringException;
import org.race.api.RoleProperties;

/** The retry and timeout policy of calls to nodes' services, with calls that hang like a node container stopped with SIGSTOP. */
class BoundedNodeCallsTest {
    static final Map<String, Object> SC2 = Map.of(RoleProperties.NODE, "sc2", BoundedNodeCalls.IMPORTED, "true");
    static final Map<String, Object> LOCAL = Map.of(RoleProperties.NODE, "sc1");

    private final BoundedNodeCalls calls = new BoundedNodeCalls();
    private final BlockingQueue<String> failures = new LinkedBlockingQueue<>();
    /** Counted down by each try that the bound abandoned. */
    private final CountDownLatch abandoned = new CountDownLatch(3);

    BoundedNodeCallsTest() {
        calls.configure(config(500, 3));
        calls.listeners = List.of(served((node, reason) -> failures.add(node + ": " + reason)));
    }

    @AfterEach
    void stop() {
        calls.deactivate();
    }

    /** A listener as DS hands it to NodeCalls. */
    static ComponentServiceObjects<NodeFailureListener> served(NodeFailureListener listener) {
        return new ComponentServiceObjects<>() {
            public NodeFailureListener getService() {
                return listener;
            }

            public void ungetService(NodeFailureListener service) {
            }

            public ServiceReference<NodeFailureListener> getServiceReference() {
                return null;
            }
        };
    }

    static BoundedNodeCalls.Config config(long timeoutMs, int attempts) {
        return new BoundedNodeCalls.Config() {
            public Class<? extends Annotation> annotationType() {
                return BoundedNodeCalls.Config.class;
            }

            public long timeoutMs() {
                return timeoutMs;
            }

            public int attempts() {
                return attempts;
            }
        };
    }

    /** Answers {@code answer}, after hanging on the first {@code hangs} tries until interrupted. */
    private java.util.concurrent.Callable<String> answering(String answer, int hangs, AtomicInteger tries) {
        return () -> {
            if (tries.incrementAndGet() <= hangs) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    abandoned.countDown();
                }
                return "too late";
            }
            return answer;
        };
    }

    /** Never answers in time. */
    private java.util.concurrent.Callable<String> hanging(AtomicInteger tries) {
        return answering("never", Integer.MAX_VALUE, tries);
    }

    @Test
    void aRemoteCallThatAnswersInTimeReturnsItsAnswer() {
        AtomicInteger tries = new AtomicInteger();
        assertEquals("ok", calls.call(SC2, "applications", answering("ok", 0, tries)));
        assertEquals(1, tries.get());
        assertFalse(calls.failed("sc2"));
    }

    /** A local service runs in the caller's thread without a bound: it cannot hang apart from its caller. */
    @Test
    void aLocalCallRunsDirectlyAndNeverCounts() {
        Thread caller = Thread.currentThread();
        assertEquals("slow but here", calls.callOnce(LOCAL, "deploy", () -> {
            assertSame(caller, Thread.currentThread());
            Thread.sleep(250);
            return "slow but here";
        }));
        for (int i = 0; i < 5; i++) calls.timedOut(LOCAL, "sample");
        assertFalse(calls.failed("sc1"));
    }

    @Test
    void aTimedOutCallIsTriedAgainAndItsThreadFreed() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        assertEquals("ok", calls.call(SC2, "update app", answering("ok", 2, tries)));
        assertEquals(3, tries.get());
        assertFalse(calls.failed("sc2"), "the third try answered");
        assertTrue(waitFor(() -> abandoned.getCount() == 1), "the two abandoned tries were interrupted");
        // the answer set the count back: two more timeouts do not fail the node
        calls.timedOut(SC2, "sample");
        calls.timedOut(SC2, "sample");
        assertFalse(calls.failed("sc2"));
    }

    @Test
    void aCallThatNeverAnswersIsTriedAttemptsTimesThenTheNodeFails() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        NodeNotAnsweringException e = assertThrows(NodeNotAnsweringException.class,
                () -> calls.call(SC2, "undeploy app", hanging(tries)));
        assertEquals("node sc2 not answering: 3 calls timed out after 500 ms", e.getMessage());
        assertEquals("sc2", e.node());
        assertEquals(3, tries.get());
        assertTrue(calls.failed("sc2"));
        assertEquals("sc2: 3 calls timed out after 500 ms", failures.poll(5, TimeUnit.SECONDS));
        // a failed node's further timeouts tell nobody again
        calls.timedOut(SC2, "sample");
        assertThrows(NodeNotAnsweringException.class, () -> calls.call(SC2, "applications", hanging(tries)));
        assertEquals(4, tries.get(), "a failed node gets one try");
        assertNull(failures.poll(300, TimeUnit.MILLISECONDS));
    }

    /** callOnce tries once; timeouts from every caller count in a row, an answer resets them, and rejoined clears a failure. */
    @Test
    void timeoutsCountInARowAcrossCallersUntilTheNodeFailsAndRejoins() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        NodeNotAnsweringException e = assertThrows(NodeNotAnsweringException.class,
                () -> calls.callOnce(SC2, "deploy app", hanging(tries)));
        assertEquals("node sc2 not answering: deploy app timed out after 500 ms", e.getMessage());
        assertEquals(1, tries.get());
        calls.timedOut(SC2, "sample");
        calls.answered(SC2);
        calls.timedOut(SC2, "sample");
        calls.timedOut(SC2, "apply");
        assertFalse(calls.failed("sc2"), "2 in a row since the answer");
        calls.timedOut(SC2, "sample");
        assertTrue(calls.failed("sc2"));
        assertEquals("sc2: 3 calls timed out after 500 ms", failures.poll(5, TimeUnit.SECONDS));

        calls.rejoined("sc2");
        assertFalse(calls.failed("sc2"));
        calls.timedOut(SC2, "sample");
        calls.timedOut(SC2, "sample");
        assertFalse(calls.failed("sc2"), "counted from 0 again");
    }

    /** What the node threw crossed the wire as it came: rethrown as is, tried once, neither a timeout nor an answer. */
    @Test
    void anExceptionFromTheNodeIsRethrownAsItCame() {
        IllegalStateException refused = new IllegalStateException("gnc is already deployed on sc2");
        AtomicInteger tries = new AtomicInteger();
        assertSame(refused, assertThrows(IllegalStateException.class, () -> calls.call(SC2, "deploy gnc", () -> {
            tries.incrementAndGet();
            throw refused;
        })));
        assertEquals(1, tries.get());
        assertFalse(calls.failed("sc2"));
    }

    @Test
    void aBadConfigurationKeepsTheBoundInForce() {
        calls.configure(config(0, 3));
        calls.configure(config(700, 0));
        assertEquals(500, calls.timeoutMs());
        calls.configure(config(250, 2));
        assertEquals(250, calls.timeoutMs());
    }

    static boolean waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(10);
        }
        return true;
    }
}
