package org.race.allocator.binpack;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.race.allocator.common.Assignment;
import org.race.allocator.common.Diagnosis;
import org.race.allocator.common.Problem;
import org.race.api.analysis.SchedulabilityView;
import org.race.api.model.AllocationException;
import org.race.api.model.Application;
import org.race.api.model.NodeState;
import org.race.api.model.Placement;

/**
 * Single-dimension decreasing bin packing: components sorted by their demand of one resource
 * (largest first, ties in descriptor order), each put on the first node where it fits (FFD), the
 * node it leaves with the least of that resource (BFD) or the most (WFD). Only the ordering and
 * the choice look at one resource; every resource and connection bandwidth must still fit, so
 * a placement is never invalid. Pinned components are placed first.
 */
public final class BinPacking {
    public enum Strategy { FFD, BFD, WFD }

    private final Strategy strategy;
    private final int resource;
    private final String name;

    public BinPacking(Strategy strategy, String resource, String name) {
        this.strategy = strategy;
        this.resource = Problem.resourceIndex(resource);
        this.name = name;
    }

    public static Strategy strategy(String s) {
        try {
            return Strategy.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown bin packing strategy '" + s + "' (ffd, bfd, wfd)");
        }
    }

    public Placement allocate(Application app, List<NodeState> nodes) throws AllocationException {
        return allocate(app, nodes, null);
    }

    /** With {@code view} (null: capacity only) a node takes a component only if every job there still meets its deadline. */
    public Placement allocate(Application app, List<NodeState> nodes, SchedulabilityView view) throws AllocationException {
        Assignment a = new Assignment(Problem.of(app, nodes, view));
        a.placePins();
        Problem p = a.problem;
        Integer[] order = new Integer[p.components];
        for (int c = 0; c < order.length; c++) order[c] = c;
        Arrays.sort(order, Comparator.comparingDouble((Integer c) -> -p.demand[c][resource]).thenComparingInt(c -> c));
        for (int c : order) {
            if (a.placed(c)) continue;
            int node = -1;
            double best = 0;
            for (int j = 0; j < p.nodes; j++) {
                if (!a.fits(c, j)) continue;
                if (strategy == Strategy.FFD) {
                    node = j;
                    break;
                }
                double left = a.free(j, resource) - p.demand[c][resource];
                if (node < 0 || (strategy == Strategy.BFD ? left < best : left > best)) {
                    node = j;
                    best = left;
                }
            }
            if (node < 0) throw Diagnosis.noNodeFor(a, c);
            a.assign(c, node);
        }
        return a.toPlacement(name);
    }
}
