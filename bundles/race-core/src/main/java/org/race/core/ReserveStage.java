package org.race.core;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

import org.race.api.NodeManager;
import org.race.api.model.DeploymentException;

/** Phase 1 of two-phase admission: every node of the plan reserves its part, the shrinks counted, for a lease. */
final class ReserveStage implements Stage {
    private final NodeDispatch dispatch;
    private final TwoPhaseAdmission admission;
    private final LongSupplier timeoutMs;
    private final LongSupplier leaseMs;

    ReserveStage(NodeDispatch dispatch, TwoPhaseAdmission admission, LongSupplier timeoutMs, LongSupplier leaseMs) {
        this.dispatch = dispatch;
        this.admission = admission;
        this.timeoutMs = timeoutMs;
        this.leaseMs = leaseMs;
    }

    @Override
    public void run(CycleState s) throws DeploymentException {
        Map<String, NodeManager> involved = new TreeMap<>();
        for (String node : Registry.nodesOf(s.plan)) {
            if (dispatch.calls().failed(node)) throw new DeploymentException("node " + node, "treated as failed (not answering)");
            involved.put(node, dispatch.manager(node).orElseThrow(() -> new DeploymentException("node " + node, "no NodeManager for node " + node)));
        }
        s.ticket = admission.reserve(s.plan, s.shrunkTo(), involved, timeoutMs.getAsLong(), leaseMs.getAsLong());
    }

    /** Phase 2, abort: nothing stays reserved. */
    @Override
    public void undo(CycleState s) {
        if (s.ticket != null) admission.release(s.ticket);
    }
}
