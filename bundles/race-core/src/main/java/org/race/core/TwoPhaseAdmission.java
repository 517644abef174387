package org.race.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

import org.race.api.NodeCalls;
import org.race.api.NodeManager;
import org.race.api.model.DeploymentException;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Reservation;
import org.race.api.model.ReservationReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The central's side of two-phase admission (RTARM): phase 1 asks every involved NodeManager, in
 * parallel, to reserve its part for a lease; a refusal, an error or no answer within the admission's
 * bound aborts the admission and releases everything. Each call is also one of the engine's
 * {@link NodeCalls} (a remote node's call has that bound too, and a node that keeps not answering
 * counts as failed). Releases are sent without waiting: a node that does not answer lets its
 * reservation expire at the end of the lease. Phase 2's commits are the engine's, one node after the other.
 */
final class TwoPhaseAdmission {
    private static final Logger LOG = LoggerFactory.getLogger(TwoPhaseAdmission.class);

    /** Phase 1 granted on every node of {@code nodes}, to be committed in their order. */
    record Ticket(String id, Map<String, NodeManager> nodes) {
    }

    private final ExecutorService pool;
    private final Supplier<NodeCalls> calls;
    /** A node's NodeManager service properties, for NodeCalls; throws NodeNotAnsweringException for a failed node. */
    private final Function<String, Map<String, Object>> service;

    TwoPhaseAdmission(ExecutorService pool, Supplier<NodeCalls> calls, Function<String, Map<String, Object>> service) {
        this.pool = pool;
        this.calls = calls;
        this.service = service;
    }

    /**
     * Phase 1: reserve {@code plan}'s demand on each of its nodes, counting {@code shrinks} (application ->
     * period ms) as done; throws, with every reservation released, unless all nodes granted within
     * {@code timeoutMs}.
     */
    Ticket reserve(DeploymentPlan plan, Map<String, Double> shrinks, Map<String, NodeManager> nodes, long timeoutMs, long leaseMs)
            throws DeploymentException {
        Ticket ticket = new Ticket(plan.name() + "-" + UUID.randomUUID(), java.util.Collections.unmodifiableMap(new LinkedHashMap<>(nodes)));
        Map<String, Future<ReservationReply>> asked = new LinkedHashMap<>();
        Map<String, org.race.api.model.Resources> demands = plan.demandByNode();
        nodes.forEach((node, m) -> {
            Reservation mine = new Reservation(ticket.id(), plan.name(), demands.getOrDefault(node, org.race.api.model.Resources.ZERO), shrinks, leaseMs);
            asked.put(node, pool.submit(() -> calls.get().callOnce(service.apply(node), "reserve " + plan.name(), () -> m.reserve(mine))));
        });
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        String failure = null;
        for (Map.Entry<String, Future<ReservationReply>> e : asked.entrySet()) {
            String node = e.getKey();
            try {
                ReservationReply reply = e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (!reply.granted()) failure = "node " + node + " refused phase 1: " + reply.reason();
            } catch (TimeoutException late) {
                failure = "node " + node + " did not answer phase 1 within " + timeoutMs + " ms";
            } catch (ExecutionException error) {
                failure = "node " + node + " failed phase 1: " + message(error.getCause());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                failure = "interrupted in phase 1";
            }
            if (failure != null) break;
        }
        if (failure == null) return ticket;
        asked.values().forEach(f -> f.cancel(true));
        release(ticket);
        throw new DeploymentException("admission", failure + "; aborted: every reservation released (one not acknowledged expires after its "
                + leaseMs + " ms lease)");
    }

    /** Phase 2, abort: release on every node, without waiting for the answers. */
    void release(Ticket ticket) {
        ticket.nodes().forEach((node, m) -> pool.submit(() -> {
            try {
                calls.get().call(service.apply(node), "release " + ticket.id(), () -> {
                    m.release(ticket.id());
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.warn("release of {} on {} failed ({}); it expires with its lease", ticket.id(), node, message(e));
            }
        }));
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
