package org.race.core;

import org.race.api.model.DeploymentException;

/**
 * Before phase 1: every node container of the plan gets the component bundles its part needs
 * ({@link BundleProvisioning}), so that a slow transfer cannot outlast a reservation's lease. Nothing to
 * undo: a bundle installed stays, checked, for the next deployment.
 */
final class ProvideStage implements Stage {
    private final BundleProvisioning provisioning;

    ProvideStage(BundleProvisioning provisioning) {
        this.provisioning = provisioning;
    }

    @Override
    public void run(CycleState s) throws DeploymentException {
        provisioning.provide(s.plan);
    }
}
