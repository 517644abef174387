package org.race.allocator.binpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
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

class FirstFitAllocatorTest {
    private final FirstFitAllocator allocator = new FirstFitAllocator();

    private static NodeState node(String name, double cpu, double memory, double bandwidth) {
        return new NodeState(new Node(name, new Resources(cpu, memory, bandwidth)), Resources.ZERO, true);
    }

    private static NodeState down(String name, double cpu, double memory, double bandwidth) {
        return new NodeState(new Node(name, new Resources(cpu, memory, bandwidth)), Resources.ZERO, false);
    }

    private static Component comp(String name, double cpu, double memory) {
        return new Component(name, name, new Resources(cpu, memory, 0), cpu * 100, null);
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

    private static final List<NodeState> THREE = List.of(node("sc1", 1, 100, 10), node("sc2", 1, 100, 10), node("sc3", 1, 100, 10));

    @Test
    void fillsNodesInDomainOrder() throws Exception {
        Placement p = allocator.allocate(app(List.of(), comp("a", 0.4, 10), comp("b", 0.4, 10), comp("c", 0.4, 10),
                comp("d", 0.2, 10), comp("e", 0.5, 10)), THREE);
        assertEquals("firstfit", p.allocator());
        // a, b on sc1 (0.8); c does not fit there -> sc2; d back-fills sc1 (1.0); e joins c on sc2 (0.9)
        assertEquals(Map.of("a", "sc1", "b", "sc1", "c", "sc2", "d", "sc1", "e", "sc2"), p.nodeOf());
    }

    @Test
    void honoursPinsAndCountsThemFirst() throws Exception {
        // the pinned component is placed first, even though it comes last in the descriptor
        Placement p = allocator.allocate(app(List.of(), comp("a", 0.5, 10), comp("b", 0.5, 10), pinned("z", 0.6, 10, "sc1")), THREE);
        assertEquals(Map.of("z", "sc1", "a", "sc2", "b", "sc2"), p.nodeOf());
    }

    @Test
    void respectsWhatIsAlreadyReserved() throws Exception {
        List<NodeState> nodes = List.of(new NodeState(new Node("sc1", new Resources(1, 100, 10)), new Resources(0.9, 0, 0), true),
                node("sc2", 1, 100, 10));
        assertEquals(Map.of("a", "sc2"), allocator.allocate(app(List.of(), comp("a", 0.2, 1)), nodes).nodeOf());
    }

    @Test
    void overflowIsRejectedNamingNodeAndResource() {
        List<NodeState> nodes = List.of(node("sc1", 1, 100, 10), node("sc2", 1, 50, 10));
        AllocationException cpu = assertThrows(AllocationException.class,
                () -> allocator.allocate(app(List.of(), comp("big", 1.5, 10)), nodes));
        assertMentions(cpu, "'big'", "fits on no node", "cpu short on sc1, sc2");

        AllocationException memory = assertThrows(AllocationException.class,
                () -> allocator.allocate(app(List.of(), comp("a", 0.1, 60), comp("b", 0.1, 60)), nodes));
        assertMentions(memory, "'b'", "memory short on sc1, sc2");
    }

    @Test
    void pinsThatOverflowAreRejected() {
        AllocationException e = assertThrows(AllocationException.class,
                () -> allocator.allocate(app(List.of(), pinned("a", 0.7, 1, "sc2"), pinned("b", 0.7, 1, "sc2"), comp("c", 0.1, 1)), THREE));
        assertMentions(e, "static mapping", "sc2", "cpu");
    }

    @Test
    void skipsNodesThatAreDown() throws Exception {
        List<NodeState> nodes = List.of(down("sc1", 1, 100, 10), node("sc2", 1, 100, 10));
        assertEquals(Map.of("a", "sc2", "b", "sc2"), allocator.allocate(app(List.of(), comp("a", 0.3, 1), comp("b", 0.3, 1)), nodes).nodeOf());

        List<NodeState> allDown = List.of(down("sc1", 1, 100, 10));
        assertMentions(assertThrows(AllocationException.class, () -> allocator.allocate(app(List.of(), comp("a", 0.1, 1)), allDown)),
                "no node is available");
    }

    @Test
    void pinToDownOrUnknownNodeIsRejected() {
        List<NodeState> nodes = List.of(down("sc1", 1, 100, 10), node("sc2", 1, 100, 10));
        AllocationException toDown = assertThrows(AllocationException.class,
                () -> allocator.allocate(app(List.of(), pinned("a", 0.1, 1, "sc1"), comp("b", 0.1, 1)), nodes));
        assertMentions(toDown, "'a'", "sc1", "not available");

        AllocationException toUnknown = assertThrows(AllocationException.class,
                () -> allocator.allocate(app(List.of(), pinned("a", 0.1, 1, "sc9")), nodes));
        assertMentions(toUnknown, "'a'", "unknown node", "sc9");
    }

    @Test
    void connectionBandwidthIsChargedAtBothEnds() throws Exception {
        // a fills sc1's cpu, so b must leave it; the 6 Mbit/s link then costs 6 on sc1 and on b's node
        Application a = app(List.of(new Connection("a", "b", 6)), comp("a", 0.9, 1), comp("b", 0.5, 1));
        List<NodeState> nodes = List.of(node("sc1", 1, 100, 10), node("sc2", 1, 100, 5), node("sc3", 1, 100, 8));
        Placement p = allocator.allocate(a, nodes);
        assertEquals(Map.of("a", "sc1", "b", "sc3"), p.nodeOf(), "sc2 has too little bandwidth for the receiving end");
        assertEquals(new Resources(0.9, 1, 6), a.demandOn("sc1", p.nodeOf()));
        assertEquals(new Resources(0.5, 1, 6), a.demandOn("sc3", p.nodeOf()));

        // the sending end is charged too: sc1 cannot carry the link
        List<NodeState> narrowSender = List.of(node("sc1", 1, 100, 5), node("sc2", 1, 100, 100));
        AllocationException e = assertThrows(AllocationException.class, () -> allocator.allocate(a, narrowSender));
        assertMentions(e, "'b'", "bandwidth of sc1");
    }

    @Test
    void localConnectionCostsNoBandwidth() throws Exception {
        Application a = app(List.of(new Connection("a", "b", 50)), comp("a", 0.2, 1), comp("b", 0.2, 1));
        assertEquals(Map.of("a", "sc1", "b", "sc1"), allocator.allocate(a, List.of(node("sc1", 1, 100, 1))).nodeOf());
    }

    @Test
    void deterministic() throws Exception {
        List<Component> cs = new ArrayList<>();
        for (int i = 0; i < 12; i++) cs.add(comp("c" + i, 0.05 + 0.03 * (i % 5), 5 + i));
        List<Connection> ks = new ArrayList<>();
        for (int i = 1; i < 12; i++) ks.add(new Connection("c" + (i - 1), "c" + i, 0.5));
        Application a = app(ks, cs.toArray(Component[]::new));
        Placement first = allocator.allocate(a, THREE);
        Placement second = allocator.allocate(a, THREE);
        assertEquals(first, second);
        assertEquals(12, first.nodeOf().size());
        assertEquals(allocator.allocate(a, List.copyOf(THREE)).nodeOf(), new FirstFitAllocator().allocate(a, THREE).nodeOf());
    }
}
