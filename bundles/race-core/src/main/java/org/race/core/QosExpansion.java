package org.race.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.race.api.model.DeploymentException;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;
import org.race.api.model.QosRegion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RTARM's QoS expansion: when an application leaves or a node's applications were moved, the contracted
 * applications below their maximum rate take what the nodes have free again, most critical first; each
 * change is updated on the application's nodes and is an event. With admission by analysis a rate is
 * raised only as far as the analysis admits it ({@link #schedulable}).
 */
final class QosExpansion {
    private static final Logger LOG = LoggerFactory.getLogger(QosExpansion.class);
    /** Rate bisections between the current rate and the one capacity allows, when the latter fails the analysis. */
    private static final int BISECTIONS = 10;

    private final Registry registry;
    private final NodeView view;
    private final NodeDispatch dispatch;
    private final EventLog events;
    private final Supplier<Domain> domain;
    private final ScheduleCheck schedule;

    QosExpansion(Registry registry, NodeView view, NodeDispatch dispatch, EventLog events, Supplier<Domain> domain, ScheduleCheck schedule) {
        this.registry = registry;
        this.view = view;
        this.dispatch = dispatch;
        this.events = events;
        this.domain = domain;
        this.schedule = schedule;
    }

    /** Under the engine's lock. */
    void expand(String why) {
        Domain d = domain.get();
        List<Negotiator.Change> changes = new Negotiator(view.nodes(d, registry.plans()), registry.byName(),
                view.measuredByApplication(d, registry.names())).expand();
        if (schedule.on() && !changes.isEmpty()) changes = schedulable(changes, d);
        for (Negotiator.Change c : changes) {
            DeploymentPlan to = c.applied();
            try {
                dispatch.update(to);
            } catch (DeploymentException e) {
                events.warn("cannot expand " + c.describe() + ": " + e.getMessage());
                try {
                    dispatch.update(c.plan());
                } catch (DeploymentException again) {
                    LOG.error("cannot restore the period of {}: {}", c.plan().name(), again.getMessage());
                }
                continue;
            }
            registry.put(to);
            events.info("expanded " + c.describe() + " " + why);
        }
        if (!changes.isEmpty()) registry.changed();
    }

    /**
     * The expansions the analysis admits, taken in the order capacity proposed them (most critical first): each at
     * the highest rate, between its current one and the one capacity allows, at which, beside the deployed
     * applications and the expansions kept before it, it meets its deadline and so does every application that
     * meets its deadline now. An application beyond its deadline already is not sped up; an expansion that finds
     * no higher rate is dropped.
     */
    private List<Negotiator.Change> schedulable(List<Negotiator.Change> proposed, Domain d) {
        Map<String, DeploymentPlan> after = registry.byName();
        Set<String> meeting = schedule.meeting(after.values(), d);
        List<Negotiator.Change> kept = new ArrayList<>();
        for (Negotiator.Change c : proposed) {
            String name = c.plan().name();
            if (!meeting.contains(name)) continue;
            double period = highestAdmitted(c, after, meeting, d);
            if (!Negotiator.worthChanging(c.fromMs(), period)) continue;
            Negotiator.Change change = new Negotiator.Change(c.plan(), c.fromMs(), period);
            after.put(name, change.applied());
            kept.add(change);
        }
        return kept;
    }

    /** The shortest period of {@code c}'s range the analysis admits ({@link #schedulable}); its current one when none shorter. */
    private double highestAdmitted(Negotiator.Change c, Map<String, DeploymentPlan> after, Set<String> meeting, Domain d) {
        if (admitted(c.plan(), c.toMs(), after, meeting, d)) return c.toMs();
        QosRegion region = c.plan().application().region();
        // the current rate passes (it is what runs, and meets), the one capacity allows does not
        double lo = 1000 / c.fromMs(), hi = 1000 / c.toMs();
        for (int i = 0; i < BISECTIONS; i++) {
            double mid = (lo + hi) / 2;
            if (admitted(c.plan(), region.periodAt(mid), after, meeting, d)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return Math.min(c.fromMs(), region.periodAt(lo));
    }

    private boolean admitted(DeploymentPlan plan, double periodMs, Map<String, DeploymentPlan> after, Set<String> meeting, Domain d) {
        Map<String, DeploymentPlan> trial = new java.util.LinkedHashMap<>(after);
        trial.put(plan.name(), plan.withApplication(plan.application().withPeriod(periodMs)));
        return schedule.meets(trial.values(), meeting, d);
    }
}
