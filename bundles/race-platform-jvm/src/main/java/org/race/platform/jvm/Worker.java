package org.race.platform.jvm;

import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.race.api.component.ComponentContext;
import org.race.api.component.ComponentInstance;
import org.race.api.component.ComponentType;
import org.race.node.platform.JobCpuWindow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One component instance: a thread running its jobs one after another. A model component's job burns
 * its CPU time; a typed component's job runs the user's code ({@link ComponentInstance}) with the
 * iteration's inputs, and its CPU time is measured.
 */
final class Worker implements Runnable {
    static final long STOP_TIMEOUT_MS = 2000;
    /** Arithmetic steps between two looks at the thread's CPU clock: a few microseconds. */
    private static final int BURN_CHUNK = 4000;
    /** Failure events of one instance are at most this often: a component failing every job at 1 kHz must not flood Event Admin. */
    static final long FAILURE_EVENT_INTERVAL_NANOS = 1_000_000_000L;
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    /**
     * One job of iteration {@code iteration}, released at {@code released} (a source's with its iteration, another's as
     * its inputs arrived) and queued for this worker at {@code queued}: a model's CPU time to burn, or a typed
     * instance's inputs.
     */
    record Job(long iteration, long released, long queued, long cpuNanos, Map<String, byte[]> inputs, Done done) {
    }

    /**
     * What became of a job: when it ended (System.nanoTime), what it emitted, what it threw (or null), and the CPU it
     * used, to be read once its successors' jobs are queued (for a typed job it reads the thread's CPU clock: the job's
     * own time, the wake-up before it and the platform's bookkeeping up to the read).
     */
    interface Done {
        void done(long end, java.util.function.LongSupplier cpuNanos, Map<String, byte[]> outputs, Throwable failure);
    }

    /** Jobs of an instance threw: {@code failures} since the previous report, the last one {@code last}. */
    interface Failures {
        void failed(Worker w, long failures, Throwable last);
    }

    private final ThreadMXBean mx;
    final String node, app, component;
    /** The user's code, or null for a model component; replaced by the worker only, between two jobs. */
    volatile Instance instance;
    /** A newer version of the type to switch to before the next job, or null. */
    private final java.util.concurrent.atomic.AtomicReference<ComponentType> replacement = new java.util.concurrent.atomic.AtomicReference<>();
    private final Failures failures;
    final Thread thread;
    final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile long tid = -1;
    private volatile long finalCpu = -1;
    private volatile boolean stopping;
    /** Where the arithmetic goes, so that the JIT cannot drop it. */
    private long sink;
    // on the worker thread only:
    private long unreported, lastReport = System.nanoTime() - FAILURE_EVENT_INTERVAL_NANOS;
    private boolean traced;
    // under the world's state lock:
    Integer priority;
    long cpuSeenByCpu, cpuSeenByQos;
    long jobs, responseSumNanos, responseMaxNanos, jobCpuMaxNanos, failed, overruns;
    int queueMax;
    final JobCpuWindow jobCpu = new JobCpuWindow();

    /**
     * A typed component's code, its type's name, its successors and the largest payload it may emit to
     * each (same order), the CPU time a job may use (0: no budget), and the type service and context it
     * was activated from.
     */
    record Instance(String type, ComponentInstance code, java.util.List<String> successors, int[] payloadLimits, long budgetNanos, ComponentType from,
            ComponentContext context) {
    }

    Worker(ThreadMXBean mx, String node, String app, String component, Integer priority, Instance instance, Failures failures) {
        this.mx = mx;
        this.node = node;
        this.app = app;
        this.component = component;
        this.priority = priority;
        this.instance = instance;
        this.failures = failures;
        this.thread = new Thread(this, "race-" + node + "-" + app + "-" + component);
        thread.setDaemon(true);
    }

