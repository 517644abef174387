package org.race.core;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
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
import org.race.api.AdaptationLoop;
import org.race.api.CentralEffector;
import org.race.api.CentralMonitor;
import org.race.api.Clock;
import org.race.api.Controller;
import org.race.api.Engine;
import org.race.api.RoleProperties;
import org.race.api.model.AdaptationDecision;
import org.race.api.model.EffectReport;
import org.race.api.monitoring.DelayStats;
import org.race.api.monitoring.SystemSnapshot;
import org.race.fanout.DelayHistory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RACE's feedback loop: every sampling period (on the platform Clock) CentralMonitor, then
 * Controller, then CentralEffector. Each role is optional and may come and go at run time; with a
 * role missing the loop stops at that step, and with no Clock it idles. The controller is looked
 * up every period, so installing or removing a controller bundle swaps it from the next period on.
 */
@Component(service = AdaptationLoop.class, immediate = true, configurationPid = "race.control")
@Designate(ocd = ControlLoop.Config.class)
public class ControlLoop implements AdaptationLoop {
    @ObjectClassDefinition(name = "RACE control loop")
    public @interface Config {
        @AttributeDefinition(description = "Sampling period in ms (platform time)")
        long samplingPeriod() default 1000;

        @AttributeDefinition(description = "race.name of the controller to use; empty: the installed one with the highest service.ranking")
        String controller() default "";
    }

    private static final Logger LOG = LoggerFactory.getLogger(ControlLoop.class);

    @Reference
    Engine engine;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile CentralMonitor monitor;

    /** Sorted by DS in ascending service ranking. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile List<Map.Entry<Map<String, Object>, Controller>> controllers;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile CentralEffector effector;

    /** Where {@link #choose} stores the choice, so that it outlives a restart of this component like any configuration. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile ConfigurationAdmin configAdmin;

    private volatile String chosen = "";
    private volatile String lastActive;
    private volatile AdaptationDecision lastDecision;
    /** The active controller's decision times; a new window when another controller becomes active. */
    private volatile DelayHistory decisionTimes = new DelayHistory();
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
        chosen = config.controller().trim();
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

    /** The chosen controller if installed (a configured name that is not installed means none), else the highest ranking. */
    private Map.Entry<String, Controller> active() {
        List<Map.Entry<Map<String, Object>, Controller>> all = controllers;
        Map.Entry<String, Controller> best = null;
        for (Map.Entry<Map<String, Object>, Controller> e : all) {
            String n = String.valueOf(e.getKey().get(RoleProperties.NAME));
            if (chosen.isEmpty() || chosen.equals(n)) best = Map.entry(n, e.getValue()); // ascending ranking: the last wins
        }
        return best;
    }

    @Override
    public List<String> controllers() {
        return controllers.stream().map(e -> String.valueOf(e.getKey().get(RoleProperties.NAME))).sorted().toList();
    }

    @Override
    public Optional<String> activeController() {
        Map.Entry<String, Controller> c = active();
        return c == null ? Optional.empty() : Optional.of(c.getKey());
    }

    @Override
    public String chosenController() {
        return chosen;
    }

    @Override
    public Optional<AdaptationDecision> lastDecision() {
        return Optional.ofNullable(lastDecision);
    }

    @Override
    public DelayStats decisionTimes() {
        return decisionTimes.stats();
    }

    @Override
    public void choose(String controller) {
        String name = controller == null || controller.trim().equals("auto") ? "" : controller.trim();
        if (!name.isEmpty() && !controllers().contains(name)) {
            throw new IllegalArgumentException("'" + name + "' is not installed (installed: "
                    + (controllers().isEmpty() ? "none" : String.join(", ", controllers())) + ")");
        }
        ConfigurationAdmin ca = configAdmin;
        if (ca == null) throw new IllegalStateException("no ConfigurationAdmin to store the choice in");
        try {
            Configuration c = ca.getConfiguration("race.control", "?");
            Dictionary<String, Object> props = c.getProperties() == null ? new Hashtable<>() : c.getProperties();
            props.put("controller", name);
            c.update(props);
        } catch (IOException e) {
            throw new IllegalStateException("cannot store the choice: " + e.getMessage(), e);
        }
        // ConfigAdmin delivers asynchronously: return once the loop has the choice, so that what follows sees it
        long deadline = System.currentTimeMillis() + 10_000;
        while (!name.equals(chosen)) {
            if (System.currentTimeMillis() > deadline) throw new IllegalStateException("the control loop did not take the choice within 10 s");
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the control loop to take the choice");
            }
        }
    }

    /** One sampling period. A failing role is logged and the loop goes on next period. */
    void tick() {
        try {
            CentralMonitor m = monitor;
            if (m == null) return;
            SystemSnapshot snapshot = m.collect();
            Map.Entry<String, Controller> c = active();
            String name = c == null ? null : c.getKey();
            if (!java.util.Objects.equals(name, lastActive)) {
                LOG.info("controller now {}", name == null ? "none (monitoring only)" : name);
                lastActive = name;
                decisionTimes = new DelayHistory();
            }
            if (c == null) return;
            long start = System.nanoTime();
            AdaptationDecision decision = c.getValue().decide(snapshot, engine.applications());
            decisionTimes.record(System.nanoTime() - start);
            lastDecision = decision;
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
