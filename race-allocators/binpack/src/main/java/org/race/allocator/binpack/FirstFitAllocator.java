package org.race.allocator.binpack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.race.api.Allocator;
import org.race.api.RoleProperties;
import org.race.api.model.AllocationException;
import org.race.api.model.Application;
import org.race.api.model.NodeState;
import org.race.api.model.Placement;
import org.race.api.model.Resources;

/**
 * First fit: pinned components go to their node, then each other component, in descriptor order, to
 * the first available node (domain order) where every resource, connection bandwidth included,
 * still fits.
 */
@Component(service = Allocator.class, property = RoleProperties.NAME + "=firstfit")
public class FirstFitAllocator implements Allocator {
    @Override
    public Placement allocate(Application app, List<NodeState> nodes) throws AllocationException {
        List<NodeState> up = nodes.stream().filter(NodeState::up).toList();
        Map<String, String> nodeOf = new LinkedHashMap<>();
        for (org.race.api.model.Component c : app.components()) {
            if (!c.pinned()) continue;
            NodeState n = nodes.stream().filter(s -> s.name().equals(c.node())).findFirst().orElse(null);
            if (n == null) throw new AllocationException("component '" + c.name() + "' is mapped to unknown node '" + c.node() + "'");
            if (!n.up()) throw new AllocationException("component '" + c.name() + "' is mapped to node '" + c.node() + "', which is not available");
            nodeOf.put(c.name(), c.node());
        }
        String overflow = overflow(app, nodeOf, nodes);
        if (overflow != null) throw new AllocationException("the static mappings alone overflow " + overflow);
        for (org.race.api.model.Component c : app.components()) {
            if (c.pinned()) continue;
            List<String> why = new ArrayList<>();
            for (NodeState n : up) {
                nodeOf.put(c.name(), n.name());
                String o = overflow(app, nodeOf, up);
                if (o == null) break;
                why.add(o);
                nodeOf.remove(c.name());
            }
            if (!nodeOf.containsKey(c.name())) {
                throw new AllocationException("component '" + c.name() + "' (cpu " + c.demand().cpu() + ", memory "
                        + c.demand().memory() + ", bandwidth " + c.demand().bandwidth() + ") fits on no node: "
                        + (up.isEmpty() ? "no node is available" : String.join("; ", why)));
            }
        }
        return new Placement("firstfit", nodeOf);
    }

    /** The first node whose availability the (partial) placement exceeds, with the resource; null if it fits. */
    private static String overflow(Application app, Map<String, String> nodeOf, List<NodeState> nodes) {
        for (NodeState n : nodes) {
            Resources demand = app.demandOn(n.name(), nodeOf);
            String r = demand.firstShortfall(n.available());
            if (r != null) return n.name() + " " + r + " (needs " + demand.get(r) + ", " + n.available().get(r) + " available)";
        }
        return null;
    }
}
