package org.race.configurator.rms;

import org.osgi.service.component.annotations.Component;
import org.race.api.Configurator;
import org.race.api.RoleProperties;
import org.race.api.model.PlanSet;
import org.race.api.model.PriorityBands;

/**
 * RMS: operating-system priorities by rate, across all applications on a node (rate monotonic:
 * the shorter the period, the higher the priority), ignoring importance.
 */
@Component(service = Configurator.class, property = RoleProperties.NAME + "=rms")
public class RmsConfigurator implements Configurator {
    private final PriorityBands bands = PriorityBands.rateMonotonic();

    @Override
    public PlanSet configure(PlanSet plans) {
        return bands.assign(plans, p -> null);
    }
}
