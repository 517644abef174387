package org.race.core;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.race.api.CostModel;
import org.race.api.analysis.SchedulabilityView;
import org.race.api.model.Application;
import org.race.api.model.DeploymentException;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;
import org.race.api.model.NodeState;
import org.race.api.model.Placement;
import org.race.api.model.Resources;

/**
 * Admission: the placed application (with the platform's overheads when a cost model is present) fits in
 * what every node has available, and its longest path meets its deadline with the measured overheads;
 * with {@code admission = analysis} also its worst-case end-to-end latency, analysed with the configured
 * priorities beside every deployed application at the periods they will run at ({@link ScheduleCheck}).
 * Contract negotiation runs {@link #check} on every rate it tries.
 */
final class AdmitStage implements Stage {
    private final Supplier<CostModel> costModel;
    private final Registry registry;
    private final ConfigureStage configure;
    private final ScheduleCheck schedule;

    AdmitStage(Supplier<CostModel> costModel, Registry registry, ConfigureStage configure, ScheduleCheck schedule) {
        this.costModel = costModel;
        this.registry = registry;
        this.configure = configure;
        this.schedule = schedule;
    }

    /** Whether admission analyses schedulability (race.engine admission = analysis and an analysis installed). */
    boolean analyses() {
        return schedule.on();
    }

    /**
     * What the allocator places {@code app} by beside {@code deployed} when admission analyses schedulability (null
     * when it does not): the jobs per node, with priorities from the configurator chain run provisionally.
     */
    SchedulabilityView view(Application app, List<DeploymentPlan> deployed, Domain domain) throws DeploymentException {
        if (!schedule.on()) return null;
        return schedule.view(configure.provisional(app, deployed), domain);
    }

    @Override
    public void run(CycleState s) throws DeploymentException {
        capacity(s.allocator, s.app, s.placement, s.admissionNodes, s.domain);
        if (!schedule.on()) return;
        Map<String, DeploymentPlan> after = registry.byName();
        s.shrinks.forEach(c -> after.put(c.plan().name(), c.applied()));
        s.changed.forEach(p -> after.put(p.name(), p));
        schedule.admit(s.plan, after, registry.byName(), s.domain);
    }

    /** As {@link #check(String, Application, Placement, List, Domain, Map)} with nothing shrunk. */
    void check(String allocator, Application app, Placement placement, List<NodeState> nodes, Domain domain) throws DeploymentException {
        check(allocator, app, placement, nodes, domain, Map.of());
    }

    /**
     * Whether {@code app} placed by {@code allocator} is admitted on {@code nodes}: a rate contract negotiation
     * tries. The analysis needs priorities, so the configurator chain runs on the trial first; the deployed
     * applications are analysed at the periods the trial shrinks them to ({@code shrunkTo}, ms), the others at
     * their current ones; the cycle's own admission then checks the grant with its shrinks.
     */
    void check(String allocator, Application app, Placement placement, List<NodeState> nodes, Domain domain, Map<String, Double> shrunkTo)
            throws DeploymentException {
        capacity(allocator, app, placement, nodes, domain);
        if (!schedule.on()) return;
        CycleState trial = new CycleState(app, allocator, domain);
        trial.placement = placement;
        configure.run(trial);
        Map<String, DeploymentPlan> after = registry.byName();
        trial.changed.forEach(p -> after.put(p.name(), p));
        shrunkTo.forEach((name, period) -> after.computeIfPresent(name, (n, p) -> p.withApplication(p.application().withPeriod(period))));
        schedule.admit(trial.plan, after, registry.byName(), domain);
    }

    /**
     * A placement beyond a node's capacity is the allocator's fault (it was shown what is available), so the
     * refusal names it.
     */
    private void capacity(String allocator, Application app, Placement placement, List<NodeState> nodes, Domain domain) throws DeploymentException {
        CostModel costs = costModel.get();
        Application charged = NodeView.charged(costs, app);
        checkCapacity("allocator " + allocator, new DeploymentPlan(charged, placement, Map.of()), nodes);
        String late = costs == null ? null : costs.deadlineShortfall(charged, placement.nodeOf(), domain);
        if (late != null) throw new DeploymentException("admission", app.name() + " " + late);
    }

    static void checkCapacity(String step, DeploymentPlan plan, List<NodeState> nodes) throws DeploymentException {
        Map<String, Resources> byNode = plan.demandByNode(); // one pass, not one per node
        for (NodeState n : nodes) {
            Resources demand = byNode.getOrDefault(n.name(), Resources.ZERO);
            String shortfall = demand.firstShortfall(n.available());
            if (shortfall != null) {
                throw new DeploymentException(step, "overflows node " + n.name() + " in " + shortfall + ": needs "
                        + demand.get(shortfall) + " of " + n.available().get(shortfall) + " available");
            }
        }
    }
}
