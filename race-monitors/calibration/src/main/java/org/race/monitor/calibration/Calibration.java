package org.race.monitor.calibration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Execution profiling of the jvm platform (Mehra et al., section 6): the platform's own overheads,
 * measured with the mechanisms its component transport uses (JvmWorld): a job is handed to a
 * component's worker thread through a LinkedBlockingQueue on which it waits, a release or a delayed
 * delivery is a task on a ScheduledThreadPoolExecutor, data is copied. Each quantity is measured
 * {@code repetitions} times after as many warm-up rounds; medians, 99th percentiles and maxima in µs.
 */
final class Calibration {
    /** One measured quantity. */
    record Row(String key, String what, double medianMicros, double p99Micros, double maxMicros, int n) {
    }

    static final int MAX_REPETITIONS = 100_000;
    /** Bytes per copy for the per-byte cost, and the release period for the jitter. */
    static final int MESSAGE_BYTES = 64 * 1024;
    static final long RELEASE_PERIOD_NANOS = 1_000_000;

    private Calibration() {
    }

    static List<Row> measure(int repetitions) throws InterruptedException {
        if (repetitions < 10 || repetitions > MAX_REPETITIONS) {
            throw new IllegalArgumentException("repetitions must be within [10, " + MAX_REPETITIONS + "], got " + repetitions);
        }
        List<Row> rows = new ArrayList<>();
        rows.addAll(handoff(repetitions));
        rows.add(contextSwitch(repetitions));
        rows.add(perKilobyte(repetitions));
        rows.add(releaseJitter(repetitions));
        return rows;
    }

    /**
     * Send: the sender's time in {@code queue.add} to a worker waiting in {@code take} (it includes waking the
     * worker). Receive: from the add to the worker running again with the message (the wake-up latency).
     */
    private static List<Row> handoff(int n) throws InterruptedException {
        BlockingQueue<Long> queue = new LinkedBlockingQueue<>();
        SynchronousQueue<Long> received = new SynchronousQueue<>();
        Thread worker = new Thread(() -> {
            try {
                while (true) {
                    long sentAt = queue.take();
                    received.put(System.nanoTime() - sentAt);
                }
            } catch (InterruptedException stop) {
                // done
            }
        }, "race-calibrate-worker");
        worker.setDaemon(true);
        worker.start();
        long[] send = new long[n], receive = new long[n];
        try {
            for (int i = -n; i < n; i++) { // the first n rounds warm up
                Thread.sleep(0, 200_000); // let the worker block in take(), as a worker between jobs
                long t0 = System.nanoTime();
                queue.add(t0);
                long t1 = System.nanoTime();
                long latency = received.take();
                if (i >= 0) {
                    send[i] = t1 - t0;
                    receive[i] = latency;
                }
            }
        } finally {
            worker.interrupt();
        }
        return List.of(row("sendMicros", "send: hand a message to a waiting worker (queue add + wake)", send),
                row("receiveMicros", "receive: worker running with the message after the add", receive));
    }

    /**
     * Two threads waking each other with park/unpark (no spinning, unlike the JDK's SynchronousQueue), the other
     * one parked before each round: half a round trip is one switch to a blocked thread, wake-up included.
     */
    private static Row contextSwitch(int n) throws InterruptedException {
        Thread main = Thread.currentThread();
        java.util.concurrent.atomic.AtomicInteger turn = new java.util.concurrent.atomic.AtomicInteger();
        Thread other = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                while (turn.get() != 1) {
                    LockSupport.park();
                    if (Thread.currentThread().isInterrupted()) return;
                }
                turn.set(0);
                LockSupport.unpark(main);
            }
        }, "race-calibrate-pong");
        other.setDaemon(true);
        other.start();
        long[] half = new long[n];
        try {
            for (int i = -n; i < n; i++) {
                Thread.sleep(0, 200_000);
                long t0 = System.nanoTime();
                turn.set(1);
                LockSupport.unpark(other);
                while (turn.get() != 0) LockSupport.park();
                if (i >= 0) half[i] = (System.nanoTime() - t0) / 2;
            }
        } finally {
            other.interrupt();
        }
        return row("contextSwitchMicros", "context switch: half a park/unpark round trip to a blocked thread", half);
    }

    /** Copying a 64 KB message, per KB. */
    private static Row perKilobyte(int n) {
        byte[] from = new byte[MESSAGE_BYTES], to = new byte[MESSAGE_BYTES];
        Arrays.fill(from, (byte) 7);
        long[] perKb = new long[n];
        long sum = 0;
        for (int i = -n; i < n; i++) {
            from[i & (MESSAGE_BYTES - 1)]++;
            long t0 = System.nanoTime();
            System.arraycopy(from, 0, to, 0, MESSAGE_BYTES);
            long t = System.nanoTime() - t0;
            sum += to[(i * 31) & (MESSAGE_BYTES - 1)];
            if (i >= 0) perKb[i] = t * 1024 / MESSAGE_BYTES;
        }
        if (sum == Long.MIN_VALUE) System.out.print(""); // keeps the copies observable to the JIT
        return row("perKilobyteMicros", "per KB: copying a 64 KB message", perKb);
    }

    /** Lateness of releases on a fixed 1 ms timeline, rescheduled from the timer as JvmWorld's release timer does. */
    private static Row releaseJitter(int n) throws InterruptedException {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "race-calibrate-release");
            t.setDaemon(true);
            return t;
        });
        long[] late = new long[n];
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        long start = System.nanoTime() + RELEASE_PERIOD_NANOS;
        class Release implements Runnable {
            int i;
            long due = start;

            @Override
            public void run() {
                long now = System.nanoTime();
                late[i++] = now - due;
                if (i == n) {
                    done.countDown();
                    return;
                }
                due += RELEASE_PERIOD_NANOS;
                timer.schedule(this, due - now, TimeUnit.NANOSECONDS);
            }
        }
        timer.schedule(new Release(), RELEASE_PERIOD_NANOS, TimeUnit.NANOSECONDS);
        try {
            done.await();
        } finally {
            timer.shutdownNow();
        }
        return row("releaseJitterMicros", "release jitter: lateness of a 1 ms periodic timer", late);
    }

    private static Row row(String key, String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return new Row(key, what, s[s.length / 2] / 1e3, s[(int) Math.ceil(s.length * 0.99) - 1] / 1e3, s[s.length - 1] / 1e3, s.length);
    }
}
