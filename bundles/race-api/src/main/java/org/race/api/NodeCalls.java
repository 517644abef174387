package org.race.api;

import java.util.Map;
import java.util.concurrent.Callable;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The bound on the calls the central makes to a node's services (NodeManager, NodeMonitor,
 * ResourceMonitor, QosMonitor, NodeEffector). A service imported from a node container (service
 * property {@code service.imported}) may hang with its JVM: a call to it that has not answered
 * within {@link #timeoutMs()} is abandoned, and a node whose calls time out a configured number of
 * times in a row is treated as failed: {@link NodeFailureListener}s are told (the engine re-allocates
 * its applications) and {@link #failed} holds until {@link #rejoined}. A local service cannot hang
 * apart from its caller: it is called directly, without a bound, and never counts.
 * <p>
 * {@code service} is always the service properties of the called service ({@link RoleProperties#NODE}
 * names its node), as DS hands them with the service.
 */
@ProviderType
public interface NodeCalls {
    /** How long a call to a remote node's service may take, ms. */
    long timeoutMs();

    /**
     * Calls an idempotent operation within the bound; a call that times out is tried again, at most
     * as often as configured, and the last timeout treats the node as failed.
     *
     * @throws NodeNotAnsweringException when no try answered in time
     * @throws RuntimeException what the call threw, as it came (it neither counts as a timeout nor resets the count)
     */
    <T> T call(Map<String, Object> service, String what, Callable<T> call);

    /** The same, tried once: for an operation that is not idempotent (deploy), or that its caller repeats anyway (a sample per period). */
    <T> T callOnce(Map<String, Object> service, String what, Callable<T> call);

    /** A caller that bounds calls itself (several nodes in parallel, one deadline) reports a call answered. */
    void answered(Map<String, Object> service);

    /** ... or a call it abandoned after {@link #timeoutMs()}; this may treat the node as failed. */
    void timedOut(Map<String, Object> service, String what);

    /** Whether the node is treated as failed: callers leave it alone until it rejoins. */
    boolean failed(String node);

    /** The engine found the failed node answering and running nothing it should not: it counts as answering again. */
    void rejoined(String node);
}
