package org.race.allocator.static_;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.race.api.model.AllocationException;
import org.race.api.model.Application;
import org.race.api.model.Component;
import org.race.api.model.Connection;
import org.race.api.model.Importance;
import org.race.api.model.Node;
import org.race.api.model.NodeState;
import org.race.api.model.Placement;
import org.race.api.model.Resources;

class StaticAllocatorTest {
    private final StaticAllocator allocator = new StaticAllocator();

    private static NodeState node(String name, double cpu, double memory, double bandwidth) {
        return new NodeState(new Node(name, new Resources(cpu, memory, bandwidth)), Resources.ZERO, true);
    }

    private static Component pinned(String name, double cpu, double memory, String node) {
        return new Component(name, name, new Resources(cpu, memory, 0), cpu * 100, node);
    }

    private static Application app(List<Connection> connections, Component... components) {
        return new Application("app", Importance.MEDIUM, null, 100, 100, null, Arrays.asList(components), connections);
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' should mention '" + p + "'");
    }

    @Test
    void honoursEveryPin() throws Exception {
        List<NodeState> nodes = List.of(node("sc1", 1, 100, 10), node("sc2", 1, 100, 10));
        Placement p = allocator.allocate(app(List.of(), pinned("a", 0.5, 10, "sc2"), pinned("b", 0.5, 10, "sc1"),
                pinned("c", 0.5, 10, "sc2")), nodes);
        assertEquals("static", p.allocator());
        assertEquals(Map.of("a", "sc2", "b", "sc1", "c", "sc2"), p.nodeOf());
    }

    @Test
    void unpinnedComponentIsRejected() {
        AllocationException e = assertThrows(AllocationException.class, () -> allocator.allocate(
                app(List.of(), pinned("a", 0.1, 1, "sc1"), pinned("b", 0.1, 1, null)), List.of(node("sc1", 1, 100, 10))));
        assertMentions(e, "'b'", "no node");
    }

    @Test
    void pinToUnknownOrDownNodeIsRejected() {
        AllocationException unknown = assertThrows(AllocationException.class,
                () -> allocator.allocate(app(List.of(), pinned("a", 0.1, 1, "sc7")), List.of(node("sc1", 1, 100, 10))));
        assertMentions(unknown, "'a'", "unknown node", "sc7");

        NodeState down = new NodeState(new Node("sc1", new Resources(1, 100, 10)), Resources.ZERO, false);
        AllocationException notUp = assertThrows(AllocationException.class,
                () -> allocator.allocate(app(List.of(), pinned("a", 0.1, 1, "sc1")), List.of(down)));
        assertMentions(notUp, "'a'", "sc1", "not available");
    }

    @Test
    void overflowNamesNodeAndResource() {
        List<NodeState> nodes = List.of(node("sc1", 1, 100, 10), node("sc2", 1, 100, 10));
        AllocationException cpu = assertThrows(AllocationException.class, () -> allocator.allocate(
                app(List.of(), pinned("a", 0.6, 10, "sc2"), pinned("b", 0.6, 10, "sc2")), nodes));
        assertMentions(cpu, "sc2", "cpu", "1.2", "lower bound");

        AllocationException memory = assertThrows(AllocationException.class, () -> allocator.allocate(
                app(List.of(), pinned("a", 0.1, 80, "sc1"), pinned("b", 0.1, 30, "sc1")), nodes));
        assertMentions(memory, "sc1", "memory", "110");
    }

    @Test
    void overflowCountsWhatIsAlreadyReserved() throws Exception {
        NodeState busy = new NodeState(new Node("sc1", new Resources(1, 100, 10)), new Resources(0.7, 0, 0), true);
        Application a = app(List.of(), pinned("a", 0.3, 10, "sc1"));
        assertEquals(Map.of("a", "sc1"), allocator.allocate(a, List.of(busy)).nodeOf(), "exactly full still fits");
        AllocationException e = assertThrows(AllocationException.class,
                () -> allocator.allocate(app(List.of(), pinned("a", 0.31, 10, "sc1")), List.of(busy)));
        assertMentions(e, "sc1", "cpu");
    }

    @Test
    void connectionBandwidthIsChargedAtBothEnds() throws Exception {
        // 6 Mbit/s between sc1 and sc2: fits sc1 (10) but not sc2 (5)
        List<NodeState> nodes = List.of(node("sc1", 1, 100, 10), node("sc2", 1, 100, 5));
        Application a = app(List.of(new Connection("a", "b", 6)), pinned("a", 0.1, 1, "sc1"), pinned("b", 0.1, 1, "sc2"));
        AllocationException e = assertThrows(AllocationException.class, () -> allocator.allocate(a, nodes));
        assertMentions(e, "sc2", "bandwidth");

        // the sending end is charged as well: swap capacities
        List<NodeState> swapped = List.of(node("sc1", 1, 100, 5), node("sc2", 1, 100, 10));
        assertMentions(assertThrows(AllocationException.class, () -> allocator.allocate(a, swapped)), "sc1", "bandwidth");

        // on the same node a connection costs no bandwidth
        Application local = app(List.of(new Connection("a", "b", 6)), pinned("a", 0.1, 1, "sc2"), pinned("b", 0.1, 1, "sc2"));
        assertEquals(Map.of("a", "sc2", "b", "sc2"), allocator.allocate(local, nodes).nodeOf());
    }

    @Test
    void deterministic() throws Exception {
        List<NodeState> nodes = List.of(node("sc1", 1, 100, 10), node("sc2", 1, 100, 10));
        Application a = app(List.of(new Connection("a", "b", 1)), pinned("a", 0.1, 1, "sc1"), pinned("b", 0.1, 1, "sc2"));
        assertEquals(allocator.allocate(a, nodes), allocator.allocate(a, nodes));
    }
}
