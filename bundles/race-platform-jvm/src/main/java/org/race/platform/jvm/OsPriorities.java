package org.race.platform.jvm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.race.node.platform.NodeAdjustments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts RACE priorities (0..99, higher runs first; null = not configured) on the real OS threads of
 * the workers, with the first mechanism that works here: SCHED_FIFO through {@code chrt} (opt-in,
 * {@code scheduler = fifo}: busy FIFO threads can starve everything else), nice values through
 * {@code renice} (the default), or only the Java thread priority, which HotSpot on Linux does not
 * pass to the OS. Linux threads are addressed by their TID; a failing call is logged and ignored,
 * so it never breaks a deployment.
 */
final class OsPriorities {
    enum Mechanism { FIFO, NICE, JAVA }

    /** Runs a command line; tests replace the real processes. */
    interface Commands {
        Result run(List<String> argv);
    }

    record Result(int status, String output) {
        boolean ok() {
            return status == 0;
        }
    }

    /** Real processes; a missing program or a timeout is a failed result, not an exception. */
    static final Commands PROCESSES = argv -> {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, String.join(" ", argv) + ": no answer within 5 s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return new Result(p.exitValue(), out.lines().findFirst().orElse(""));
        } catch (IOException e) {
            return new Result(-1, argv.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, argv.get(0) + ": interrupted");
        }
    };

    static final String FIFO = "fifo", NICE = "nice", NONE = "none";
    /** Release timers run above every component so that releases stay on time under load. */
    static final int TIMER_FIFO_PRIORITY = 99;

    private static final Logger LOG = LoggerFactory.getLogger(OsPriorities.class);

    private final Commands commands;
    private final Mechanism mechanism;
    /** Lowest nice value this process may set: -20 with CAP_SYS_NICE, else 0 (nice can only be raised). */
    private final int minNice;
    private final String description;
    private final boolean asRequested;

    private OsPriorities(Commands commands, Mechanism mechanism, int minNice, String description, boolean asRequested) {
        this.commands = commands;
        this.mechanism = mechanism;
        this.minNice = minNice;
        this.description = description;
        this.asRequested = asRequested;
    }

    Mechanism mechanism() {
        return mechanism;
    }

    /** The one line that says which mechanism is in effect and why. */
    String description() {
        return description;
    }

    /** Log {@link #description()}: INFO when the configured mechanism works, WARN when it fell back. */
    void log() {
        if (asRequested) {
            LOG.info(description);
        } else {
            LOG.warn(description);
        }
    }

    /**
     * Find out what works by trying it on a throwaway thread, so no thread that lives on is changed.
     * {@code scheduler}: fifo, nice or none.
     */
    static OsPriorities probe(String scheduler, Commands commands) {
        CompletableFuture<Long> tid = new CompletableFuture<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread probe = new Thread(() -> {
            tid.complete(currentTid());
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "race-priority-probe");
        probe.setDaemon(true);
        probe.start();
        long id = -1; // no id: Java priorities only
        try {
            id = tid.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("the priority probe thread did not start: {}", e.toString());
        }
        try {
            return choose(scheduler, commands, id, readRtThrottle());
        } finally {
            done.countDown();
            try {
                probe.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The kernel's real-time throttling: FIFO threads may run {@code runtimeUs} (-1: no limit) of every {@code periodUs}. */
    record RtThrottle(long runtimeUs, long periodUs) {
    }

    /**
     * The decision, tried on the thread {@code probeTid} (-1: there are no Linux TIDs), given the
     * kernel's real-time throttling ({@code rt}, null if unknown).
     */
    static OsPriorities choose(String scheduler, Commands commands, long probeTid, RtThrottle rt) {
        if (scheduler.equals(NONE)) return java(commands, "as configured (scheduler = none)", true);
        String why = "";
        if (probeTid < 0) return java(commands, why + "no Linux thread ids (/proc/thread-self) to apply priorities to", false);
        String tid = Long.toString(probeTid);
        if (scheduler.equals(FIFO)) {
            if (rt != null && rt.runtimeUs() < 0) {
                why += "SCHED_FIFO refused: the kernel's real-time throttling is off (sched_rt_runtime_us = -1), so busy FIFO "
                        + "threads could starve the machine, ";
            } else {
                Result r = commands.run(List.of("chrt", "-f", "-p", "1", tid));
                if (r.ok()) {
                    String cap = rt == null ? "real-time throttling unknown"
                            : "the kernel leaves other threads " + (rt.periodUs() - rt.runtimeUs()) / 1000 + " ms of every "
                                    + rt.periodUs() / 1000 + " ms";
                    return new OsPriorities(commands, Mechanism.FIFO, 0, "priorities: SCHED_FIFO 1..99 through chrt, as configured "
                            + "(scheduler = fifo; " + cap + "); priority 0 and unconfigured run SCHED_OTHER; release timers at FIFO "
                            + TIMER_FIFO_PRIORITY, true);
                }
                why += "SCHED_FIFO not permitted (" + r.output() + "), ";
            }
        }
        String asConfigured = why.isEmpty() ? "as configured (scheduler = nice), " : why + "using ";
        Result raise = commands.run(List.of("renice", "-n", "-1", "-p", tid));
        if (raise.ok()) {
            return new OsPriorities(commands, Mechanism.NICE, -20, "priorities: " + asConfigured + "nice -20..19 through renice: "
                    + "priority 0 -> nice 19, 99 -> nice -20, unconfigured nice 0; release timers at nice -20", why.isEmpty());
        }
        Result lower = commands.run(List.of("renice", "-n", "1", "-p", tid));
        if (lower.ok()) {
            return new OsPriorities(commands, Mechanism.NICE, 0, "priorities: " + why + "using nice 0..19 through renice: "
                    + "priority 0 -> nice 19, 99 -> nice 0; nice below 0 is not permitted (" + raise.output()
                    + "), so a priority once lowered cannot be raised again", false);
        }
        return java(commands, why + "nice not permitted (" + lower.output() + ")", false);
    }

    private static OsPriorities java(Commands commands, String why, boolean asRequested) {
        return new OsPriorities(commands, Mechanism.JAVA, 0, "priorities: only Java thread priorities, which HotSpot on Linux "
                + "does not pass to the OS: " + why, asRequested);
    }

    /** Nice value for RACE priority {@code p}: linear from nice 19 (priority 0) to the lowest permitted (priority 99). */
    int nice(int p) {
        return 19 - (int) Math.round(p * (19.0 - minNice) / NodeAdjustments.MAX_PRIORITY);
    }

    static int javaPriority(Integer p) {
        if (p == null) return Thread.NORM_PRIORITY;
        return Thread.MIN_PRIORITY + (int) Math.round(p * (double) (Thread.MAX_PRIORITY - Thread.MIN_PRIORITY) / NodeAdjustments.MAX_PRIORITY);
    }

    /**
     * Give {@code thread} (Linux TID {@code tid}) RACE priority {@code p}; null restores the OS default
     * (SCHED_OTHER, nice 0). Under FIFO, priority 0 is SCHED_OTHER as in Linux. Never throws.
     */
    void apply(Thread thread, long tid, Integer p) {
        thread.setPriority(javaPriority(p));
        if (tid < 0 || mechanism == Mechanism.JAVA) return;
        String t = Long.toString(tid);
        List<String> argv = switch (mechanism) {
            case FIFO -> p == null || p == 0 ? List.of("chrt", "-o", "-p", "0", t) : List.of("chrt", "-f", "-p", p.toString(), t);
            default -> List.of("renice", "-n", Integer.toString(p == null ? 0 : nice(p)), "-p", t);
        };
        run(argv, thread.getName());
    }

    /** Put a release timer thread above every component (nothing when the mechanism cannot). */
    void applyTimer(Thread thread, long tid) {
        if (tid < 0) return;
        if (mechanism == Mechanism.FIFO) {
            run(List.of("chrt", "-f", "-p", Integer.toString(TIMER_FIFO_PRIORITY), Long.toString(tid)), thread.getName());
        } else if (mechanism == Mechanism.NICE && minNice < 0) {
            run(List.of("renice", "-n", Integer.toString(minNice), "-p", Long.toString(tid)), thread.getName());
        }
    }

    /** Back to the OS default, before another mechanism takes over. */
    void resetTimer(Thread thread, long tid) {
        if (tid >= 0 && mechanism != Mechanism.JAVA) apply(thread, tid, null);
    }

    private void run(List<String> argv, String threadName) {
        Result r = commands.run(argv);
        if (!r.ok()) LOG.warn("cannot set the priority of thread {}: {} failed: {}", threadName, String.join(" ", argv), r.output());
    }

    /** The calling thread's Linux TID, -1 where there is none. */
    static long currentTid() {
        try {
            return tidOf(Files.readSymbolicLink(Path.of("/proc/thread-self")).toString());
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }

    /** /proc/thread-self links to {@code <pid>/task/<tid>}. */
    static long tidOf(String link) {
        return Long.parseLong(link.substring(link.lastIndexOf('/') + 1));
    }

    private static RtThrottle readRtThrottle() {
        try {
            return new RtThrottle(Long.parseLong(Proc.read(Path.of("/proc/sys/kernel/sched_rt_runtime_us")).trim()),
                    Long.parseLong(Proc.read(Path.of("/proc/sys/kernel/sched_rt_period_us")).trim()));
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }
}
