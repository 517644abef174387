package org.race.api;

import org.osgi.annotation.versioning.ConsumerType;
import org.race.api.model.PlanSet;

/**
 * One link of the configurator chain run at deploy time (ordered by service.ranking, highest first).
 * Returns the plans with its settings applied; it may also reconfigure plans already deployed.
 */
@ConsumerType
public interface Configurator {
    PlanSet configure(PlanSet plans);
}
