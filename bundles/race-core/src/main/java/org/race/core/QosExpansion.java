package org.race.core;

import java.util.List;
import java.util.function.Supplier;

import org.race.api.model.DeploymentException;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RTARM's QoS expansion: when an application leaves or a node's applications were moved, the contracted
 * applications below their maximum rate take what the nodes have free again, most critical first; each
 * change is updated on the application's nodes and is an event.
 */
final class QosExpansion {
    private static final Logger LOG = LoggerFactory.getLogger(QosExpansion.class);

    private final Registry registry;
    private final NodeView view;
    private final NodeDispatch dispatch;
    private final EventLog events;
    private final Supplier<Domain> domain;

    QosExpansion(Registry registry, NodeView view, NodeDispatch dispatch, EventLog events, Supplier<Domain> domain) {
        this.registry = registry;
        this.view = view;
        this.dispatch = dispatch;
        this.events = events;
        this.domain = domain;
    }

    /** Under the engine's lock. */
    void expand(String why) {
        Domain d = domain.get();
        List<Negotiator.Change> changes = new Negotiator(view.nodes(d, registry.plans()), registry.byName(),
                view.measuredByApplication(d, registry.names())).expand();
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
}
