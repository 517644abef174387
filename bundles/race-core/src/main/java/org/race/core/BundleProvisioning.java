package org.race.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.race.api.NodeCalls;
import org.race.api.model.Component;
import org.race.api.model.DeploymentPlan;
import org.race.api.repository.ComponentBundle;
import org.race.api.repository.ComponentInstaller;
import org.race.api.repository.ComponentRepository;

/**
 * The component bundles a node container needs for its part of a plan, installed there before the part
 * starts: this container's {@link ComponentRepository} names the bundle of each type (version, SHA-256,
 * size), the node's {@link ComponentInstaller} fetches and installs what it lacks. Nodes without an
 * installer (this container's own, which share its bundles) are left alone.
 */
final class BundleProvisioning {
    private record Installer(Map<String, Object> service, ComponentInstaller installer) {
    }

    private final Supplier<NodeCalls> calls;
    private final Supplier<ComponentRepository> repository;
    private final EventLog events;
    /** By node; the last bound for a node wins. */
    private final Map<String, Installer> installers = new ConcurrentHashMap<>();

    BundleProvisioning(Supplier<NodeCalls> calls, Supplier<ComponentRepository> repository, EventLog events) {
        this.calls = calls;
        this.repository = repository;
        this.events = events;
    }

    void bound(String node, ComponentInstaller installer, Map<String, Object> service) {
        installers.put(node, new Installer(Map.copyOf(service), installer));
    }

    void unbound(String node, ComponentInstaller installer) {
        installers.computeIfPresent(node, (n, i) -> i.installer() == installer ? null : i);
    }

    /**
     * The types of {@code plan}'s components on {@code node}, installed there in the versions this container has;
     * throws IllegalStateException naming the type, the bundle and the reason of a refusal.
     */
    void provide(String node, DeploymentPlan plan) {
        TreeSet<String> types = new TreeSet<>();
        for (Component c : plan.application().components()) {
            if (c.typed() && node.equals(plan.placement().nodeOf().get(c.name()))) types.add(c.type());
        }
        Installer at = installers.get(node);
        ComponentRepository repo = repository.get();
        // without an installer or a repository the node's own check refuses a type it does not have
        if (types.isEmpty() || at == null || repo == null) return;
        List<ComponentBundle> bundles = new ArrayList<>();
        for (String type : types) {
            try {
                bundles.add(repo.bundleOf(type));
            } catch (RuntimeException e) {
                throw new IllegalStateException("component bundles for " + plan.name() + ": type '" + type + "' cannot be served: " + NodeDispatch.message(e), e);
            }
        }
        List<ComponentBundle> installed;
        try {
            installed = calls.get().call(at.service(), "install " + bundles.stream().map(ComponentBundle::describe).toList(),
                    () -> at.installer().install(bundles));
        } catch (RuntimeException e) {
            throw new IllegalStateException("component bundles for " + plan.name() + " not installed: " + NodeDispatch.message(e), e);
        }
        for (ComponentBundle b : installed) events.info(node + " installed " + b.describe() + " from this container (" + b.size() + " bytes, SHA-256 " + b.sha256() + ")");
    }
}
