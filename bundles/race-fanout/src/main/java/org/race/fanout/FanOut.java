package org.race.fanout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.race.api.NodeCalls;

/**
 * One call to each of several nodes, all at once, waited for until one deadline
 * ({@link NodeCalls#timeoutMs()} after the calls went out): a slow node costs the round at most the
 * bound, not the bound per node. Each answer or timeout is reported to {@link NodeCalls}, so that
 * timeouts count towards failing the node as for any bounded call; an abandoned call is cancelled
 * (its thread interrupted, which ends fastbin's wait for the answer). Nodes {@link NodeCalls#failed}
 * are the caller's to leave out: what to say about them differs by caller.
 * <p>
 * Calls to services in this JVM (no {@value #IMPORTED}) are not bounded, as {@link NodeCalls} calls them
 * directly. The calling thread makes them itself while they are quick (one of the last {@value #ROUNDS}
 * rounds' took less than {@value #SHARE_ABOVE_MICROS} µs in all: a round the caller was preempted in does
 * not count as long work): waking another thread costs more than that on a busy machine,
 * and the woken thread may even take the caller's core. Longer rounds are shared out between the calling
 * thread and one thread per other processor, whichever takes the next call first, so that they run on
 * every core and none waits in a queue behind a slow one. Calls to imported services each get a thread
 * of their own and the bound.
 * <p>
 * Each owner has its own threads, started up front (a first round does not pay for starting them) and
 * resized in place by {@link #threads} so that a round running meanwhile never finds them shut down.
 */
public final class FanOut implements AutoCloseable {
    /** One call: the called service's properties (they name its node) and what to call. */
    public record Call<T>(Map<String, Object> service, Callable<T> task) {
    }

    /** How a call ended. */
    public sealed interface Outcome<T> {
    }

    public record Answered<T>(T value) implements Outcome<T> {
    }

    /** No answer within the bound, {@code boundMs}; reported to {@link NodeCalls#timedOut}. */
    public record TimedOut<T>(long boundMs) implements Outcome<T> {
    }

    /** The call threw {@code error} (as it came, not wrapped), or the waiting thread was interrupted. */
    public record Failed<T>(Throwable error) implements Outcome<T> {
    }

    /** The Remote Services property of an imported service. */
    static final String IMPORTED = "service.imported";

    /** In-process calls are shared out with other threads once a round of them takes longer than this, in all. */
    static final long SHARE_ABOVE_MICROS = 200;
    /** How long the calling thread spins for a helper's in-process call before it parks: a few node samples' time. */
    private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private final ThreadPoolExecutor pool;
    /** Threads that help the calling one with in-process calls: the other processors. */
    private final int helpers = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    /** How many rounds the estimate of the in-process calls' work looks back. */
    static final int ROUNDS = 8;
    /** How long the last rounds' in-process calls took, all together (ns), round by round; guarded by itself. */
    private final long[] inProcessNanos = new long[ROUNDS];
    private int round;

    /** With one thread until {@link #threads} says otherwise; {@code threadName} names the threads in dumps. */
    public FanOut(String threadName) {
        pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        pool.prestartAllCoreThreads();
    }

    /** How many calls run at once (at least 1); the rest queue, still within the one deadline. */
    public synchronized void threads(int n) {
        int threads = Math.max(1, n);
        if (threads > pool.getMaximumPoolSize()) pool.setMaximumPoolSize(threads); // core <= max at every step
        pool.setCorePoolSize(threads);
        pool.setMaximumPoolSize(threads);
        pool.prestartAllCoreThreads();
    }

    /**
     * Makes every call in parallel and waits for them until one deadline (calls in this JVM: until they answer).
     *
     * @param what names the operation in the timeout count ({@link NodeCalls#timedOut})
     * @return every key's outcome, in the order of {@code calls}
     */
    public <K, T> Map<K, Outcome<T>> callAll(NodeCalls nodeCalls, String what, Map<K, Call<T>> calls) {
        Map<K, Future<T>> pending = new LinkedHashMap<>();
        List<FutureTask<T>> inProcess = new ArrayList<>();
        AtomicLong work = new AtomicLong();
        calls.forEach((k, c) -> {
            if (c.service().get(IMPORTED) != null) {
                pending.put(k, pool.submit(c.task()));
            } else {
                FutureTask<T> f = new FutureTask<>(() -> {
                    long start = System.nanoTime();
                    try {
                        return c.task().call();
                    } finally {
                        work.addAndGet(System.nanoTime() - start);
                    }
                });
                inProcess.add(f);
                pending.put(k, f);
            }
        });
        long bound = nodeCalls.timeoutMs();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(bound);
        if (!inProcess.isEmpty()) {
            AtomicInteger next = new AtomicInteger();
            Runnable share = () -> {
                for (int i = next.getAndIncrement(); i < inProcess.size(); i = next.getAndIncrement()) inProcess.get(i).run();
            };
            int helping = quickest() > TimeUnit.MICROSECONDS.toNanos(SHARE_ABOVE_MICROS) ? Math.min(helpers, inProcess.size() - 1) : 0;
            for (int h = 0; h < helping; h++) pool.execute(share);
            share.run();
        }
        Map<K, Outcome<T>> out = new LinkedHashMap<>();
        for (Map.Entry<K, Future<T>> e : pending.entrySet()) {
            Map<String, Object> service = calls.get(e.getKey()).service();
            Future<T> f = e.getValue();
            try {
                T answer = service.get(IMPORTED) == null ? spinThenGet(f) : f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                nodeCalls.answered(service);
                out.put(e.getKey(), new Answered<>(answer));
            } catch (TimeoutException t) {
                f.cancel(true);
                nodeCalls.timedOut(service, what);
                out.put(e.getKey(), new TimedOut<>(bound));
            } catch (InterruptedException i) {
                // the round is being stopped: what has answered still counts, the rest fails at once
                f.cancel(true);
                Thread.currentThread().interrupt();
                out.put(e.getKey(), new Failed<>(i));
            } catch (ExecutionException x) {
                out.put(e.getKey(), new Failed<>(x.getCause()));
            }
        }
        if (!inProcess.isEmpty()) {
            synchronized (inProcessNanos) {
                inProcessNanos[round++ % ROUNDS] = work.get();
            }
        }
        return out;
    }

    /** The least work of the last rounds of in-process calls (0 before any). */
    private long quickest() {
        synchronized (inProcessNanos) {
            long least = Long.MAX_VALUE;
            for (int i = 0; i < Math.min(round, ROUNDS); i++) least = Math.min(least, inProcessNanos[i]);
            return round == 0 ? 0 : least;
        }
    }

    /**
     * An in-process call a helper is still making: it is on a core and about to finish, so this thread waits on
     * its core for a moment rather than parking, which on a busy machine costs a wait for a core to wake up on.
     */
    private static <T> T spinThenGet(Future<T> f) throws InterruptedException, ExecutionException {
        long until = System.nanoTime() + SPIN_NANOS;
        while (!f.isDone() && System.nanoTime() < until) Thread.onSpinWait();
        return f.get();
    }

    /** Stops the threads, interrupting calls still running. */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
