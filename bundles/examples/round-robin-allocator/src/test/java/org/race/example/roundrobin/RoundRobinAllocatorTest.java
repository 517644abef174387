package org.race.example.roundrobin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
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
import org.race.api.model.Resources;

class RoundRobinAllocatorTest {
    private final RoundRobinAllocator allocator = new RoundRobinAllocator();

    static NodeState node(String name, double cpu, double reservedCpu, boolean up) {
        return new NodeState(new Node(name, new Resources(cpu, 1024, 10)), new Resources(reservedCpu, 0, 0), up);
    }

    static Application app(List<Component> components, List<Connection> connections) {
        return new Application("a", Importance.MEDIUM, null, 100, 100, null, components, connections);
    }

    static List<Component> components(int n, double cpu) {
        List<Component> cs = new ArrayList<>();
        for (int i = 0; i < n; i++) cs.add(new Component("c" + i, "c", new Resources(cpu, 10, 0), cpu * 100, null));
        return cs;
    }

    @Test
    void componentsAreDealtOutInTurnAndWrapAround() throws Exception {
        List<NodeState> nodes = List.of(node("n1", 1, 0, true), node("n2", 1, 0, true), node("n3", 1, 0, true));
        Map<String, String> p = allocator.allocate(app(components(4, 0.1), List.of()), nodes).nodeOf();
        assertEquals(Map.of("c0", "n1", "c1", "n2", "c2", "n3", "c3", "n1"), p);
    }

    @Test
    void downAndFullNodesAreSkippedAndPinsHonoured() throws Exception {
        List<NodeState> nodes = List.of(node("n1", 1, 0, true), node("n2", 1, 0.95, true), node("n3", 1, 0, false), node("n4", 1, 0, true));
        List<Component> cs = new ArrayList<>(components(3, 0.2));
        cs.add(new Component("pinned", "p", new Resources(0.05, 0, 0), 5, "n2"));
        Map<String, String> p = allocator.allocate(app(cs, List.of()), nodes).nodeOf();
        assertEquals(Map.of("c0", "n1", "c1", "n4", "c2", "n1", "pinned", "n2"), p);

        cs.set(3, new Component("pinned", "p", new Resources(0.1, 0, 0), 10, "n2"));
        AllocationException e = assertThrows(AllocationException.class, () -> allocator.allocate(app(cs, List.of()), nodes));
        assertEquals("the components pinned to node n2 do not fit on it", e.getMessage());
    }

    @Test
    void aConnectionAcrossNodesNeedsBandwidthAtBothEnds() throws Exception {
        List<NodeState> nodes = List.of(node("n1", 1, 0, true), node("n2", 1, 0, true));
        // 12 Mbit/s do not fit into n1's or n2's 10: both components end up on n1, the connection inside it
        Map<String, String> p = allocator.allocate(app(components(2, 0.1), List.of(new Connection("c0", "c1", 12))), nodes).nodeOf();
        assertEquals(Map.of("c0", "n1", "c1", "n1"), p);
    }

    @Test
    void whatFitsNowhereIsRefusedNamingTheComponent() {
        List<NodeState> nodes = List.of(node("n1", 1, 0.5, true), node("n2", 1, 0.5, true));
        AllocationException e = assertThrows(AllocationException.class, () -> allocator.allocate(app(components(1, 0.6), List.of()), nodes));
        assertTrue(e.getMessage().contains("component 'c0' (cpu 0.6"), e.getMessage());
        assertThrows(AllocationException.class, () -> allocator.allocate(app(components(1, 0.1), List.of()), List.of(node("n1", 1, 0, false))));
    }
}
