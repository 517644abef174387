package org.race.controller.region;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.race.api.Controller;
import org.race.api.Engine;
import org.race.api.RoleProperties;
import org.race.api.model.AdaptationDecision;
import org.race.api.model.DeploymentPlan;
import org.race.api.monitoring.SystemSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code region} controller: feedback adaptation of contracted applications inside their QoS
 * regions (RTARM's detector and feedback adapter, details in {@link RegionFeedback}). Its PERIOD
 * changes go through the CentralEffector, whose guard keeps them inside the region (the region's
 * period range is the application's periodRange). It ships in extras/ like FMUF and EUCON.
 */
@Component(service = Controller.class, property = RoleProperties.NAME + "=" + RegionFeedback.NAME, configurationPid = "race.controller.region")
@Designate(ocd = RegionController.Config.class)
public class RegionController implements Controller {
    @ObjectClassDefinition(name = "RACE region controller")
    public @interface Config {
        @AttributeDefinition(description = "cpu utilization bound of every node (0..1]; <= 0: the RMS bound m(2^(1/m)-1) of its m components")
        double utilizationBound() default -1;

        @AttributeDefinition(description = "Deadline-miss ratio in a period above which an application is overloaded")
        double missThreshold() default 0;

        @AttributeDefinition(description = "Relative rate cut for deadline misses or latency beyond the region's bound")
        double missDecrease() default 0.1;

        @AttributeDefinition(description = "Largest relative rate increase per period when room returns")
        double maxIncrease() default 0.25;

        @AttributeDefinition(description = "An increase keeps every node of the application at least this far (relative) below its bound")
        double hysteresis() default 0.05;

        @AttributeDefinition(description = "Sampling periods after a cut during which an application is not raised again")
        int holdPeriods() default 3;
    }

    private static final Logger LOG = LoggerFactory.getLogger(RegionController.class);

    /** Node capacities come from the engine's domain: an increase never reserves beyond them. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Engine engine;

    private volatile RegionFeedback feedback = RegionFeedback.DEFAULTS;
    private volatile int holdPeriods = 3;
    /** Per application, the period (decision count) of its last cut. */
    private final java.util.Map<String, Long> cutAt = new java.util.HashMap<>();
    private long decisions;

    @Activate
    @Modified
    void configure(Config c) {
        try {
            if (c.holdPeriods() < 0) throw new IllegalArgumentException("holdPeriods must be >= 0, got " + c.holdPeriods());
            feedback = new RegionFeedback(c.utilizationBound(), c.missThreshold(), c.missDecrease(), c.maxIncrease(), c.hysteresis());
            holdPeriods = c.holdPeriods();
        } catch (IllegalArgumentException e) {
            LOG.error("race.controller.region: {}; keeping {}", e.getMessage(), feedback);
            return;
        }
        LOG.info("region: {}, holdPeriods {}", feedback, holdPeriods);
    }

    @Override
    public synchronized AdaptationDecision decide(SystemSnapshot snapshot, List<DeploymentPlan> deployed) {
        long now = ++decisions;
        java.util.Set<String> held = new java.util.TreeSet<>();
        cutAt.forEach((app, at) -> {
            if (now - at <= holdPeriods) held.add(app);
        });
        AdaptationDecision d = feedback.decide(snapshot, deployed, this::capacity, held);
        for (var a : d.adjustments()) {
            deployed.stream().filter(p -> p.name().equals(a.application()) && a.value() > p.application().periodMs()).findFirst()
                    .ifPresent(p -> cutAt.put(p.name(), now));
        }
        return d;
    }

    private double capacity(String node) {
        Engine e = engine;
        if (e == null) return 1;
        return e.domain().flatMap(d -> d.node(node)).map(n -> n.capacity().cpu()).orElse(1.0);
    }
}
