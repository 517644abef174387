package org.race.core;

import org.race.api.model.Component;
import org.race.api.model.DeploymentException;

/** What can be refused before anything is computed: no domain, a name already deployed, a pin to a node the domain lacks. */
final class ValidateStage implements Stage {
    private final Registry registry;

    ValidateStage(Registry registry) {
        this.registry = registry;
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
    }
}
