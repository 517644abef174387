package org.race.platform.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.race.platform.jvm.OsPriorities.Mechanism;
import org.race.platform.jvm.OsPriorities.Result;
import org.race.platform.jvm.OsPriorities.RtThrottle;

/** Which mechanism is chosen and what it runs, with recorded commands instead of processes. */
class OsPrioritiesTest {
    static final RtThrottle THROTTLED = new RtThrottle(950_000, 1_000_000);

    /** Records every command line; those {@code fails} matches fail with "Operation not permitted". */
    static final class Recorder implements OsPriorities.Commands {
        final List<String> lines = new ArrayList<>();
        final Predicate<String> fails;

        Recorder(Predicate<String> fails) {
            this.fails = fails;
        }

        @Override
        public Result run(List<String> argv) {
            String line = String.join(" ", argv);
            lines.add(line);
            return fails.test(line) ? new Result(1, argv.get(0) + ": Operation not permitted") : new Result(0, "");
        }
    }

    @Test
    void fifoWhenPermittedAndAsked() {
        Recorder r = new Recorder(l -> false);
        OsPriorities p = OsPriorities.choose(OsPriorities.FIFO, r, 42, THROTTLED);
        assertEquals(Mechanism.FIFO, p.mechanism());
        assertEquals(List.of("chrt -f -p 1 42"), r.lines, "tried on the probe thread only");
        assertTrue(p.description().contains("SCHED_FIFO") && p.description().contains("50 ms of every 1000 ms"), p.description());
        r.lines.clear();
        Thread t = new Thread(() -> { });
        p.apply(t, 7, 60);
        p.apply(t, 7, 0);
        p.apply(t, 7, null);
        p.applyTimer(t, 8);
        assertEquals(List.of("chrt -f -p 60 7", "chrt -o -p 0 7", "chrt -o -p 0 7", "chrt -f -p 99 8"), r.lines);
    }

    @Test
    void fifoNotPermittedFallsBackToNiceAndSaysWhy() {
        Recorder r = new Recorder(l -> l.startsWith("chrt"));
        OsPriorities p = OsPriorities.choose(OsPriorities.FIFO, r, 42, THROTTLED);
        assertEquals(Mechanism.NICE, p.mechanism());
        assertTrue(p.description().startsWith("priorities: SCHED_FIFO not permitted (chrt: Operation not permitted), using nice -20..19"),
                p.description());
    }

    @Test
    void fifoIsRefusedWhenTheKernelDoesNotThrottleRealTimeThreads() {
        Recorder r = new Recorder(l -> false);
        OsPriorities p = OsPriorities.choose(OsPriorities.FIFO, r, 42, new RtThrottle(-1, 1_000_000));
        assertEquals(Mechanism.NICE, p.mechanism());
        assertTrue(r.lines.stream().noneMatch(l -> l.startsWith("chrt")), r.lines.toString());
        assertTrue(p.description().contains("real-time throttling is off"), p.description());
    }

    @Test
    void niceMapsHigherPrioritiesToLowerNiceValues() {
        Recorder r = new Recorder(l -> false);
        OsPriorities p = OsPriorities.choose(OsPriorities.NICE, r, 42, THROTTLED);
        assertEquals(Mechanism.NICE, p.mechanism());
        assertEquals(List.of("renice -n -1 -p 42"), r.lines, "only nice is tried: SCHED_FIFO is opt-in");
        assertTrue(p.description().startsWith("priorities: as configured (scheduler = nice), nice -20..19"), p.description());
        assertEquals(19, p.nice(0));
        assertEquals(-20, p.nice(99));
        assertEquals(-1, p.nice(50));
        for (int prio = 1; prio <= 99; prio++) assertTrue(p.nice(prio) <= p.nice(prio - 1), "monotonic at " + prio);
        r.lines.clear();
        Thread t = new Thread(() -> { });
        p.apply(t, 7, 99);
        p.apply(t, 7, null);
        p.applyTimer(t, 8);
        assertEquals(List.of("renice -n -20 -p 7", "renice -n 0 -p 7", "renice -n -20 -p 8"), r.lines);
        assertEquals(Thread.NORM_PRIORITY, t.getPriority(), "null: the default Java priority too");
    }

    @Test
    void unprivilegedNiceUsesZeroToNineteen() {
        Recorder r = new Recorder(l -> l.contains("-n -"));
        OsPriorities p = OsPriorities.choose(OsPriorities.NICE, r, 42, THROTTLED);
        assertEquals(Mechanism.NICE, p.mechanism());
        assertEquals(0, p.nice(99));
        assertEquals(19, p.nice(0));
        assertTrue(p.description().contains("nice below 0 is not permitted"), p.description());
        r.lines.clear();
        p.applyTimer(new Thread(() -> { }), 8);
        assertEquals(List.of(), r.lines, "timers cannot be put above nice 0");
    }

    @Test
    void javaPrioritiesOnlyWhenNothingElseWorksOrWhenAsked() {
        Recorder r = new Recorder(l -> true);
        OsPriorities p = OsPriorities.choose(OsPriorities.FIFO, r, 42, THROTTLED);
        assertEquals(Mechanism.JAVA, p.mechanism());
        assertTrue(p.description().contains("SCHED_FIFO not permitted") && p.description().contains("nice not permitted"), p.description());
        r.lines.clear();
        Thread t = new Thread(() -> { });
        p.apply(t, 7, 99);
        assertEquals(List.of(), r.lines);
        assertEquals(Thread.MAX_PRIORITY, t.getPriority());
        p.apply(t, 7, 0);
        assertEquals(Thread.MIN_PRIORITY, t.getPriority());

        Recorder none = new Recorder(l -> false);
        assertEquals(Mechanism.JAVA, OsPriorities.choose(OsPriorities.NONE, none, 42, THROTTLED).mechanism());
        assertEquals(List.of(), none.lines);
        assertEquals(Mechanism.JAVA, OsPriorities.choose(OsPriorities.NICE, none, -1, THROTTLED).mechanism(), "no Linux thread ids");
    }

    @Test
    void aFailingCallIsLoggedNotThrown() {
        Recorder r = new Recorder(l -> l.contains(" 7"));
        OsPriorities p = OsPriorities.choose(OsPriorities.NICE, r, 42, THROTTLED);
        p.apply(new Thread(() -> { }), 7, 50); // does not throw
        assertTrue(r.lines.contains("renice -n -1 -p 7"), r.lines.toString());
    }

    @Test
    void linuxThreadIds() {
        assertEquals(23089, OsPriorities.tidOf("23001/task/23089"));
        if (java.nio.file.Files.exists(java.nio.file.Path.of("/proc/thread-self"))) {
            long a = OsPriorities.currentTid();
            long[] b = new long[1];
            Thread t = new Thread(() -> b[0] = OsPriorities.currentTid());
            t.start();
            assertEquals(a, OsPriorities.currentTid());
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            assertTrue(a > 0 && b[0] > 0 && a != b[0], a + " " + b[0]);
        }
    }
}
