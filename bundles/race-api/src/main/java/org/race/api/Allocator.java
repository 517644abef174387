package org.race.api;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;
import org.race.api.analysis.SchedulabilityView;
import org.race.api.model.AllocationException;
import org.race.api.model.Application;
import org.race.api.model.NodeState;
import org.race.api.model.Placement;

/**
 * Maps components onto nodes from their demands and the nodes' current availability. Registered
 * with {@link RoleProperties#NAME}; must be deterministic for the same input, must honour static
 * node mappings, and changes nothing when it throws.
 */
@ConsumerType
public interface Allocator {
    Placement allocate(Application application, List<NodeState> nodes) throws AllocationException;

    /**
     * Places by schedulability too: a node takes a component only if every job on it still meets its
     * local deadline ({@code view}). The engine calls this when admission analyses schedulability; an
     * allocator that does not look at {@code view} places by capacity, and admission's repair step
     * ({@code race.engine admission = analysis}) still decides.
     */
    default Placement allocate(Application application, List<NodeState> nodes, SchedulabilityView view) throws AllocationException {
        return allocate(application, nodes);
    }
}
