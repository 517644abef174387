package org.race.platform.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.race.platform.sim.SimWorldTest.MS;
import static org.race.platform.sim.SimWorldTest.S;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.race.node.platform.RuntimeNode;
import org.race.api.model.Adjustment;
import org.race.api.model.Adjustment.Kind;
import org.race.api.model.Connection;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.EffectReport;
import org.race.api.model.Range;
import org.race.api.model.Reservation;
import org.race.api.model.ReservationReply;
import org.race.api.model.Resources;

/** A RuntimeNode as NodeManager and NodeEffector over one SimWorld. */
class RuntimeNodeTest {
    private SimWorld world;
    private RuntimeNode sc1, sc2;

    @BeforeEach
    void setUp() {
        world = SimWorldTest.world(42, 0, SimWorldTest.twoNodes());
        sc1 = new RuntimeNode(SimWorldTest.twoNodes().nodes().get(0), world);
        sc2 = new RuntimeNode(SimWorldTest.twoNodes().nodes().get(1), world);
    }

    /** One component on sc1, 100 ms every 1000 ms, period may move in [500, 2000]. */
    private static DeploymentPlan adjustable() {
        return SimWorldTest.plan(SimWorldTest.app("sci", 1000, 500, new Range(500, 2000),
                List.of(SimWorldTest.comp("f", 100, "sc1")), List.of()));
    }

    private static Adjustment adj(String component, Kind kind, double value) {
        return new Adjustment("sci", component, kind, value, null);
    }

    @Test
    void managerAndMonitorViews() {
        assertEquals("sc1", sc1.nodeName());
        DeploymentPlan x = SimWorldTest.crossNode();
        sc1.deploy(x);
        sc2.deploy(x);
        assertEquals(List.of("x"), sc1.applications());
        assertEquals(List.of("x"), sc2.applications());
        world.advanceTo(10 * S);
        assertEquals("sc2", world.sample("sc2").node());
        sc1.undeploy("x");
        assertEquals(List.of(), sc1.applications());
        assertEquals(List.of("x"), sc2.applications());
    }

    @Test
    void admissionInTwoPhases() {
        DeploymentPlan x = SimWorldTest.crossNode();
        // sc1 hosts a's declared 0.1 cpu once committed; the reservation checks against sc1's capacity
        ReservationReply r = sc1.reserve(new Reservation("x-1", "x", x.demandOn("sc1"), Map.of(), 60_000));
        assertTrue(r.granted(), String.valueOf(r.reason()));
        assertEquals(List.of("x-1"), sc1.reservations().stream().map(Reservation::id).toList());
        assertThrows(IllegalStateException.class, () -> sc1.commit("x-1", adjustable()), "a reservation commits its own application only");
        ReservationReply again = sc2.reserve(new Reservation("x-2", "x", x.demandOn("sc2"), Map.of(), 60_000));
        sc1.reserve(new Reservation("x-1", "x", x.demandOn("sc1"), Map.of(), 60_000));
        sc1.commit("x-1", x);
        sc2.commit(again.id(), x);
        assertEquals(List.of("x"), sc1.applications(), "commit starts the node's part");
        assertTrue(sc1.reservations().isEmpty() && sc2.reservations().isEmpty(), "and ends the reservation");
        ReservationReply full = sc1.reserve(new Reservation("y-1", "y", new Resources(0.95, 0, 0), Map.of(), 60_000));
        assertFalse(full.granted(), "0.1 of sc1's 1.0 is hosted");
        sc1.release("y-1");
    }

    @Test
    void priorityOutsideZeroToNinetyNineIsRejected() {
        sc1.deploy(adjustable());
        for (double bad : new double[] { 100, -1, 12.5 }) {
            EffectReport r = sc1.apply(List.of(adj("f", Kind.PRIORITY, bad)));
            assertEquals(List.of(), r.applied());
            assertEquals(1, r.rejected().size());
            assertTrue(r.rejected().get(0).contains("outside [0, 99]"), r.rejected().get(0));
            assertTrue(r.rejected().get(0).startsWith("sci/f PRIORITY"), r.rejected().get(0));
        }
        assertNull(world.plan("sc1", "sci").settingsOf("f").priority(), "nothing changed");
    }

