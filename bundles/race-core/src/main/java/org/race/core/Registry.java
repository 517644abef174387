package org.race.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.race.api.model.DeploymentPlan;

/**
 * The deployed applications (in deployment order) and those of the state file still waiting for their
 * nodes. Changed under the engine's lock only; readers get an immutable copy published after each
 * change, so a query never waits for a deployment in progress.
 */
final class Registry {
    private final Map<String, DeploymentPlan> deployed = new LinkedHashMap<>();
    private final List<DeploymentPlan> pending = new ArrayList<>();
    /** One publication: a reader sees the list and the map of the same change, never one of each. */
    private record Published(List<DeploymentPlan> inOrder, Map<String, DeploymentPlan> byName) {
    }

    private volatile Published published = new Published(List.of(), Map.of());
    private RegistryFile file;
    private Runnable onChange = () -> {
    };

    /** Where the registry is kept from now on; returns the plans it holds, to restore. */
    List<DeploymentPlan> keepIn(RegistryFile file) {
        this.file = file;
        List<DeploymentPlan> stored = file.read();
        pending.addAll(stored);
        return stored;
    }

    void onChange(Runnable r) {
        onChange = r;
    }

    boolean keptOnDisk() {
        return file != null;
    }

    // ---------------------------------------------------------------- under the engine's lock

    DeploymentPlan get(String name) {
        return deployed.get(name);
    }

    boolean contains(String name) {
        return deployed.containsKey(name);
    }

    Set<String> names() {
        return deployed.keySet();
    }

    /** The deployed plans, a copy. */
    List<DeploymentPlan> plans() {
        return List.copyOf(deployed.values());
    }

    /** The deployed plans by name, a copy in deployment order. */
    Map<String, DeploymentPlan> byName() {
        return new LinkedHashMap<>(deployed);
    }

    void put(DeploymentPlan plan) {
        deployed.put(plan.name(), plan);
        publish();
    }

    void remove(String name) {
        deployed.remove(name);
        publish();
    }

    List<DeploymentPlan> pending() {
        return List.copyOf(pending);
    }

    void restored(DeploymentPlan plan) {
        pending.remove(plan);
    }

    /** Whether the registry (or the state file still to restore) places a component of {@code application} on {@code node}. */
    boolean placedOn(String application, String node) {
        DeploymentPlan p = deployed.get(application);
        if (p != null && nodesOf(p).contains(node)) return true;
        return pending.stream().anyMatch(q -> q.name().equals(application) && nodesOf(q).contains(node));
    }

    /** A change of what is deployed: the node view learns of it and the state file is rewritten. */
    void changed() {
        onChange.run();
        save();
    }

    /** Rewrite the state file (settings changed by effectors, restores): no change of what is deployed. */
    void save() {
        if (file == null) return;
        Collection<DeploymentPlan> all = new ArrayList<>(deployed.values());
        all.addAll(pending);
        file.write(all);
    }

    private void publish() {
        published = new Published(List.copyOf(deployed.values()), Map.copyOf(deployed));
    }

    // ---------------------------------------------------------------- for readers, without the lock

    List<DeploymentPlan> snapshot() {
        return published.inOrder();
    }

    Optional<DeploymentPlan> find(String name) {
        return Optional.ofNullable(published.byName().get(name));
    }

    static TreeSet<String> nodesOf(DeploymentPlan plan) {
        return new TreeSet<>(plan.placement().nodeOf().values());
    }
}
