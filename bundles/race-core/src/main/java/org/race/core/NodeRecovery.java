package org.race.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.race.api.NodeManager;
import org.race.api.model.DeploymentException;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node loss and recovery. A node lost or not answering: the applications placed there are placed again
 * on the nodes left, most important first, through the deploy path (by the allocator that placed them,
 * the default for static ones; a pin to the lost node set free); those that no longer fit are shed. The
 * node is held back until a check finds it answering and running nothing placed elsewhere meanwhile, so
 * nothing runs twice. Applications of the state file are restored when their nodes are all there.
 * Every method but {@link #checkNodes} runs under the engine's lock, which {@code lock} is.
 */
final class NodeRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(NodeRecovery.class);
    static final long CHECK_MS = 1000;

    private final Object lock;
    private final Registry registry;
    private final NodeDispatch dispatch;
    private final EventLog events;
    private final DeploymentCycle cycle;
    private final QosExpansion expansion;
    private final Supplier<Domain> domain;
    private final Supplier<String> defaultAllocator;
    private ScheduledExecutorService checker;
    private volatile boolean stopping;

    NodeRecovery(Object lock, Registry registry, NodeDispatch dispatch, EventLog events, DeploymentCycle cycle, QosExpansion expansion,
            Supplier<Domain> domain, Supplier<String> defaultAllocator) {
        this.lock = lock;
        this.registry = registry;
        this.dispatch = dispatch;
        this.events = events;
        this.cycle = cycle;
        this.expansion = expansion;
        this.domain = domain;
        this.defaultAllocator = defaultAllocator;
    }

    /** The container stops: losing every node then is no failure. */
    void stop() {
        stopping = true;
        if (checker != null) checker.shutdownNow();
    }

    boolean stopping() {
        return stopping;
    }

    /** A node's NodeManager went away (its container died, or the platform replaced it). */
    void lost(String node) {
        Domain d = domain.get();
        if (stopping || d == null || d.node(node).isEmpty() || !dispatch.anyBound()) return; // no domain, or the whole domain went
        if (dispatch.unchecked(node)) return; // failed before: its applications are placed elsewhere already
        if (reallocate(node, "node " + node + " lost")) dispatch.holdBack(node);
    }

    /** NodeCalls gave up on the node: held back as if lost, though its services are still registered. */
    void failed(String node, String reason) {
        heldBack(node, "node " + node + " not answering: " + reason + "; treated as failed");
    }

    /** Its container is gone ({@link ContainerWatch}): lost now, before ZooKeeper's session ends and takes its services. */
    void gone(String node, String evidence) {
        heldBack(node, "node " + node + " lost: " + evidence);
    }

    private void heldBack(String node, String headline) {
        if (stopping || !dispatch.bound(node) || !dispatch.holdBack(node)) return;
        if (!reallocate(node, headline)) events.warn(headline);
        scheduleChecks();
    }

    /** A node's NodeManager arrived: back after a loss it is checked first; it may complete a restore. */
    void bound(String node) {
        if (dispatch.unchecked(node)) scheduleChecks();
        restorePending();
    }

    /** Re-allocates the applications placed on {@code node}, after an event {@code headline}; false when none was. */
    private boolean reallocate(String node, String headline) {
        List<DeploymentPlan> hit = registry.plans().stream().filter(p -> Registry.nodesOf(p).contains(node))
                .sorted(Comparator.comparing((DeploymentPlan p) -> p.application().importance()).reversed().thenComparing(DeploymentPlan::name))
                .toList();
        if (hit.isEmpty()) return false;
        events.warn(headline + "; re-allocating " + hit.stream().map(DeploymentPlan::name).toList());
        for (DeploymentPlan p : hit) {
            dispatch.stop(p); // the parts on the nodes left
            registry.remove(p.name());
        }
        for (DeploymentPlan p : hit) {
            String allocator = PlaceStage.STATIC_ALLOCATOR.equals(p.placement().allocator()) ? defaultAllocator.get() : p.placement().allocator();
            try {
                DeploymentPlan moved = cycle.run(p.application().unpinnedFrom(node), allocator, domain.get());
                List<String> moves = new ArrayList<>();
                p.placement().nodeOf().forEach((c, n) -> {
                    String to = moved.placement().nodeOf().get(c);
                    if (!n.equals(to)) moves.add(c + " " + n + " -> " + to);
                });
                events.warn(p.name() + " (" + p.application().importance().label() + ") re-allocated by " + allocator + ": " + String.join(", ", moves));
            } catch (DeploymentException e) {
                events.warn(p.name() + " (" + p.application().importance().label() + ") shed: " + e.getMessage());
            }
        }
        registry.changed();
        expansion.expand("after node " + node + " was lost");
        return true;
    }

    private void scheduleChecks() {
        if (checker != null || stopping) return;
        checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "race-node-check");
            t.setDaemon(true);
            return t;
        });
        checker.scheduleWithFixedDelay(this::checkNodes, CHECK_MS, CHECK_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Checks each node held back that has a NodeManager: asks what it runs (one try, without holding the
     * engine: it may not answer), stops what the registry does not place there, and uses the node again once
     * a check finds nothing to stop. Two checks at least for a node that ran something: a call sent while it
     * hung may still start late.
     */
    void checkNodes() {
        Map<String, NodeManager> ask = new TreeMap<>();
        synchronized (lock) {
            for (String n : dispatch.holdBacks()) {
                NodeManager m = dispatch.boundManager(n);
                if (m != null) ask.put(n, m);
            }
        }
        for (Map.Entry<String, NodeManager> e : ask.entrySet()) {
            String node = e.getKey();
            List<String> runs;
            try {
                runs = dispatch.calls().callOnce(dispatch.properties(node), "applications", e.getValue()::applications);
            } catch (RuntimeException notYet) {
                continue;
            }
            synchronized (lock) {
                if (dispatch.unchecked(node) && dispatch.boundManager(node) == e.getValue()) settle(node, e.getValue(), runs);
            }
        }
    }

    private void settle(String node, NodeManager m, List<String> runs) {
        List<String> stray = runs.stream().filter(a -> !registry.placedOn(a, node)).toList();
        if (stray.isEmpty()) {
            dispatch.release(node);
            dispatch.calls().rejoined(node);
            events.warn("node " + node + " answers again and runs nothing placed elsewhere: in use again");
            restorePending();
            return;
        }
        for (String a : stray) {
            try {
                dispatch.undeploy(dispatch.properties(node), m, a);
            } catch (RuntimeException e) {
                LOG.warn("node {}: cannot stop {} yet: {}", node, a, e.toString());
            }
        }
        events.warn("node " + node + " answers again; stopped " + stray + " there, placed elsewhere meanwhile");
    }

    /**
     * Restore the applications of the state file whose nodes all have a NodeManager now, deploying only the
     * parts a node does not host; once all are back, stop what nodes host that the registry does not know,
     * so nothing runs twice. Called when a domain loads or a node arrives, never by a query.
     */
    void restorePending() {
        List<DeploymentPlan> pending = registry.pending();
        if (pending.isEmpty() || domain.get() == null) return;
        Map<String, NodeManager> managers = dispatch.inUse();
        boolean restored = false;
        for (DeploymentPlan plan : pending) {
            if (!managers.keySet().containsAll(Registry.nodesOf(plan))) continue;
            registry.restored(plan);
            restored = true;
            try {
                for (String node : Registry.nodesOf(plan)) {
                    NodeManager m = managers.get(node);
                    if (!dispatch.applicationsOn(node, m).contains(plan.name())) dispatch.deployOn(node, m, plan);
                }
                registry.put(plan);
                LOG.info("restored {} on {}", plan.name(), Registry.nodesOf(plan));
            } catch (RuntimeException e) {
                dispatch.stop(plan);
                LOG.error("cannot restore {}: {}; it is not deployed", plan.name(), e.toString());
            }
        }
        if (registry.pending().isEmpty()) stopStrays(managers);
        if (restored) registry.save();
    }

    private void stopStrays(Map<String, NodeManager> managers) {
        for (Map.Entry<String, NodeManager> m : managers.entrySet()) {
            List<String> runs;
            try {
                runs = dispatch.applicationsOn(m.getKey(), m.getValue());
            } catch (RuntimeException e) {
                LOG.error("cannot ask node {} what it runs: {}", m.getKey(), e.toString());
                continue;
            }
            for (String app : runs) {
                if (!registry.contains(app)) {
                    LOG.warn("node {} runs {}, which the registry does not know: stopped", m.getKey(), app);
                    dispatch.undeployQuietly(m.getKey(), m.getValue(), app);
                }
            }
        }
    }
}