    @Test
    void validPriorityIsApplied() {
        sc1.deploy(adjustable());
        long before = System.nanoTime();
        EffectReport r = sc1.apply(List.of(adj("f", Kind.PRIORITY, 99), adj(null, Kind.PRIORITY, 0)));
        long took = System.nanoTime() - before;
        assertEquals(List.of("sci/f PRIORITY 99", "sci PRIORITY 0"), r.applied());
        assertEquals(List.of(), r.rejected());
        assertEquals(0, world.plan("sc1", "sci").settingsOf("f").priority(), "null component: the whole application");
        // the actuation delay is the wall time the node spent applying, in ns: some, and within the call
        assertTrue(r.actuationDelayNanos() > 0 && r.actuationDelayNanos() <= took, r.actuationDelayNanos() + " ns of " + took);
    }

    @Test
    void priorityChangeTakesEffectOnTheSchedule() {
        SimWorldTest.deployOverload(world, Map.of());
        RuntimeNode n = sc1;
        EffectReport r = n.apply(List.of(new Adjustment("B", "b", Kind.PRIORITY, 10, null)));
        assertEquals(1, r.applied().size(), r.toString());
        world.advanceTo(10 * S);
        var s = world.sample(n.nodeName());
        assertEquals(0, SimWorldTest.qos(s, "B").missed());
        assertTrue(SimWorldTest.qos(s, "A").missed() > 0);
    }

    @Test
    void periodOutsideRangeIsRejected() {
        sc1.deploy(adjustable());
        for (double bad : new double[] { 499, 2001, 0 }) {
            EffectReport r = sc1.apply(List.of(adj(null, Kind.PERIOD, bad)));
            assertEquals(List.of(), r.applied());
            assertTrue(r.rejected().get(0).contains("outside the allowed range"), r.rejected().get(0));
        }
        assertEquals(1000, world.plan("sc1", "sci").application().periodMs());
    }

    @Test
    void validPeriodIsAppliedAndVisibleInTheSamples() {
        sc1.deploy(adjustable());
        EffectReport r = sc1.apply(List.of(adj(null, Kind.PERIOD, 500)));
        assertEquals(List.of("sci PERIOD 500.0"), r.applied());
        assertEquals(500, world.plan("sc1", "sci").application().periodMs());
        world.advanceTo(10 * S);
        var s = world.sample("sc1");
        assertEquals(20, SimWorldTest.qos(s, "sci").completed(), "releases every 500 ms instead of every 1000 ms");
        assertEquals(20, SimWorldTest.qos(s, "sci").met());
        assertEquals(0.2, s.utilization().get("cpu"), SimWorldTest.EPS);
    }

    @Test
    void periodChangeAppliesToTheWholeEndToEndApplication() {
        DeploymentPlan x = SimWorldTest.plan(SimWorldTest.app("x", 1000, 1000, null,
                List.of(SimWorldTest.comp("a", 10, "sc1"), SimWorldTest.comp("b", 20, "sc2")), List.of(new Connection("a", "b", 1))));
        sc1.deploy(x);
        sc2.deploy(x);
        EffectReport r = sc1.apply(List.of(new Adjustment("x", null, Kind.PERIOD, 2000, null)));
        assertEquals(1, r.applied().size(), r.toString());
        assertEquals(2000, world.plan("sc2", "x").application().periodMs(), "sc2 sees it as well");
        world.advanceTo(10 * S + 500 * MS);
        var q = SimWorldTest.qos(world.sample("sc2"), "x");
        assertEquals(6, q.completed()); // releases at 0, 2, ..., 10 s
        // 1 Mbit/s x 2 s = 2 Mbit / 5 Mbit/s = 400 ms, + 5 + 10 + 20
        assertEquals(435.0, q.meanLatencyMs(), SimWorldTest.EPS);
    }

    @Test
    void otherAdjustmentsAndErrors() {
        sc1.deploy(adjustable());
        EffectReport r = sc1.apply(List.of(
                new Adjustment("sci", "f", Kind.PRIORITY_CLASS, 0, "high"),
                new Adjustment("sci", "f", Kind.MOVE, 0, "sc2"),
                new Adjustment("ghost", null, Kind.PRIORITY, 5, null)));
        assertEquals(List.of("sci/f PRIORITY_CLASS high"), r.applied());
        assertEquals("high", world.plan("sc1", "sci").settingsOf("f").priorityClass());
        assertEquals(2, r.rejected().size(), r.toString());
        assertTrue(r.rejected().get(0).contains("cannot move"), r.rejected().get(0));
        assertTrue(r.rejected().get(1).startsWith("ghost PRIORITY: ") && r.rejected().get(1).contains("not deployed on sc1"),
                r.rejected().get(1));
    }
}
