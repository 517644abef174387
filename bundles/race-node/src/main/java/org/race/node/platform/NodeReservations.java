package org.race.node.platform;

import org.race.text.Numbers;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.race.api.model.Application;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Node;
import org.race.api.model.Reservation;
import org.race.api.model.ReservationReply;
import org.race.api.model.Resources;

/**
 * One node's side of two-phase admission (RTARM's test reservation / commit / cancel): the
 * reservations it holds, each until it is committed, released or its lease has run out. The lease
 * runs on this node's monotonic clock from the reservation's arrival, so the central and the node
 * share no clock; an expired reservation counts for nothing and is dropped at the next call, which is
 * what makes an aborted admission, or a central that died between the phases, leave nothing behind.
 */
final class NodeReservations {
    private record Held(Reservation reservation, long deadlineNanos) {
    }

    private final Node node;
    private final LongSupplier nanos;
    private final Map<String, Held> held = new LinkedHashMap<>();

    NodeReservations(Node node, LongSupplier nanos) {
        this.node = node;
        this.nanos = nanos;
    }

    /**
     * The availability test: the reservation is held when its demand fits in the capacity left by the
     * hosted applications (those the reservation shrinks counted at their new period) and the other
     * live reservations.
     */
    public synchronized ReservationReply reserve(Reservation r, List<DeploymentPlan> hosted) {
        expire();
        held.remove(r.id());
        Resources used = Resources.ZERO;
        for (DeploymentPlan p : hosted) {
            Application a = p.application();
            Double shrunk = r.shrinks().get(a.name());
            if (shrunk != null && a.contracted()) a = a.withPeriod(shrunk);
            used = used.plus(a.demandOn(node.name(), p.placement().nodeOf()));
        }
        for (Held h : held.values()) used = used.plus(h.reservation().demand());
        Resources free = node.capacity().minus(used);
        String shortfall = r.demand().firstShortfall(free);
        if (shortfall != null) {
            return new ReservationReply(r.id(), node.name(), false, "node " + node.name() + " has " + fmt(free.get(shortfall)) + " " + shortfall
                    + " free, " + r.application() + " needs " + fmt(r.demand().get(shortfall)), free);
        }
        held.put(r.id(), new Held(r, nanos.getAsLong() + TimeUnit.MILLISECONDS.toNanos(r.leaseMs())));
        return new ReservationReply(r.id(), node.name(), true, null, free);
    }

    /** Phase 2: the live reservation {@code id}, removed; IllegalStateException when it is unknown or has expired. */
    public synchronized Reservation take(String id) {
        expire();
        Held h = held.remove(id);
        if (h == null) throw new IllegalStateException("node " + node.name() + " holds no reservation " + id + " (never made, released or expired)");
        return h.reservation();
    }

    public synchronized void release(String id) {
        held.remove(id);
    }

    public synchronized List<Reservation> live() {
        expire();
        List<Reservation> out = new ArrayList<>();
        held.values().forEach(h -> out.add(h.reservation()));
        return out;
    }

    private void expire() {
        long now = nanos.getAsLong();
        for (Iterator<Held> it = held.values().iterator(); it.hasNext();) {
            if (now - it.next().deadlineNanos() >= 0) it.remove();
        }
    }

    private static String fmt(double v) {
        return Numbers.readable(v);
    }
}
