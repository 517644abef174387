package org.race.allocator.pbfd;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;
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
 * Partitioned breadth-first decreasing, after de Niz and Rajkumar (2006), multi-dimensional.
 *
 * <p>The variant implemented, and why. De Niz and Rajkumar pack software modules that may be split
 * across processors and minimise both processors used and the bandwidth between modules on
 * different processors; best-fit decreasing is their near-optimal baseline. RACE's components are
 * indivisible, so the "partitioning" here is of the application graph, not of components:
 * <ol>
 * <li>Size of a component = the sum over cpu, memory and bandwidth of its demand divided by the
 * largest node capacity in that resource (so no resource dominates by its unit).</li>
 * <li>Order = breadth-first walks of the component graph (connections taken in both directions).
 * Walks start from the pinned components (so their neighbours are drawn to the pinned nodes),
 * then from the largest unvisited component; neighbours are queued heaviest connection first,
 * then by decreasing size. Connected components thus come one after another.</li>
 * <li>Choice of node for each component, first that fits in every resource (connection bandwidth
 * charged at both ends of a cross-node connection):
 * (a) the nodes of its already placed neighbours, most bandwidth to it first, so communicating
 * components land together and cross-node bandwidth stays low;
 * (b) otherwise best fit among nodes this application already uses (least normalised capacity
 * left), as BFD does;
 * (c) otherwise open the node with the most normalised capacity free.</li>
 * </ol>
 * Given a schedulability view, "fits" also means every job on the node still meets its deadline.
 * Deterministic: every tie falls to the lower index (descriptor or domain order).
 */
@Component(service = Allocator.class, property = RoleProperties.NAME + "=pbfd")
public class PbfdAllocator implements Allocator {
    static final String NAME = "pbfd";

    @Override
    public Placement allocate(Application app, List<NodeState> nodes) throws AllocationException {
        return allocate(app, nodes, null);
    }

    @Override
    public Placement allocate(Application app, List<NodeState> nodes, SchedulabilityView view) throws AllocationException {
        Problem p = Problem.of(app, nodes, view);
        Assignment a = new Assignment(p);
        a.placePins();
        double[] scale = p.largestAvailable();
        double[] size = new double[p.components];
        for (int c = 0; c < p.components; c++) {
            for (int r = 0; r < Problem.R; r++) size[c] += p.demand[c][r] / scale[r];
        }
        for (int c : order(p, size)) {
            if (a.placed(c)) continue;
            int node = neighbourNode(a, c);
            if (node < 0) node = bestUsedNode(a, c, scale);
            if (node < 0) node = emptiestNewNode(a, c, scale);
            if (node < 0) throw Diagnosis.noNodeFor(a, c);
            a.assign(c, node);
        }
        return a.toPlacement(NAME);
    }

    static int[] order(Problem p, double[] size) {
        Integer[] bySize = new Integer[p.components];
        for (int c = 0; c < bySize.length; c++) bySize[c] = c;
        Arrays.sort(bySize, Comparator.comparingDouble((Integer c) -> -size[c]).thenComparingInt(c -> c));
        boolean[] seen = new boolean[p.components];
        int[] out = new int[p.components];
        int k = 0;
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        // pinned components seed the first walks
        for (int c = 0; c < p.components; c++) {
            if (p.pin[c] >= 0 && !seen[c]) {
                seen[c] = true;
                queue.add(c);
            }
        }
        int next = 0;
        while (k < p.components) {
            if (queue.isEmpty()) {
                while (seen[bySize[next]]) next++;
                seen[bySize[next]] = true;
                queue.add(bySize[next]);
            }
            int c = queue.poll();
            out[k++] = c;
            int[] nb = p.neighbours[c];
            Integer[] edges = new Integer[nb.length];
            for (int e = 0; e < nb.length; e++) edges[e] = e;
            double[] bw = p.neighbourBandwidth[c];
            Arrays.sort(edges, Comparator.comparingDouble((Integer e) -> -bw[e]).thenComparingDouble(e -> -size[nb[e]])
                    .thenComparingInt(e -> nb[e]));
            for (int e : edges) {
                if (!seen[nb[e]]) {
                    seen[nb[e]] = true;
                    queue.add(nb[e]);
                }
            }
        }
        return out;
    }

    /** The node of c's placed neighbours with the most bandwidth to c on which c fits, or -1. */
    private static int neighbourNode(Assignment a, int c) {
        Problem p = a.problem;
        int[] nb = p.neighbours[c];
        if (nb.length == 0) return -1;
        java.util.Map<Integer, Double> toNode = new java.util.TreeMap<>();
        for (int e = 0; e < nb.length; e++) {
            if (a.placed(nb[e])) toNode.merge(a.nodeOf(nb[e]), p.neighbourBandwidth[c][e], Double::sum);
        }
        int best = -1;
        double bestBw = -1;
        for (java.util.Map.Entry<Integer, Double> e : toNode.entrySet()) {
            if (e.getValue() > bestBw && a.fits(c, e.getKey())) {
                best = e.getKey();
                bestBw = e.getValue();
            }
        }
        return best;
    }

    /** Normalised capacity left on {@code node} after placing c there. */
    private static double leftAfter(Assignment a, int c, int node, double[] scale) {
        double left = 0;
        for (int r = 0; r < Problem.R; r++) left += (a.free(node, r) - a.problem.demand[c][r]) / scale[r];
        return left;
    }

    private static int bestUsedNode(Assignment a, int c, double[] scale) {
        int best = -1;
        double bestLeft = Double.MAX_VALUE;
        for (int j = 0; j < a.problem.nodes; j++) {
            if (a.hosted(j) == 0 || !a.fits(c, j)) continue;
            double left = leftAfter(a, c, j, scale);
            if (left < bestLeft) {
                best = j;
                bestLeft = left;
            }
        }
        return best;
    }

    private static int emptiestNewNode(Assignment a, int c, double[] scale) {
        int best = -1;
        double bestLeft = -Double.MAX_VALUE;
        for (int j = 0; j < a.problem.nodes; j++) {
            if (a.hosted(j) != 0 || !a.fits(c, j)) continue;
            double left = leftAfter(a, c, j, scale);
            if (left > bestLeft) {
                best = j;
                bestLeft = left;
            }
        }
        return best;
    }
}
