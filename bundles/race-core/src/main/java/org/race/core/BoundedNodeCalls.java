package org.race.core;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.race.api.NodeCalls;
import org.race.api.NodeFailureListener;
import org.race.api.NodeNotAnsweringException;
import org.race.api.RoleProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link NodeCalls} (PID {@code race.calls}): a call to an imported service runs on a thread of its
 * own and is abandoned (its thread interrupted, which ends fastbin's wait for the answer) after
 * {@code timeoutMs}. Timed-out calls to a node are counted, from every caller; an answer sets the
 * count back to 0, and when it reaches {@code attempts} (or a retried call has used its
 * {@code attempts} tries) the node is failed and the listeners are told on a thread of their own,
 * so that a caller holding a lock (the engine in a deployment) is not re-entered.
 */
@Component(service = NodeCalls.class, configurationPid = "race.calls")
@Designate(ocd = BoundedNodeCalls.Config.class)
public class BoundedNodeCalls implements NodeCalls {
    @ObjectClassDefinition(name = "RACE calls to nodes")
    public @interface Config {
        @AttributeDefinition(description = "A call to a remote node's service that has not answered after this many ms is abandoned")
        long timeoutMs() default 2000;

        @AttributeDefinition(description = "Timed-out calls to a node in a row after which it is treated as failed; also the tries of a retried call")
        int attempts() default 3;
    }

    /** The Remote Services property of an imported service. */
    static final String IMPORTED = "service.imported";
    private static final Logger LOG = LoggerFactory.getLogger(BoundedNodeCalls.class);

    /** Got only when a node fails: the engine, a listener, needs this component to activate (no cycle at start). */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile List<ComponentServiceObjects<NodeFailureListener>> listeners = List.of();

    private volatile long timeoutMs = 2000;
    private volatile int attempts = 3;
    /** Timed-out calls in a row, by node; guarded by itself. */
    private final Map<String, Integer> timeouts = new HashMap<>();
    private final Set<String> failed = new HashSet<>();
    private final ExecutorService callers = Executors.newCachedThreadPool(daemon("race-node-call"));
    private final ExecutorService notifier = Executors.newSingleThreadExecutor(daemon("race-node-failure"));

    /** As DS creates it: the defaults until configured. */
    public BoundedNodeCalls() {
    }

    /** With this bound, as if so configured: for callers outside OSGi (tests). */
    public BoundedNodeCalls(long timeoutMs, int attempts) {
        this.timeoutMs = timeoutMs;
        this.attempts = attempts;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Activate
    @Modified
    void configure(Config c) {
        if (c.timeoutMs() <= 0 || c.attempts() < 1) {
            LOG.error("race.calls: timeoutMs must be > 0 and attempts >= 1, got {} and {}; keeping {} ms and {}", c.timeoutMs(), c.attempts(),
                    timeoutMs, attempts);
            return;
        }
        timeoutMs = c.timeoutMs();
        attempts = c.attempts();
        LOG.info("race.calls: calls to remote nodes time out after {} ms; {} in a row fail the node", timeoutMs, attempts);
    }

    @Deactivate
    void deactivate() {
        callers.shutdownNow();
        notifier.shutdownNow();
    }

    @Override
    public long timeoutMs() {
        return timeoutMs;
    }

    @Override
    public <T> T call(Map<String, Object> service, String what, Callable<T> call) {
        if (!remote(service)) return direct(call);
        String node = node(service);
        for (int tries = 1;; tries++) {
            try {
                return attempt(service, what, call);
            } catch (NodeNotAnsweringException e) {
                // other callers' answers may have reset the count meanwhile: this call's own tries are bounded too
                if (tries >= attempts) fail(node);
                if (failed(node)) throw new NodeNotAnsweringException(node, reason());
            }
        }
    }

    @Override
    public <T> T callOnce(Map<String, Object> service, String what, Callable<T> call) {
        return remote(service) ? attempt(service, what, call) : direct(call);
    }

    /** One try within the bound; what the call throws is rethrown as it came. */
    private <T> T attempt(Map<String, Object> service, String what, Callable<T> call) {
        Future<T> f = callers.submit(call);
        try {
            T answer = f.get(timeoutMs, TimeUnit.MILLISECONDS);
            answered(service);
            return answer;
        } catch (TimeoutException e) {
            f.cancel(true);
            timedOut(service, what);
            throw new NodeNotAnsweringException(node(service), what + " timed out after " + timeoutMs + " ms");
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + what + " on node " + node(service), e);
        } catch (ExecutionException e) {
            // neither an answer nor a timeout: the node refused (its exception crossed the wire) or the transport broke
            throw unchecked(e.getCause());
        }
    }

    private static <T> T direct(Callable<T> call) {
        try {
            return call.call();
        } catch (Exception e) {
            throw unchecked(e);
        }
    }

    private static RuntimeException unchecked(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t.toString(), t);
    }

    @Override
    public void answered(Map<String, Object> service) {
        if (!remote(service)) return;
        synchronized (timeouts) {
            timeouts.remove(node(service));
        }
    }

    @Override
    public void timedOut(Map<String, Object> service, String what) {
        if (!remote(service)) return;
        String node = node(service);
        int n;
        boolean already;
        synchronized (timeouts) {
            n = timeouts.merge(node, 1, Integer::sum);
            already = failed.contains(node);
        }
        if (already) {
            LOG.debug("node {} (failed): {} did not answer within {} ms", node, what, timeoutMs);
            return;
        }
        LOG.warn("node {}: {} did not answer within {} ms ({} of {} in a row)", node, what, timeoutMs, Math.min(n, attempts), attempts);
        if (n >= attempts) fail(node);
    }

    /** Marks the node failed, telling the listeners once. */
    private void fail(String node) {
        synchronized (timeouts) {
            if (!failed.add(node)) return;
        }
        String reason = reason();
        LOG.warn("node {} not answering: {}; treated as failed", node, reason);
        for (ComponentServiceObjects<NodeFailureListener> l : listeners) {
            notifier.execute(() -> {
                NodeFailureListener listener = l.getService();
                try {
                    if (listener != null) listener.nodeFailed(node, reason);
                } catch (RuntimeException e) {
                    LOG.error("a node failure listener failed on node {}", node, e);
                } finally {
                    if (listener != null) l.ungetService(listener);
                }
            });
        }
    }

    private String reason() {
        return attempts + (attempts == 1 ? " call" : " calls") + " timed out after " + timeoutMs + " ms";
    }

    @Override
    public boolean failed(String node) {
        synchronized (timeouts) {
            return failed.contains(node);
        }
    }

    @Override
    public void rejoined(String node) {
        synchronized (timeouts) {
            failed.remove(node);
            timeouts.remove(node);
        }
    }

    static boolean remote(Map<String, Object> service) {
        return service.get(IMPORTED) != null;
    }

    private static String node(Map<String, Object> service) {
        return String.valueOf(service.get(RoleProperties.NODE));
    }
}
