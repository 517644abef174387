package org.race.allocator.binpack;

import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.race.allocator.common.Assignment;
import org.race.allocator.common.Diagnosis;
import org.race.allocator.common.Problem;
import org.race.api.Allocator;
import org.race.api.RoleProperties;
import org.race.api.analysis.SchedulabilityView;
import org.race.api.model.AllocationException;
import org.race.api.model.Application;
import org.race.api.model.NodeState;
import org.race.api.model.Placement;

/**
 * First fit in descriptor order: pinned components go to their node, then each other component
 * to the first node (domain order) where every resource, connection bandwidth included, still fits
 * and, given a schedulability view, every job there still meets its deadline.
 */
@Component(service = Allocator.class, property = RoleProperties.NAME + "=firstfit")
public class FirstFitAllocator implements Allocator {
    @Override
    public Placement allocate(Application app, List<NodeState> nodes) throws AllocationException {
        return allocate(app, nodes, null);
    }

    @Override
    public Placement allocate(Application app, List<NodeState> nodes, SchedulabilityView view) throws AllocationException {
        Assignment a = new Assignment(Problem.of(app, nodes, view));
        a.placePins();
        Problem p = a.problem;
        for (int c = 0; c < p.components; c++) {
            if (a.placed(c)) continue;
            int node = -1;
            for (int j = 0; j < p.nodes && node < 0; j++) {
                if (a.fits(c, j)) node = j;
            }
            if (node < 0) throw Diagnosis.noNodeFor(a, c);
            a.assign(c, node);
        }
        return a.toPlacement("firstfit");
    }
}
