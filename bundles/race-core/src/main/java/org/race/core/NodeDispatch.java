package org.race.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;

import org.race.api.NodeCalls;
import org.race.api.NodeManager;
import org.race.api.NodeNotAnsweringException;
import org.race.api.RoleProperties;
import org.race.api.model.DeploymentException;
import org.race.api.model.DeploymentPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NodeManagers by node and every call to them, bounded through {@link NodeCalls}: deploy and commit
 * are tried once (a second try could start an application twice), the others are idempotent and
 * retried; a node NodeCalls has failed is not called at all. Nodes lost or failed while applications
 * were placed are held back ("unchecked") until {@link NodeRecovery} finds them clean.
 */
final class NodeDispatch {
    private static final Logger LOG = LoggerFactory.getLogger(NodeDispatch.class);

    private final Supplier<NodeCalls> calls;
    private final BundleProvisioning provisioning;
    /** NodeManagers by node; the last bound for a node wins. */
    private final Map<String, NodeManager> managers = new ConcurrentSkipListMap<>();
    /** The service properties of each node's NodeManager: whether it is remote, for {@link NodeCalls}. */
    private final Map<String, Map<String, Object>> services = new ConcurrentHashMap<>();
    /** Nodes held back until checked; changed under the engine's lock, read by queries without it. */
    private final Set<String> unchecked = new java.util.concurrent.ConcurrentSkipListSet<>();

    NodeDispatch(Supplier<NodeCalls> calls, BundleProvisioning provisioning) {
        this.calls = calls;
        this.provisioning = provisioning;
    }

    NodeCalls calls() {
        return calls.get();
    }

    void bound(String node, NodeManager m, Map<String, Object> props) {
        services.put(node, Map.copyOf(props));
        managers.put(node, m);
    }

    /** False when {@code m} is not the node's NodeManager (another replaced it). */
    boolean unbound(String node, NodeManager m) {
        return managers.remove(node, m);
    }

    boolean bound(String node) {
        return managers.containsKey(node);
    }

    boolean anyBound() {
        return !managers.isEmpty();
    }

    NodeManager boundManager(String node) {
        return managers.get(node);
    }

    /** The nodes in use: bound, and not waiting for a check. */
    Map<String, NodeManager> inUse() {
        Map<String, NodeManager> m = new TreeMap<>(managers);
        m.keySet().removeAll(unchecked);
        return m;
    }

    Optional<NodeManager> manager(String node) {
        return unchecked.contains(node) ? Optional.empty() : Optional.ofNullable(managers.get(node));
    }

    boolean unchecked(String node) {
        return unchecked.contains(node);
    }

    /** False when it was held back already. */
    boolean holdBack(String node) {
        return unchecked.add(node);
    }

    void release(String node) {
        unchecked.remove(node);
    }

    Set<String> holdBacks() {
        return Set.copyOf(unchecked);
    }

    // ---------------------------------------------------------------- per plan

    /** Deploy on every node of the plan; on the first failure take back what was started. */
    void start(DeploymentPlan plan) throws DeploymentException {
        List<String> started = new ArrayList<>();
        for (String node : Registry.nodesOf(plan)) {
            try {
                NodeManager m = manager(node).orElseThrow(() -> new IllegalStateException("no NodeManager for node " + node));
                started.add(node);
                deployOn(node, m, plan);
            } catch (RuntimeException e) {
                // a deploy that timed out may still start late on its node: that node is stopped too
                if (!(e instanceof NodeNotAnsweringException)) started.remove(node);
                started.forEach(n -> manager(n).ifPresent(m -> undeployQuietly(n, m, plan.name())));
                throw new DeploymentException("node " + node, message(e), e);
            }
        }
    }

    void stop(DeploymentPlan plan) {
        for (String node : Registry.nodesOf(plan)) manager(node).ifPresent(m -> undeployQuietly(node, m, plan.name()));
    }

    /** New settings or period on every node of the plan that is still there. */
    void update(DeploymentPlan plan) throws DeploymentException {
        for (String node : Registry.nodesOf(plan)) {
            Optional<NodeManager> m = manager(node);
            if (m.isEmpty()) continue; // a node that is gone has nothing to update
            try {
                calls().call(service(node), "update " + plan.name(), () -> {
                    m.get().update(plan);
                    return null;
                });
            } catch (RuntimeException e) {
                throw new DeploymentException("node " + node, "update of " + plan.name() + " failed: " + message(e), e);
            }
        }
    }

    /** Phase 2, commit: every node of the ticket starts its part, in turn; on a failure what was started is stopped. */
    void commit(TwoPhaseAdmission.Ticket ticket, DeploymentPlan plan) throws DeploymentException {
        List<String> started = new ArrayList<>();
        for (Map.Entry<String, NodeManager> e : ticket.nodes().entrySet()) {
            String node = e.getKey();
            try {
                started.add(node);
                calls().callOnce(service(node), "commit " + plan.name(), () -> {
                    e.getValue().commit(ticket.id(), plan);
                    return null;
                });
            } catch (RuntimeException ex) {
                // a commit that timed out may still start late on its node: that node is stopped too
                if (!(ex instanceof NodeNotAnsweringException)) started.remove(node);
                started.forEach(n -> undeployQuietly(n, ticket.nodes().get(n), plan.name()));
                throw new DeploymentException("node " + node, "commit of " + plan.name() + " failed: " + message(ex), ex);
            }
        }
    }

    // ---------------------------------------------------------------- per node

    /** The node's component bundles first (a move or a restore does not pass {@link ProvideStage}). */
    void deployOn(String node, NodeManager m, DeploymentPlan plan) {
        provisioning.provide(node, plan);
        calls().callOnce(service(node), "deploy " + plan.name(), () -> {
            m.deploy(plan);
            return null;
        });
    }

    void undeployOn(String node, NodeManager m, String application) {
        undeploy(service(node), m, application);
    }

    /** Also for a node held back (the checks stop what it runs stray). */
    void undeploy(Map<String, Object> service, NodeManager m, String application) {
        calls().call(service, "undeploy " + application, () -> {
            m.undeploy(application);
            return null;
        });
    }

    void undeployQuietly(String node, NodeManager m, String application) {
        if (calls().failed(node)) return; // checked before it is used again
        try {
            undeployOn(node, m, application);
        } catch (RuntimeException e) {
            LOG.error("rollback of {} on {} failed: {}", application, node, e.toString());
        }
    }

    List<String> applicationsOn(String node, NodeManager m) {
        return calls().call(service(node), "applications", m::applications);
    }

    /** The node's service properties for a call; throws for a node NodeCalls counts as failed. */
    Map<String, Object> service(String node) {
        if (calls().failed(node)) throw new NodeNotAnsweringException(node, "treated as failed");
        return properties(node);
    }

    /** The node's NodeManager service properties, for a call even while it counts as failed (the checks). */
    Map<String, Object> properties(String node) {
        return services.getOrDefault(node, Map.of(RoleProperties.NODE, node));
    }

    static String message(RuntimeException e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
