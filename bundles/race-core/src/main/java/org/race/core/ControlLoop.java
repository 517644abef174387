package org.race.core;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.race.api.CentralEffector;
import org.race.api.CentralMonitor;
import org.race.api.Clock;
import org.race.api.Controller;
import org.race.api.Engine;
import org.race.api.model.AdaptationDecision;
import org.race.api.model.EffectReport;
import org.race.api.monitoring.SystemSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RACE's feedback loop: every sampling period (on the platform Clock) CentralMonitor, then
 * Controller, then CentralEffector. Each role is optional and may come and go at run time; with a
 * role missing the loop stops at that step, and with no Clock it idles.
 */
@Component(service = {}, immediate = true, configurationPid = "race.control")
@Designate(ocd = ControlLoop.Config.class)
public class ControlLoop {
    @ObjectClassDefinition(name = "RACE control loop")
    public @interface Config {
        @AttributeDefinition(description = "Sampling period in ms (platform time)")
        long samplingPeriod() default 1000;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ControlLoop.class);

    @Reference
    Engine engine;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile CentralMonitor monitor;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Controller controller;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile CentralEffector effector;

    private Clock clock;
    private AutoCloseable schedule;
    private long periodMs;
    private boolean active;

    @Activate
    synchronized void activate(Config config) {
        active = true;
        modified(config);
    }

    @Modified
    synchronized void modified(Config config) {
        if (config.samplingPeriod() <= 0) {
            LOG.error("race.control: samplingPeriod must be > 0, got {}; keeping {} ms", config.samplingPeriod(), periodMs);
            if (periodMs > 0) return;
            periodMs = 1000;
        } else {
            periodMs = config.samplingPeriod();
        }
        reschedule();
    }

    @Deactivate
    synchronized void deactivate() {
        active = false;
        cancel();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    synchronized void bindClock(Clock c) {
        clock = c;
        reschedule();
    }

    synchronized void unbindClock(Clock c) {
        if (clock == c) {
            clock = null;
            cancel();
        }
    }

    private void reschedule() {
        cancel();
        if (active && clock != null) schedule = clock.schedule(periodMs, this::tick);
    }

    private void cancel() {
        if (schedule == null) return;
        try {
            schedule.close();
        } catch (Exception e) {
            LOG.warn("cannot cancel the control loop schedule", e);
        }
        schedule = null;
    }

    /** One sampling period. A failing role is logged and the loop goes on next period. */
    void tick() {
        try {
            CentralMonitor m = monitor;
            if (m == null) return;
            SystemSnapshot snapshot = m.collect();
            Controller c = controller;
            if (c == null) return;
            AdaptationDecision decision = c.decide(snapshot, engine.applications());
            if (decision.isEmpty()) return;
            CentralEffector e = effector;
            if (e == null) {
                LOG.warn("controller {} decided {} but no CentralEffector is installed", decision.controller(), decision.adjustments());
                return;
            }
            EffectReport report = e.apply(decision, engine.applications());
            LOG.info("{}: {} applied {} rejected {}", decision.controller(), decision.reason(), report.applied(), report.rejected());
        } catch (RuntimeException ex) {
            LOG.error("control loop step failed", ex);
        }
    }
}
