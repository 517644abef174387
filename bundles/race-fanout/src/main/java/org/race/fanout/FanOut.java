package org.race.fanout;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.race.api.NodeCalls;

/**
 * One call to each of several nodes, all at once, waited for until one deadline
 * ({@link NodeCalls#timeoutMs()} after the calls went out): a slow node costs the round at most the
 * bound, not the bound per node. Each answer or timeout is reported to {@link NodeCalls}, so that
 * timeouts count towards failing the node as for any bounded call; an abandoned call is cancelled
 * (its thread interrupted, which ends fastbin's wait for the answer). Nodes {@link NodeCalls#failed}
 * are the caller's to leave out: what to say about them differs by caller.
 * <p>
 * Each owner has its own threads, resized in place by {@link #threads} so that a round running
 * meanwhile never finds them shut down.
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

    private final ThreadPoolExecutor pool;

    /** With one thread until {@link #threads} says otherwise; {@code threadName} names the threads in dumps. */
    public FanOut(String threadName) {
        pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** How many calls run at once (at least 1); the rest queue, still within the one deadline. */
    public synchronized void threads(int n) {
        int threads = Math.max(1, n);
        if (threads > pool.getMaximumPoolSize()) pool.setMaximumPoolSize(threads); // core <= max at every step
        pool.setCorePoolSize(threads);
        pool.setMaximumPoolSize(threads);
    }

    /**
     * Makes every call in parallel and waits for them until one deadline.
     *
     * @param what names the operation in the timeout count ({@link NodeCalls#timedOut})
     * @return every key's outcome, in the order of {@code calls}
     */
    public <K, T> Map<K, Outcome<T>> callAll(NodeCalls nodeCalls, String what, Map<K, Call<T>> calls) {
        Map<K, Future<T>> pending = new LinkedHashMap<>();
        calls.forEach((k, c) -> pending.put(k, pool.submit(c.task())));
        long bound = nodeCalls.timeoutMs();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(bound);
        Map<K, Outcome<T>> out = new LinkedHashMap<>();
        for (Map.Entry<K, Future<T>> e : pending.entrySet()) {
            Map<String, Object> service = calls.get(e.getKey()).service();
            Future<T> f = e.getValue();
            try {
                T answer = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
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
        return out;
    }

    /** Stops the threads, interrupting calls still running. */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
