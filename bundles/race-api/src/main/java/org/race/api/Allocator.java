package org.race.api;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;
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
}
