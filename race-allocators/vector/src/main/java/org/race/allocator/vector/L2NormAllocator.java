package org.race.allocator.vector;

import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.race.api.Allocator;
import org.race.api.RoleProperties;
import org.race.api.analysis.SchedulabilityView;
import org.race.api.model.AllocationException;
import org.race.api.model.Application;
import org.race.api.model.NodeState;
import org.race.api.model.Placement;

/** The {@code l2norm} allocator: bin-centric vector packing, fit by the L2 norm of what is left ({@link VectorPacking}). */
@Component(service = Allocator.class, property = RoleProperties.NAME + "=" + L2NormAllocator.NAME)
public class L2NormAllocator implements Allocator {
    static final String NAME = "l2norm";
    private final VectorPacking packing = new VectorPacking(VectorPacking.Fit.L2_NORM, NAME);

    @Override
    public Placement allocate(Application app, List<NodeState> nodes) throws AllocationException {
        return packing.allocate(app, nodes, null);
    }

    @Override
    public Placement allocate(Application app, List<NodeState> nodes, SchedulabilityView view) throws AllocationException {
        return packing.allocate(app, nodes, view);
    }
}
