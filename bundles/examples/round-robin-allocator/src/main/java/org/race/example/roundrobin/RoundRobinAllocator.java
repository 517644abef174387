package org.race.example.roundrobin;

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

/**
 * Deals an application's components out over the nodes that are up like cards, in descriptor order
 * and domain order: the first component to the first node, the next to the next, and so on around,
 * skipping a node where the component (and its connections to components already placed on other
 * nodes) would not fit. Components with a {@code node} in the descriptor stay there.
 * <p>
 * An allocator must be deterministic and change nothing when it fails; the engine checks the
 * placement again (every component on an available node, pins honoured, no capacity exceeded).
 */
@Component(service = Allocator.class, property = RoleProperties.NAME + "=" + RoundRobinAllocator.NAME)
public class RoundRobinAllocator implements Allocator {
    static final String NAME = "round-robin";

    @Override
    public Placement allocate(Application app, List<NodeState> nodes) throws AllocationException {
        List<NodeState> up = nodes.stream().filter(NodeState::up).toList();
        if (up.isEmpty()) throw new AllocationException("no node is up");
        Map<String, String> nodeOf = new LinkedHashMap<>();
        for (org.race.api.model.Component c : app.components()) {
            if (c.pinned()) nodeOf.put(c.name(), c.node());
        }
        String full = overflowing(app, nodeOf, up);
        if (full != null) throw new AllocationException("the components pinned to node " + full + " do not fit on it");
        int next = 0;
        for (org.race.api.model.Component c : app.components()) {
            if (c.pinned()) continue;
            int tried = 0;
            while (true) {
                NodeState n = up.get((next + tried) % up.size());
                nodeOf.put(c.name(), n.name());
                if (overflowing(app, nodeOf, up) == null) break;
                nodeOf.remove(c.name());
                if (++tried == up.size()) {
                    throw new AllocationException("component '" + c.name() + "' (cpu " + c.demand().cpu() + ", memory " + c.demand().memory()
                            + " MB, bandwidth " + c.demand().bandwidth() + " Mbit/s) fits on no node that is up");
                }
            }
            next = (next + tried + 1) % up.size();
        }
        return new Placement(NAME, nodeOf);
    }

    /** A node without room for what the application puts on it so far (cross-node connections included), or null. */
    private static String overflowing(Application app, Map<String, String> nodeOf, List<NodeState> nodes) {
        return nodes.stream().filter(n -> !app.demandOn(n.name(), nodeOf).fitsIn(n.available())).map(NodeState::name).findFirst().orElse(null);
    }
}
