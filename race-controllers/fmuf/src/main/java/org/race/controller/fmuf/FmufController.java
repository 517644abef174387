package org.race.controller.fmuf;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
import org.race.api.model.Adjustment.Kind;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.PlanSet;
import org.race.api.model.PriorityBands;
import org.race.api.monitoring.ApplicationQos;
import org.race.api.monitoring.SystemSnapshot;

/**
 * FMUF, flexible maximum urgency first (Chen and Lu 2006), as RACE uses it on top of the MUF
 * configurator. Every FMUF sampling period (several control-loop periods; their QoS is added up):
 * <ul>
 * <li>if an application of the high class missed any deadline, the application promoted last is
 * moved back to the low class (a LIFO of promotions);</li>
 * <li>otherwise, if low-class applications missed more than {@code threshold} of their deadlines
 * for {@code hysteresis} consecutive FMUF periods, the most urgent of them (shortest deadline, then
 * name) is promoted to the high class.</li>
 * </ul>
 * A move changes the application's priority class and recomputes the MUF priorities (rate
 * monotonic inside each class) of every application on the nodes concerned; the changes go out as
 * PRIORITY_CLASS and PRIORITY adjustments through the CentralEffector.
 */
@Component(service = Controller.class, property = RoleProperties.NAME + "=fmuf", configurationPid = "race.controller.fmuf")
@Designate(ocd = FmufController.Config.class)
public class FmufController implements Controller {
    @ObjectClassDefinition(name = "RACE FMUF controller")
    public @interface Config {
        @AttributeDefinition(description = "FMUF sampling period in ms of platform time (the paper's 10 s)")
        long samplingPeriod() default 10_000;

        @AttributeDefinition(description = "Deadline-miss ratio of a low-class application above which it is a candidate for promotion")
        double threshold() default 0.05;

        @AttributeDefinition(description = "Consecutive FMUF periods of low-class misses before a promotion")
        int hysteresis() default 1;
    }

    static final String NAME = "fmuf";

    private final PriorityBands bands = PriorityBands.muf();
    private final Deque<String> promoted = new ArrayDeque<>();
    private final Map<String, ApplicationQos> window = new HashMap<>();
    private long windowStart = -1;
    private int lowMissPeriods;
    private volatile Config config;

    @Activate
    @Modified
    void configure(Config c) {
        config = c;
    }

    @Override
    public synchronized AdaptationDecision decide(SystemSnapshot snapshot, List<DeploymentPlan> deployed) {
        // add this loop period's QoS to the FMUF window
        snapshot.applications().forEach((app, q) -> window.merge(app, q, ApplicationQos::merge));
        if (windowStart < 0) windowStart = snapshot.timeMs();
        if (snapshot.timeMs() - windowStart < config.samplingPeriod()) return none("collecting");
        Map<String, ApplicationQos> qos = new HashMap<>(window);
        window.clear();
        windowStart = snapshot.timeMs();
        promoted.removeIf(name -> deployed.stream().noneMatch(p -> p.name().equals(name)));

        List<String> highMissing = new ArrayList<>();
        DeploymentPlan candidate = null;
        double candidateRatio = 0;
        for (DeploymentPlan p : deployed) {
            ApplicationQos q = qos.getOrDefault(p.name(), ApplicationQos.empty(p.name()));
            if (PriorityBands.HIGH.equals(classOf(p))) {
                if (q.missed() > 0) highMissing.add(p.name());
            } else if (q.missRatio() > config.threshold() && (candidate == null || urgentFirst(p, candidate) < 0)) {
                candidate = p;
                candidateRatio = q.missRatio();
            }
        }
        if (!highMissing.isEmpty()) {
            lowMissPeriods = 0;
            if (promoted.isEmpty()) return none("high class missed (" + String.join(", ", highMissing) + ") with nothing promoted");
            String back = promoted.pop();
            return move(deployed, back, PriorityBands.LOW, "high class missed deadlines (" + String.join(", ", highMissing)
                    + "): " + back + " back to the low class");
        }
        if (candidate == null) {
            lowMissPeriods = 0;
            return none("every application within its deadlines or the threshold");
        }
        if (++lowMissPeriods < config.hysteresis()) return none("low class missing, period " + lowMissPeriods + " of " + config.hysteresis());
        lowMissPeriods = 0;
        promoted.push(candidate.name());
        return move(deployed, candidate.name(), PriorityBands.HIGH, String.format(java.util.Locale.ROOT,
                "high class meets its deadlines, %s misses %.1f %%: promoted to the high class", candidate.name(), 100 * candidateRatio));
    }

    /** Shorter deadline first, then name: the most urgent low-class application. */
    private static int urgentFirst(DeploymentPlan a, DeploymentPlan b) {
        int c = Double.compare(a.application().deadlineMs(), b.application().deadlineMs());
        return c != 0 ? c : a.name().compareTo(b.name());
    }

    static String classOf(DeploymentPlan p) {
        return p.settingsOf(p.application().components().get(0).name()).priorityClass();
    }

    /** Move one application to {@code target} and re-rank every application's priorities; adjustments for what changes. */
    private AdaptationDecision move(List<DeploymentPlan> deployed, String app, String target, String reason) {
        DeploymentPlan moved = deployed.stream().filter(p -> p.name().equals(app)).findFirst().orElseThrow();
        List<DeploymentPlan> others = deployed.stream().filter(p -> !p.name().equals(app)).toList();
        PlanSet ranked = bands.assign(new PlanSet(moved, others), p -> p == moved ? target : current(p));
        List<Adjustment> adjustments = new ArrayList<>();
        adjustments.add(new Adjustment(app, null, Kind.PRIORITY_CLASS, 0, target));
        List<DeploymentPlan> after = new ArrayList<>(ranked.deployed());
        after.add(ranked.candidate());
        for (DeploymentPlan p : after) {
            DeploymentPlan before = p.name().equals(app) ? moved : others.stream().filter(o -> o.name().equals(p.name())).findFirst().orElseThrow();
            for (var c : p.application().components()) {
                Integer now = p.settingsOf(c.name()).priority();
                if (now != null && !now.equals(before.settingsOf(c.name()).priority())) {
                    adjustments.add(new Adjustment(p.name(), c.name(), Kind.PRIORITY, now, null));
                }
            }
        }
        return new AdaptationDecision(NAME, adjustments, reason);
    }

    private static String current(DeploymentPlan p) {
        String c = classOf(p);
        return PriorityBands.HIGH.equals(c) ? PriorityBands.HIGH : PriorityBands.LOW;
    }

    private static AdaptationDecision none(String reason) {
        return new AdaptationDecision(NAME, List.of(), reason);
    }
}
