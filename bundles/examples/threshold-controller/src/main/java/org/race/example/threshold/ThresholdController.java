package org.race.example.threshold;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.race.api.Controller;
import org.race.api.RoleProperties;
import org.race.api.model.AdaptationDecision;
import org.race.api.model.Adjustment;
import org.race.api.model.Application;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Range;
import org.race.api.monitoring.ApplicationQos;
import org.race.api.monitoring.NodeSample;
import org.race.api.monitoring.SystemSnapshot;

/**
 * Rate adaptation by two thresholds, once per sampling period, for the applications that have a
 * {@code periodRange}: one that missed more than {@code missThreshold} of its deadlines gets a
 * period {@code step} times longer (fewer jobs, less load); one that missed none while every node it
 * runs on is below {@code utilizationThreshold} cpu gets a period {@code step} times shorter. Always
 * within the range. Applications without a range, and those on a node the snapshot has no fresh
 * figures of, are left alone.
 */
@Component(service = Controller.class, property = RoleProperties.NAME + "=" + ThresholdController.NAME,
        configurationPid = "race.controller.threshold")
@Designate(ocd = ThresholdController.Config.class)
public class ThresholdController implements Controller {
    @ObjectClassDefinition(name = "RACE example: threshold controller")
    public @interface Config {
        @AttributeDefinition(description = "Miss ratio of a sampling period above which an application is slowed down")
        double missThreshold() default 0.05;

        @AttributeDefinition(description = "cpu utilization under which, on every node it runs on, an application that missed nothing is sped up")
        double utilizationThreshold() default 0.5;

        @AttributeDefinition(description = "Factor (> 1) a period is lengthened or shortened by")
        double step() default 1.25;
    }

    static final String NAME = "threshold";
    private volatile Config config;

    @Activate
    @Modified
    void configure(Config c) {
        if (!(c.step() > 1)) throw new IllegalArgumentException("race.controller.threshold: step must be > 1, got " + c.step());
        config = c;
    }

    @Override
    public AdaptationDecision decide(SystemSnapshot snapshot, List<DeploymentPlan> deployed) {
        Config c = config;
        List<Adjustment> changes = new ArrayList<>();
        List<String> why = new ArrayList<>();
        for (DeploymentPlan plan : deployed) {
            Application app = plan.application();
            Range range = app.periodRange();
            ApplicationQos qos = snapshot.applications().get(app.name());
            Set<String> nodes = new TreeSet<>(plan.placement().nodeOf().values());
            if (range == null || qos == null || nodes.stream().anyMatch(n -> cpu(snapshot, n) < 0)) continue;
            double period = app.periodMs(), next = period;
            if (qos.missRatio() > c.missThreshold()) {
                next = range.clamp(period * c.step());
                if (next != period) why.add(String.format("%s missed %.0f%% > %.0f%%: period %.1f -> %.1f ms", app.name(),
                        100 * qos.missRatio(), 100 * c.missThreshold(), period, next));
            } else if (qos.missed() == 0 && nodes.stream().allMatch(n -> cpu(snapshot, n) < c.utilizationThreshold())) {
                next = range.clamp(period / c.step());
                if (next != period) why.add(String.format("%s met its deadlines, its nodes under %.0f%% cpu: period %.1f -> %.1f ms",
                        app.name(), 100 * c.utilizationThreshold(), period, next));
            }
            if (next != period) changes.add(new Adjustment(app.name(), null, Adjustment.Kind.PERIOD, next, null));
        }
        return new AdaptationDecision(NAME, changes, changes.isEmpty() ? "every application within its thresholds" : String.join("; ", why));
    }

    /** The node's measured cpu in this snapshot; -1 when it is stale or not in it. */
    private static double cpu(SystemSnapshot snapshot, String node) {
        if (snapshot.staleNodes().contains(node)) return -1;
        return snapshot.nodes().stream().filter(s -> s.node().equals(node)).map(NodeSample::utilization)
                .map(u -> u.getOrDefault("cpu", -1.0)).findFirst().orElse(-1.0);
    }
}
