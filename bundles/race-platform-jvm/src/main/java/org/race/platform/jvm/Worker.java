package org.race.platform.jvm;

import java.lang.management.ThreadMXBean;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/** One component instance: a thread burning its jobs' CPU time, one job after another. */
final class Worker implements Runnable {
    static final long STOP_TIMEOUT_MS = 2000;
    /** Arithmetic steps between two looks at the thread's CPU clock: a few microseconds. */
    private static final int BURN_CHUNK = 4000;

    /** CPU time to burn, then {@code done} with the System.nanoTime at which it was burnt. */
    record Job(long cpuNanos, LongConsumer done) {
    }

    private final ThreadMXBean mx;
    final String node, app, component;
    final Thread thread;
    final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile long tid = -1;
    private volatile long finalCpu = -1;
    /** Where the arithmetic goes, so that the JIT cannot drop it. */
    private long sink;
    // under the world's state lock:
    Integer priority;
    long cpuSeenByCpu, cpuSeenByQos;
    long jobs, responseSumNanos, responseMaxNanos;

    Worker(ThreadMXBean mx, String node, String app, String component, Integer priority) {
        this.mx = mx;
        this.node = node;
        this.app = app;
        this.component = component;
        this.priority = priority;
        this.thread = new Thread(this, "race-" + node + "-" + app + "-" + component);
        thread.setDaemon(true);
    }

    @Override
    public void run() {
        tid = OsPriorities.currentTid();
        started.countDown();
        try {
            while (true) {
                Job j = queue.take();
                burn(j.cpuNanos());
                j.done().accept(System.nanoTime());
            }
        } catch (InterruptedException stop) {
            // undeployed
        } finally {
            finalCpu = mx.getCurrentThreadCpuTime();
        }
    }

    /** Busy arithmetic until this thread has used {@code cpuNanos} of CPU; time it spends preempted does not count. */
    private void burn(long cpuNanos) throws InterruptedException {
        long end = mx.getCurrentThreadCpuTime() + cpuNanos;
        long x = sink;
        while (mx.getCurrentThreadCpuTime() < end) {
            for (int i = 0; i < BURN_CHUNK; i++) x = x * 6364136223846793005L + 1442695040888963407L;
            sink = x;
            if (Thread.interrupted()) throw new InterruptedException();
        }
    }

    /** The Linux TID, once the thread has started (-1 where there is none). */
    long tid() {
        try {
            started.await(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return tid;
    }

    /** CPU time used so far, also once the thread has ended. */
    long cpuNanos() {
        long f = finalCpu;
        if (f >= 0) return f;
        long c = mx.getThreadCpuTime(thread.getId());
        return c >= 0 ? c : Math.max(0, finalCpu);
    }
}
