package org.race.allocator.static_;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.race.allocator.common.Diagnosis;
import org.race.allocator.common.Problem;
import org.race.api.Allocator;
import org.race.api.RoleProperties;
import org.race.api.model.AllocationException;
import org.race.api.model.Application;
import org.race.api.model.NodeState;
import org.race.api.model.Placement;
import org.race.api.model.Resources;

/** Honours the descriptor's mapping, and refuses it when a node would be overloaded. */
@Component(service = Allocator.class, property = RoleProperties.NAME + "=static")
public class StaticAllocator implements Allocator {
    @Override
    public Placement allocate(Application app, List<NodeState> nodes) throws AllocationException {
        Map<String, NodeState> byName = new LinkedHashMap<>();
        nodes.forEach(n -> byName.put(n.name(), n));
        Map<String, String> nodeOf = new LinkedHashMap<>();
        for (org.race.api.model.Component c : app.components()) {
            if (!c.pinned()) throw new AllocationException("component '" + c.name() + "' has no node; the static allocator needs every component mapped");
            NodeState n = byName.get(c.node());
            if (n == null) throw new AllocationException("component '" + c.name() + "' is mapped to unknown node '" + c.node() + "'");
            if (!n.up()) throw new AllocationException("component '" + c.name() + "' is mapped to node '" + c.node() + "', which is not available");
            nodeOf.put(c.name(), c.node());
        }
        for (NodeState n : nodes) {
            Resources demand = app.demandOn(n.name(), nodeOf);
            String shortfall = demand.firstShortfall(n.available());
            if (shortfall != null) {
                throw new AllocationException("static mapping overflows node " + n.name() + " in " + shortfall + ": needs "
                        + Diagnosis.num(demand.get(shortfall)) + ", " + Diagnosis.num(n.available().get(shortfall)) + " available"
                        + Diagnosis.totals(Problem.of(app, nodes)));
            }
        }
        return new Placement("static", nodeOf);
    }
}
