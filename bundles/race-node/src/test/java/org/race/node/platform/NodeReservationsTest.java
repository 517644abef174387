package org.race.node.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.race.api.model.Application;
import org.race.api.model.Component;
import org.race.api.model.ComponentSettings;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Importance;
import org.race.api.model.Node;
import org.race.api.model.Placement;
import org.race.api.model.QosRegion;
import org.race.api.model.Range;
import org.race.api.model.Reservation;
import org.race.api.model.ReservationReply;
import org.race.api.model.Resources;

/** Phase 1 on one node: the availability test, shrinks counted, leases that end by themselves. */
class NodeReservationsTest {
    private static final double EPS = 1e-9;
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final NodeReservations node = new NodeReservations(new Node("sc1", new Resources(1.0, 512, 10)), now::get);

    /** A contracted application on sc1: 40 ms per job, period 100 ms (cpu 0.4), may shrink to 400 ms. */
    private static DeploymentPlan low() {
        Application a = new Application("low", Importance.LOW, null, 100, 100, null,
                List.of(new Component("c", "c", new Resources(0.4, 64, 0), 40, "sc1")), List.of(), new QosRegion(new Range(100, 400), null));
        return new DeploymentPlan(a, new Placement("static", Map.of("c", "sc1")), Map.of("c", ComponentSettings.NONE));
    }

    private static Reservation cpu(String id, double cpu, Map<String, Double> shrinks, long leaseMs) {
        return new Reservation(id, "new-" + id, new Resources(cpu, 0, 0), shrinks, leaseMs);
    }

    @Test
    void grantsWhatFitsBesidesHostedAndHeldAndRefusesTheRestWithTheFigures() {
        ReservationReply a = node.reserve(cpu("a", 0.5, Map.of(), 1000), List.of(low()));
        assertTrue(a.granted());
        assertEquals(0.6, a.free().cpu(), EPS, "1.0 - 0.4 hosted");
        ReservationReply b = node.reserve(cpu("b", 0.2, Map.of(), 1000), List.of(low()));
        assertFalse(b.granted(), "0.4 hosted + 0.5 held leave 0.1");
        assertEquals(0.1, b.free().cpu(), EPS);
        assertTrue(b.reason().contains("node sc1 has 0.1 cpu free, new-b needs 0.2"), b.reason());
        assertEquals(List.of("a"), node.live().stream().map(Reservation::id).toList());
    }

    @Test
    void countsWhatAShrinkFrees() {
        // low at 400 ms needs 0.1: 0.9 is free for the newcomer
        assertTrue(node.reserve(cpu("a", 0.9, Map.of("low", 400.0), 1000), List.of(low())).granted());
        assertFalse(node.reserve(cpu("b", 0.9, Map.of(), 1000), List.of()).granted(), "a holds 0.9 of 1.0");
    }

    @Test
    void aReservationNotCommittedExpiresAtItsDeadline() {
        node.reserve(cpu("a", 0.5, Map.of(), 200), List.of());
        now.addAndGet(199_000_000L);
        assertEquals(1, node.live().size(), "held until the deadline");
        now.addAndGet(1_000_000L);
        assertTrue(node.live().isEmpty(), "gone at the deadline, without any release");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> node.take("a"));
        assertTrue(e.getMessage().contains("no reservation a"), e.getMessage());
        assertTrue(node.reserve(cpu("b", 1.0, Map.of(), 200), List.of()).granted(), "its capacity is free again");
    }

    @Test
    void commitTakesAndReleaseDropsOnce() {
        node.reserve(cpu("a", 0.5, Map.of(), 1000), List.of());
        assertEquals("new-a", node.take("a").application());
        assertThrows(IllegalStateException.class, () -> node.take("a"), "a reservation is committed once");
        node.reserve(cpu("b", 0.5, Map.of(), 1000), List.of());
        node.release("b");
        node.release("b");
        assertTrue(node.live().isEmpty());
    }
}
