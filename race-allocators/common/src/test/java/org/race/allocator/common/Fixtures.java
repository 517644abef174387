package org.race.allocator.common;

import java.util.ArrayList;
import java.util.List;

import org.race.api.model.Application;
import org.race.api.model.Component;
import org.race.api.model.Connection;
import org.race.api.model.Importance;
import org.race.api.model.Node;
import org.race.api.model.NodeState;
import org.race.api.model.Resources;

/** Small hand-made problems. */
public final class Fixtures {
    private Fixtures() {
    }

    public static NodeState node(String name, double cpu, double memory, double bandwidth) {
        return new NodeState(new Node(name, new Resources(cpu, memory, bandwidth)), Resources.ZERO, true);
    }

    public static List<NodeState> nodes(int count, double cpu) {
        List<NodeState> out = new ArrayList<>();
        for (int j = 0; j < count; j++) out.add(node("n" + j, cpu, 1000, 100));
        return out;
    }

    public static Component comp(String name, double cpu) {
        return new Component(name, name, new Resources(cpu, 0, 0), cpu * 100, null);
    }

    public static Component comp(String name, double cpu, double memory, String node) {
        return new Component(name, name, new Resources(cpu, memory, 0), cpu * 100, node);
    }

    public static Application app(List<Connection> connections, Component... components) {
        return new Application("app", Importance.MEDIUM, null, 100, 100, null, List.of(components), connections);
    }
}
