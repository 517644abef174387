package org.race.core;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.race.api.CostModel;
import org.race.api.model.Application;
import org.race.api.model.DeploymentException;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;
import org.race.api.model.NodeState;
import org.race.api.model.Placement;
import org.race.api.model.Resources;

/**
 * Admission: the placed application (with the platform's overheads when a cost model is present) fits in
 * what every node has available, and its longest path meets its deadline with the measured overheads.
 * Contract negotiation runs the same check on every rate it tries ({@link #check}).
 */
final class AdmitStage implements Stage {
    private final Supplier<CostModel> costModel;

    AdmitStage(Supplier<CostModel> costModel) {
        this.costModel = costModel;
    }

    @Override
    public void run(CycleState s) throws DeploymentException {
        check(s.allocator, s.app, s.placement, s.admissionNodes, s.domain);
    }

    /**
     * Whether {@code app} placed by {@code allocator} is admitted on {@code nodes}. A placement beyond a node's
     * capacity is the allocator's fault (it was shown what is available), so the refusal names it.
     */
    void check(String allocator, Application app, Placement placement, List<NodeState> nodes, Domain domain) throws DeploymentException {
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
