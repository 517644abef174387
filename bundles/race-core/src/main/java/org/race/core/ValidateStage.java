package org.race.core;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.race.api.model.Component;
import org.race.api.model.DeploymentException;

/**
 * What can be refused before anything is computed: no domain, a name already deployed, a pin to a node
 * the domain lacks, a component type that is not installed.
 */
final class ValidateStage implements Stage {
    private final Registry registry;
    private final Supplier<Set<String>> installedTypes;

    ValidateStage(Registry registry, Supplier<Set<String>> installedTypes) {
        this.registry = registry;
        this.installedTypes = installedTypes;
    }

    @Override
    public void run(CycleState s) throws DeploymentException {
        if (s.domain == null) throw new DeploymentException("domain", "no domain is loaded; load one with race:domain <file>");
        if (registry.contains(s.requested.name())) {
            throw new DeploymentException("registry", "application '" + s.requested.name() + "' is already deployed; undeploy it first");
        }
        for (Component c : s.requested.components()) {
            if (c.pinned() && s.domain.node(c.node()).isEmpty()) {
                throw new DeploymentException("domain", "component '" + c.name() + "' of " + s.requested.name() + " is mapped to node '" + c.node()
                        + "', which domain " + s.domain.name() + " does not have");
            }
        }
        Set<String> types = null;
        for (Component c : s.requested.components()) {
            if (!c.typed()) continue;
            if (types == null) types = installedTypes.get();
            if (!types.contains(c.type())) {
                throw new DeploymentException("types", "component '" + c.name() + "' of " + s.requested.name() + " names type '" + c.type()
                        + "', which is not installed (installed: " + (types.isEmpty() ? "none" : String.join(", ", new TreeSet<>(types)))
                        + "; race:types lists them, a bundle dropped into deploy/ adds its types; without a type a component is a model)");
            }
        }
    }
}