    @Override
    public void run() {
        tid = OsPriorities.currentTid();
        started.countDown();
        try {
            // A typed job's CPU clock is read before the worker waits and after its successors are queued, never between
            // the end of one component's code and the start of the next: a read costs up to microseconds (a system call).
            long idle = mx.getCurrentThreadCpuTime();
            while (true) {
                Job j = queue.take();
                if (instance == null) {
                    long cpu0 = mx.getCurrentThreadCpuTime();
                    burn(j.cpuNanos());
                    long used = mx.getCurrentThreadCpuTime() - cpu0;
                    j.done().done(System.nanoTime(), () -> used, Map.of(), null);
                } else {
                    if (switchIfAsked()) idle = mx.getCurrentThreadCpuTime(); // a new version's activate is not the job's
                    long cpu0 = idle;
                    Emitted out = new Emitted(j.iteration(), j.inputs(), instance);
                    long started = System.nanoTime();
                    Throwable failure = runCode(out);
                    long ended = System.nanoTime();
                    if (failure == null) failure = out.refused(); // an over-limit payload fails the job even if the code caught the refusal
                    j.done().done(ended, () -> mx.getCurrentThreadCpuTime() - cpu0, failure == null ? out.emitted() : Map.of(), failure);
                    // after done: the successor's job is already queued
                    JobEvents.record(this, j, started, ended);
                    if (failure != null) report(failure);
                    idle = mx.getCurrentThreadCpuTime();
                }
            }
        } catch (InterruptedException stop) {
            // undeployed
        } finally {
            finalCpu = mx.getCurrentThreadCpuTime();
            if (instance != null) deactivate(instance, "component " + component + " of " + app + " on " + node);
        }
    }

    /** The user's job; what it threw, or null. An interruption while stopping ends the worker, not counted as a failure. */
    private Throwable runCode(Emitted out) throws InterruptedException {
        try {
            instance.code().job(out);
            return null;
        } catch (InterruptedException e) {
            if (stopping) throw e;
            return e;
        } catch (VirtualMachineError e) {
            if (!(e instanceof StackOverflowError)) throw e; // out of memory: the JVM's problem, not this job's
            return e;
        } catch (Exception | Error e) {
            if (stopping && Thread.currentThread().isInterrupted()) throw new InterruptedException();
            return e;
        }
    }

    /** The first failure of the instance is logged with its stack trace; every one is counted; events at most once a second. */
    private void report(Throwable failure) {
        if (!traced) {
            traced = true;
            LOG.warn("component {} of {} on {} (type {}): a job threw; counted as a failed job, the component goes on (later failures are counted, not logged)",
                    component, app, node, instance.type(), failure);
        }
        unreported++;
        long now = System.nanoTime();
        if (now - lastReport >= FAILURE_EVENT_INTERVAL_NANOS) {
            lastReport = now;
            long n = unreported;
            unreported = 0;
            try {
                failures.failed(this, n, failure);
            } catch (RuntimeException e) {
                LOG.warn("could not report failed jobs of {}/{}: {}", app, component, e.toString());
            }
        }
    }

    /** The instance's deactivate; what it throws is logged, never passed on (the instance is done with either way). */
    static void deactivate(Instance i, String who) {
        try {
            i.code().deactivate();
        } catch (Exception | Error e) {
            LOG.warn("{} (type {}): deactivate threw", who, i.type(), e);
        }
    }

    /** Before the next job, run {@code newer}'s instance instead (a new version of the bundle): no iteration is lost or run twice. */
    void switchTo(ComponentType newer) {
        replacement.set(newer);
    }

    /**
     * On the worker thread between two jobs: the new version's instance is activated first, so a refusal keeps the old
     * one running. Returns whether a new version's activate ran.
     */
    private boolean switchIfAsked() {
        ComponentType to = replacement.getAndSet(null);
        Instance old = instance;
        if (to == null || to == old.from()) return false;
        ComponentInstance code;
        try {
            code = java.util.Objects.requireNonNull(to.activate(old.context()), "activate returned null");
        } catch (Exception | LinkageError e) {
            LOG.error("component {} of {} on {}: the new version of type {} refused to activate; the running one goes on", component, app, node, old.type(), e);
            return true;
        }
        instance = new Instance(old.type(), code, old.successors(), old.payloadLimits(), old.budgetNanos(), to, old.context());
        deactivate(old, "component " + component + " of " + app + " on " + node + ", version replaced");
        LOG.info("component {} of {} on {}: switched to the new version of type {}", component, app, node, old.type());
        return true;
    }

    /** Ends the thread after its current job; a typed instance is deactivated on it. */
    void stop() {
        stopping = true;
        thread.interrupt();
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
