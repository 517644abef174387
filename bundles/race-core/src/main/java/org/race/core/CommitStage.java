package org.race.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.race.api.CostModel;
import org.race.api.model.Application;
import org.race.api.model.DeploymentException;
import org.race.api.model.DeploymentPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Phase 2 of two-phase admission: the deployed plans the deployment changes (shrinks, new settings) are
 * updated on their nodes, then every node of the plan starts its part; then the registry takes it. On a
 * failure the updated plans get their previous settings back (and the reserve stage releases phase 1).
 */
final class CommitStage implements Stage {
    private static final Logger LOG = LoggerFactory.getLogger(CommitStage.class);

    private final NodeDispatch dispatch;
    private final Registry registry;
    private final EventLog events;
    private final Supplier<CostModel> costModel;

    CommitStage(NodeDispatch dispatch, Registry registry, EventLog events, Supplier<CostModel> costModel) {
        this.dispatch = dispatch;
        this.registry = registry;
        this.events = events;
        this.costModel = costModel;
    }

    @Override
    public void run(CycleState s) throws DeploymentException {
        List<DeploymentPlan> updated = new ArrayList<>();
        try {
            for (DeploymentPlan p : s.changed) {
                updated.add(registry.get(p.name()));
                dispatch.update(p);
            }
            dispatch.commit(s.ticket, s.plan);
        } catch (DeploymentException e) {
            for (DeploymentPlan old : updated) {
                try {
                    dispatch.update(old);
                } catch (DeploymentException again) {
                    LOG.error("cannot restore the settings of {}: {}", old.name(), again.getMessage());
                }
            }
            throw e;
        }
        s.changed.forEach(registry::put);
        registry.put(s.plan);
        registry.changed();
        tell(s);
    }

    private void tell(CycleState s) {
        Application app = s.app;
        for (Negotiator.Change c : s.shrinks) events.info("shrank " + c.describe() + " to admit " + app.name() + " (" + app.importance().label() + ")");
        if (app.contracted()) {
            events.info("admitted " + app.name() + " (" + app.importance().label() + ") at " + Num.of(1000 / app.periodMs()) + " Hz (period "
                    + Num.of(app.periodMs()) + " ms) in its region " + Num.of(app.region().minRateHz()) + ".." + Num.of(app.region().maxRateHz()) + " Hz");
        }
        CostModel costs = costModel.get();
        if (costs != null) {
            double nominal = app.components().stream().mapToDouble(c -> c.demand().cpu()).sum();
            double withOverheads = costs.charge(app).components().stream().mapToDouble(c -> c.demand().cpu()).sum();
            if (withOverheads > nominal) {
                events.info(String.format(Locale.ROOT, "charged %s the platform's overheads: cpu %.3f -> %.3f (%s)", app.name(), nominal, withOverheads,
                        costs.describe()));
            }
        }
        LOG.info("deployed {} with {} on {}", app.name(), s.allocator, new TreeSet<>(s.plan.placement().nodeOf().values()));
    }
}
