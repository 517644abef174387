package org.race.controller.eucon;

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
 * The {@code eucon} controller: end-to-end utilization control (Lu, Wang and Koutsoukos, IEEE TPDS
 * 2005) by model predictive control of the rates of applications that have a periodRange, so that
 * every node's cpu utilization approaches its set point. Details in {@link Mpc} and {@link Plant}.
 *
 * <p>It ships in the distribution's extras/ folder: installing the bundle is what chooses it, and its
 * configuration (PID {@code race.controller.eucon}) is optional.
 */
@Component(service = Controller.class, property = RoleProperties.NAME + "=" + Eucon.NAME, configurationPid = "race.controller.eucon")
@Designate(ocd = EuconController.Config.class)
public class EuconController implements Controller {
    @ObjectClassDefinition(name = "RACE EUCON controller")
    public @interface Config {
        @AttributeDefinition(description = "Prediction horizon P, in sampling periods")
        int predictionHorizon() default 2;

        @AttributeDefinition(description = "Control horizon M (1..P), in sampling periods")
        int controlHorizon() default 1;

        @AttributeDefinition(description = "Time constant of the reference trajectory over the sampling period, Tref/Ts")
        double trefOverTs() default 1.5;

        @AttributeDefinition(description = "cpu utilization set point of every node (0..1]; <= 0: the RMS bound m(2^(1/m)-1) of its m subtasks")
        double setPoint() default -1;

        @AttributeDefinition(description = "Weight of the rate-change penalty (rates in jobs per ms, as in RACE); 0: none")
        double rateChangeWeight() default 1;

        @AttributeDefinition(description = "Act once every this many control-loop sampling periods")
        int samplingPeriods() default 1;

        @AttributeDefinition(description = "Also constrain the predicted utilization of every node to at most its set point")
        boolean limitUtilization() default false;

        @AttributeDefinition(description = "What the prediction holds beyond the control horizon: rates (changes applied once) "
                + "or changes (RACE's MPC_Controller: rates keep changing by the last change)")
        String hold() default "rates";

        @AttributeDefinition(description = "Scale the model by an online estimate of each node's gain (measured over predicted "
                + "utilization), so that each period corrects the same share of the error whatever the execution times")
        boolean estimateGain() default true;

        @AttributeDefinition(description = "With estimateGain: within this distance of its set point a node's utilization is taken "
                + "as the settled gain estimate times the one the estimates predict at the current rates, not the window's measurement, "
                + "so that the window's noise is not corrected (and amplified) every period; 0: never")
        double filterWithin() default 0.03;
    }

    private static final Logger LOG = LoggerFactory.getLogger(EuconController.class);

    /** Node capacities come from the engine's domain; without it F uses capacity 1 and G absorbs it. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Engine engine;

    private volatile Eucon eucon;

    @Activate
    @Modified
    void configure(Config c) {
        Settings s;
        try {
            if (!c.hold().equals("rates") && !c.hold().equals("changes")) {
                throw new IllegalArgumentException("hold must be rates or changes, got '" + c.hold() + "'");
            }
            s = new Settings(c.predictionHorizon(), c.controlHorizon(), c.trefOverTs(), c.setPoint(), c.rateChangeWeight(),
                    c.samplingPeriods(), c.limitUtilization(), c.hold().equals("changes"), c.estimateGain(),
                    c.filterWithin());
        } catch (IllegalArgumentException e) {
            LOG.error("race.controller.eucon: {}; {}", e.getMessage(), eucon == null ? "using the defaults" : "keeping the previous settings");
            if (eucon != null) return;
            s = Settings.DEFAULTS;
        }
        eucon = new Eucon(s);
        LOG.info("eucon: {}", s);
    }

    @Override
    public AdaptationDecision decide(SystemSnapshot snapshot, List<DeploymentPlan> deployed) {
        return eucon.decide(snapshot, deployed, this::capacity);
    }

    private double capacity(String node) {
        Engine e = engine;
        if (e == null) return 1;
        return e.domain().flatMap(d -> d.node(node)).map(n -> n.capacity().cpu()).orElse(1.0);
    }
}
