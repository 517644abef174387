package org.race.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.race.api.NodeCalls;
import org.race.api.model.Component;
import org.race.api.model.DeploymentException;
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

    /** Every node container of {@code plan}, in one pass over its components; throws naming the node, type, bundle and reason of a refusal. */
    void provide(DeploymentPlan plan) throws DeploymentException {
        if (installers.isEmpty() || repository.get() == null) return; // one container: nothing to serve
        for (Map.Entry<String, Set<String>> e : typesByNode(plan).entrySet()) {
            try {
                provide(e.getKey(), plan.name(), e.getValue());
            } catch (IllegalStateException ex) {
                throw new DeploymentException("node " + e.getKey(), ex.getMessage(), ex);
            }
        }
    }

    /** The same for one node; throws IllegalStateException with the reason. */
    void provide(String node, DeploymentPlan plan) {
        if (!installers.containsKey(node) || repository.get() == null) return;
        provide(node, plan.name(), typesByNode(plan).getOrDefault(node, Set.of()));
    }

    /** The types of the plan's typed components on each node that has an installer. */
    private Map<String, Set<String>> typesByNode(DeploymentPlan plan) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (Component c : plan.application().components()) {
            String node = plan.placement().nodeOf().get(c.name());
            if (c.typed() && node != null && installers.containsKey(node)) out.computeIfAbsent(node, n -> new TreeSet<>()).add(c.type());
        }
        return out;
    }

    private void provide(String node, String application, Set<String> types) {
        Installer at = installers.get(node);
        ComponentRepository repo = repository.get();
        // without an installer or a repository the node's own check refuses a type it does not have
        if (types.isEmpty() || at == null || repo == null) return;
        List<ComponentBundle> bundles = new ArrayList<>();
        for (String type : types) {
            try {
                bundles.add(repo.bundleOf(type));
            } catch (RuntimeException e) {
                throw new IllegalStateException("component bundles for " + application + ": type '" + type + "' cannot be served: " + NodeDispatch.message(e), e);
            }
        }
        List<ComponentBundle> installed;
        try {
            installed = calls.get().call(at.service(), "install " + bundles.stream().map(ComponentBundle::describe).toList(),
                    () -> at.installer().install(bundles));
        } catch (RuntimeException e) {
            throw new IllegalStateException("component bundles for " + application + " not installed: " + NodeDispatch.message(e), e);
        }
        for (ComponentBundle b : installed) events.info(node + " installed " + b.describe() + " from this container (" + b.size() + " bytes, SHA-256 " + b.sha256() + ")");
    }
}
