package org.race.configurator.muf;

import org.osgi.service.component.annotations.Component;
import org.race.api.Configurator;
import org.race.api.RoleProperties;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Importance;
import org.race.api.model.PlanSet;
import org.race.configurator.common.PriorityBands;

/**
 * MUF (maximum urgency first): applications of high importance go into the high priority class
 * (OS priorities 50..98), the others into the low class (1..49); rate monotonic inside each class.
 * An application already deployed keeps the class it has now, so the classes FMUF moved
 * applications into survive later deployments.
 */
@Component(service = Configurator.class, property = RoleProperties.NAME + "=muf")
public class MufConfigurator implements Configurator {
    private final PriorityBands bands = PriorityBands.muf();

    @Override
    public PlanSet configure(PlanSet plans) {
        return bands.assign(plans, p -> p == plans.candidate() ? byImportance(p) : current(p));
    }

    static String byImportance(DeploymentPlan p) {
        return p.application().importance() == Importance.HIGH ? PriorityBands.HIGH : PriorityBands.LOW;
    }

    /** The class the components have (all alike under MUF), else by importance. */
    static String current(DeploymentPlan p) {
        String c = p.settingsOf(p.application().components().get(0).name()).priorityClass();
        return PriorityBands.HIGH.equals(c) || PriorityBands.LOW.equals(c) ? c : byImportance(p);
    }
}
