package org.race.platform.jvm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.race.api.component.ComponentContext;
import org.race.api.component.ComponentInstance;
import org.race.api.component.ComponentType;
import org.race.api.model.Component;
import org.race.api.model.Connection;
import org.race.api.model.DeploymentPlan;

/** The instances of the typed components a deployment puts on one node of the jvm platform, made all or none. */
final class TypedInstances {
    private TypedInstances() {
    }

    /** Where a typed component's instance runs, as its activate sees it. */
    private record Context(String application, String component, String node, Map<String, String> properties, List<String> predecessors,
            List<String> successors) implements ComponentContext {
    }

    /**
     * An instance of its type for every typed component of {@code plan} on {@code node} (of {@code cpu}), with
     * the payload limit of each of its connections ({@code defaultLimit} where the descriptor gives none); a type
     * that is not installed here, or an activate that throws, deactivates those made and refuses.
     */
    static Map<String, Worker.Instance> activate(InstalledTypes types, String node, double cpu, DeploymentPlan plan, int defaultLimit) {
        Map<String, Worker.Instance> made = new LinkedHashMap<>();
        Map<String, List<String>> in = new HashMap<>(), out = new HashMap<>();
        Map<String, List<Integer>> limits = new HashMap<>();
        for (Connection k : plan.application().connections()) {
            out.computeIfAbsent(k.from(), x -> new ArrayList<>()).add(k.to());
            in.computeIfAbsent(k.to(), x -> new ArrayList<>()).add(k.from());
            limits.computeIfAbsent(k.from(), x -> new ArrayList<>()).add(k.maxPayloadBytes() > 0 ? k.maxPayloadBytes() : defaultLimit);
        }
        try {
            for (Component c : plan.application().components()) {
                if (!c.typed() || !node.equals(plan.placement().nodeOf().get(c.name()))) continue;
                ComponentType type = types.get(c.type());
                String what = "component '" + c.name() + "' of " + plan.name() + " on " + node;
                if (type == null) {
                    throw new IllegalStateException(what + ": type '" + c.type() + "' is not installed here (installed: "
                            + (types.names().isEmpty() ? "none" : String.join(", ", types.names())) + ")");
                }
                List<String> successors = List.copyOf(out.getOrDefault(c.name(), List.of()));
                Context context = new Context(plan.name(), c.name(), node, c.properties(), List.copyOf(in.getOrDefault(c.name(), List.of())), successors);
                ComponentInstance code;
                try {
                    code = Objects.requireNonNull(type.activate(context), "activate returned null");
                } catch (Exception | LinkageError e) {
                    throw new IllegalStateException(what + ": type '" + c.type() + "' refused to activate: " + e.getMessage(), e);
                }
                int[] limit = limits.getOrDefault(c.name(), List.of()).stream().mapToInt(Integer::intValue).toArray();
                made.put(c.name(), new Worker.Instance(c.type(), code, successors, limit, Math.round(c.executionTimeMs() / cpu * 1e6), type, context));
            }
        } catch (RuntimeException e) {
            deactivate(made.values());
            throw e;
        }
        return made;
    }

    /** Instances that never got a worker (their deployment was refused). */
    static void deactivate(Iterable<Worker.Instance> instances) {
        for (Worker.Instance i : instances) {
            Worker.deactivate(i, "component " + i.context().component() + " of " + i.context().application() + ", deployment refused");
        }
    }
}
