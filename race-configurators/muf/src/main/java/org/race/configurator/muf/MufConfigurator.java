package org.race.configurator.muf;

import java.util.Locale;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.race.api.Configurator;
import org.race.api.RoleProperties;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Importance;
import org.race.api.model.PlanSet;
import org.race.api.model.PriorityBands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MUF (maximum urgency first): applications of high importance go into the high priority class
 * (OS priorities 50..98), the others into the low class (1..49); rate monotonic inside each class.
 * {@code highClass = medium} puts medium importance into the high class too: the original RACE knew
 * two importance levels, and the paper's MMS experiments protect the medium (fast survey)
 * applications against the low (slow survey) ones. An application already deployed keeps the class
 * it has now, so the classes FMUF moved applications into survive later deployments.
 */
@Component(service = Configurator.class, property = RoleProperties.NAME + "=muf", configurationPid = "race.configurator.muf")
@Designate(ocd = MufConfigurator.Config.class)
public class MufConfigurator implements Configurator {
    @ObjectClassDefinition(name = "RACE MUF configurator")
    public @interface Config {
        @AttributeDefinition(description = "Lowest importance that goes into the high priority class: high or medium")
        String highClass() default "high";
    }

    private static final Logger LOG = LoggerFactory.getLogger(MufConfigurator.class);

    private final PriorityBands bands = PriorityBands.muf();
    private volatile Importance highFrom = Importance.HIGH;

    @Activate
    @Modified
    void configure(Config c) {
        String v = c.highClass().trim().toUpperCase(Locale.ROOT);
        if (v.equals("HIGH") || v.equals("MEDIUM")) {
            highFrom = Importance.valueOf(v);
        } else {
            LOG.error("race.configurator.muf: highClass must be high or medium, got '{}'; keeping {}", c.highClass(), highFrom.label());
        }
    }

    @Override
    public PlanSet configure(PlanSet plans) {
        return bands.assign(plans, p -> p == plans.candidate() ? byImportance(p) : current(p));
    }

    String byImportance(DeploymentPlan p) {
        return p.application().importance().compareTo(highFrom) >= 0 ? PriorityBands.HIGH : PriorityBands.LOW;
    }

    /** The class the components have (all alike under MUF), else by importance. */
    String current(DeploymentPlan p) {
        String c = p.settingsOf(p.application().components().get(0).name()).priorityClass();
        return PriorityBands.HIGH.equals(c) || PriorityBands.LOW.equals(c) ? c : byImportance(p);
    }
}
