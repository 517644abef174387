package org.race.analysis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.race.api.CostModel;
import org.race.api.model.Application;
import org.race.api.model.Component;
import org.race.api.model.Connection;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;
import org.race.api.model.Node;

/**
 * The plans as the platforms run them (PlatformCore and the sim's processors): a job's execution time on
 * its node is executionTime x (1 +/- variation) / cpu, plus the cost model's overhead per job; an output
 * to another node arrives after the link latency plus its transmission (one period's megabits over the
 * slower end's bandwidth); the node's own outputs arrive at once.
 */
final class Model {
    /** Every task, each application's in an order where inputs come first. */
    final List<Task> tasks = new ArrayList<>();
    /** Per application (in plan order), its tasks by component name. */
    final Map<DeploymentPlan, Map<String, Task>> byPlan = new LinkedHashMap<>();

    Model(List<DeploymentPlan> plans, Domain domain, CostModel costs, double variation) {
        for (DeploymentPlan p : plans) {
            Application app = p.application();
            Application charged = costs == null ? app : costs.charge(app);
            Map<String, Component> chargedByName = byName(charged);
            Map<String, Task> mine = new LinkedHashMap<>();
            for (Component c : app.components()) {
                String node = p.placement().nodeOf().get(c.name());
                double cpu = cpu(domain, node);
                double overheadMs = overheadMs(app, chargedByName.get(c.name()), c) / cpu;
                Integer prio = p.settingsOf(c.name()).priority();
                mine.put(c.name(), new Task(app.name(), c.name(), node, prio == null ? 0 : prio, app.periodMs(), app.deadlineMs(),
                        c.executionTimeMs() * (1 + variation) / cpu + overheadMs, c.executionTimeMs() * (1 - variation) / cpu));
            }
            for (Connection k : app.connections()) {
                Task from = mine.get(k.from()), to = mine.get(k.to());
                if (from == null || to == null) continue;
                to.inputs.add(new Task.Input(from, delay(domain, from.node, to.node, k, app.periodMs())));
                from.sink = false;
            }
            List<Task> ordered = topological(mine.values());
            chain(ordered, p);
            byPlan.put(p, mine);
            tasks.addAll(ordered);
        }
    }

    /** The cost model's overhead per job of {@code c} on a node of cpu 1: what its charged self ({@code charged}, null: none) adds to its cpu, over one period. */
    static double overheadMs(Application app, Component charged, Component c) {
        return Math.max(0, (charged == null ? c : charged).demand().cpu() - c.demand().cpu()) * app.periodMs();
    }

    /** An application's components by name, looked up once each (Application.component searches the list: 10,000 of them squared). */
    static Map<String, Component> byName(Application app) {
        Map<String, Component> m = new HashMap<>();
        for (Component c : app.components()) m.putIfAbsent(c.name(), c);
        return m;
    }

    /**
     * Marks in each task of one plan the components before it on its paths (bits by place in {@code ordered}): the
     * union of its inputs' when they all come first, else (on or after a cycle) by walking back its inputs.
     */
    private static void chain(List<Task> ordered, DeploymentPlan plan) {
        for (int k = 0; k < ordered.size(); k++) {
            ordered.get(k).plan = plan;
            ordered.get(k).order = k;
        }
        for (Task t : ordered) {
            if (t.inputs.stream().allMatch(in -> in.from().order < t.order)) {
                for (Task.Input in : t.inputs) {
                    t.before.or(in.from().before);
                    t.before.set(in.from().order);
                }
                continue;
            }
            Deque<Task> todo = new ArrayDeque<>();
            t.inputs.forEach(in -> todo.add(in.from()));
            while (!todo.isEmpty()) {
                Task before = todo.poll();
                if (before == t || t.before.get(before.order)) continue;
                t.before.set(before.order);
                before.inputs.forEach(in -> todo.add(in.from()));
            }
        }
    }

    private static double cpu(Domain domain, String node) {
        double cpu = domain.node(node).map(n -> n.capacity().cpu()).orElse(1.0);
        return cpu > 0 ? cpu : 1.0;
    }

    /** PlatformCore.linkDelay: latency plus one period's output over the slower end's bandwidth. */
    static double delay(Domain domain, String from, String to, Connection k, double periodMs) {
        if (from.equals(to)) return 0;
        double mbps = Math.min(bandwidth(domain, from), bandwidth(domain, to));
        double transmissionMs = k.bandwidth() <= 0 || mbps <= 0 ? 0 : k.bandwidth() * periodMs / mbps;
        return domain.linkLatencyMs() + transmissionMs;
    }

    private static double bandwidth(Domain domain, String node) {
        return domain.node(node).map(Node::capacity).map(c -> c.bandwidth()).orElse(0.0);
    }

    /** Kahn's order; a component on a cycle (never released by the platforms) comes last. */
    private static List<Task> topological(java.util.Collection<Task> all) {
        Map<Task, Integer> waiting = new LinkedHashMap<>();
        Map<Task, List<Task>> next = new LinkedHashMap<>();
        for (Task t : all) {
            waiting.put(t, t.inputs.size());
            for (Task.Input in : t.inputs) next.computeIfAbsent(in.from(), x -> new ArrayList<>()).add(t);
        }
        Deque<Task> ready = new ArrayDeque<>();
        waiting.forEach((t, n) -> {
            if (n == 0) ready.add(t);
        });
        List<Task> out = new ArrayList<>();
        while (!ready.isEmpty()) {
            Task t = ready.poll();
            out.add(t);
            for (Task s : next.getOrDefault(t, List.of())) if (waiting.merge(s, -1, Integer::sum) == 0) ready.add(s);
        }
        Set<Task> sorted = new HashSet<>(out); // a list's contains for each of 10,000 tasks is 10^8 comparisons
        for (Task t : all) if (!sorted.contains(t)) out.add(t);
        return out;
    }
}
