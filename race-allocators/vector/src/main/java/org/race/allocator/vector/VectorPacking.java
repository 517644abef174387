package org.race.allocator.vector;

import java.util.List;

import org.race.allocator.common.Assignment;
import org.race.allocator.common.Diagnosis;
import org.race.allocator.common.Problem;
import org.race.api.model.AllocationException;
import org.race.api.model.Application;
import org.race.api.model.NodeState;
import org.race.api.model.Placement;

/**
 * Bin-centric vector packing after Panigrahy, Talwar, Uyeda and Wieder, "Heuristics for Vector Bin
 * Packing" (Microsoft Research, 2011): fill one node at a time, each time taking the component
 * that best fits what the node has left, judged over all resources at once; open the next node
 * only when no component fits any more. Panigrahy et al. and Mommessin, Erlebach and Shakhlevich
 * (Computers &amp; Operations Research, 2024) found these bin-centric fits the best of the simple
 * vector heuristics, well ahead of first fit decreasing by a scalar size.
 *
 * <p>Demand and what is left are normalised by the node's capacity (what it has free before this
 * application), so cpu, memory and bandwidth count alike whatever their units. Resource r weighs
 * w_r = the mean normalised demand of the components still to place (Panigrahy's "average"
 * weights): a resource most components need much of counts most. The fits:
 * <ul>
 * <li>{@link Fit#DOT_PRODUCT}: the largest sum over r of w_r x demand_r x left_r: big components
 * whose shape matches the room left;</li>
 * <li>{@link Fit#L2_NORM}: the smallest sum over r of w_r x (left_r - demand_r)^2: the component
 * that leaves the node closest to full in every resource.</li>
 * </ul>
 * A component's bandwidth demand on a node is its own plus its connections to components already
 * placed on other nodes, as {@link Assignment} charges it; every placement is checked by
 * {@link Assignment#fits}, so connection bandwidth on both ends never overflows. Pinned components
 * are placed first and their nodes are filled first. The next node opened is the one with the most
 * normalised room. Deterministic: ties fall to the lower component or node index.
 *
 * <p>Cost: each placement scans the components that still fit the open node (those that stopped
 * fitting are dropped for the rest of that node, since a node's room only shrinks), so about
 * components x components-per-node checks: 10,000 components on 1,000 nodes take well under a second.
 */
public final class VectorPacking {
    public enum Fit { DOT_PRODUCT, L2_NORM }

    private final Fit fit;
    private final String name;

    public VectorPacking(Fit fit, String name) {
        this.fit = fit;
        this.name = name;
    }

    public Placement allocate(Application app, List<NodeState> nodes) throws AllocationException {
        Problem p = Problem.of(app, nodes);
        Assignment a = new Assignment(p);
        a.placePins();
        double[] scale = scale(p);
        // the components still to place, with each one's slot for O(1) removal
        int[] left = new int[p.components];
        int[] slot = new int[p.components];
        int n = 0;
        double[] total = new double[Problem.R];
        for (int c = 0; c < p.components; c++) {
            if (a.placed(c)) continue;
            slot[c] = n;
            left[n++] = c;
            for (int r = 0; r < Problem.R; r++) total[r] += p.demand[c][r] / scale[r];
        }
        boolean[] opened = new boolean[p.nodes];
        int[] candidates = new int[p.components];
        double[] w = new double[Problem.R];
        while (n > 0) {
            int node = nextNode(a, opened, scale);
            if (node < 0) throw Diagnosis.noNodeFor(a, lowest(left, n));
            opened[node] = true;
            for (int r = 0; r < Problem.R; r++) w[r] = total[r] / n;
            System.arraycopy(left, 0, candidates, 0, n);
            int m = n;
            while (true) {
                int best = -1;
                double bestScore = 0;
                for (int k = 0; k < m; k++) {
                    int c = candidates[k];
                    if (!a.fits(c, node)) {
                        candidates[k--] = candidates[--m]; // it will not fit this node again
                        continue;
                    }
                    double s = score(a, c, node, w);
                    if (best < 0 || s > bestScore || s == bestScore && c < best) {
                        best = c;
                        bestScore = s;
                    }
                }
                if (best < 0) break;
                a.assign(best, node);
                for (int r = 0; r < Problem.R; r++) total[r] -= p.demand[best][r] / scale[r];
                int last = left[--n];
                left[slot[best]] = last;
                slot[last] = slot[best];
                for (int k = 0; k < m; k++) {
                    if (candidates[k] == best) {
                        candidates[k] = candidates[--m];
                        break;
                    }
                }
            }
        }
        return a.toPlacement(name);
    }

    /** Higher is better: the dot product, or the negated squared L2 distance. */
    private double score(Assignment a, int c, int node, double[] w) {
        Problem p = a.problem;
        double[] d = p.demand[c];
        double[] cap = p.available[node];
        double s = 0;
        for (int r = 0; r < Problem.R; r++) {
            if (cap[r] <= 0) continue;
            double demand = (r == 2 ? d[r] + crossBandwidth(a, c, node) : d[r]) / cap[r];
            double room = a.free(node, r) / cap[r];
            s += fit == Fit.DOT_PRODUCT ? w[r] * demand * room : -w[r] * (room - demand) * (room - demand);
        }
        return s;
    }

    /** Bandwidth c's connections to components placed on other nodes would add on {@code node}. */
    private static double crossBandwidth(Assignment a, int c, int node) {
        int[] nb = a.problem.neighbours[c];
        double bw = 0;
        for (int e = 0; e < nb.length; e++) {
            int other = a.nodeOf(nb[e]);
            if (other >= 0 && other != node) bw += a.problem.neighbourBandwidth[c][e];
        }
        return bw;
    }

    /**
     * The next node to fill: one already hosting components (pins) first, lowest index; else the
     * available node with the most normalised room; -1 when every node has been filled.
     */
    private static int nextNode(Assignment a, boolean[] opened, double[] scale) {
        Problem p = a.problem;
        int best = -1;
        double bestRoom = 0;
        for (int j = 0; j < p.nodes; j++) {
            if (opened[j] || !p.up[j]) continue;
            if (a.hosted(j) > 0) return j;
            double room = 0;
            for (int r = 0; r < Problem.R; r++) room += Math.max(0, a.free(j, r)) / scale[r];
            if (best < 0 || room > bestRoom) {
                best = j;
                bestRoom = room;
            }
        }
        return best;
    }

    /** Largest available capacity per resource (1 where no node has any). */
    private static double[] scale(Problem p) {
        double[] s = new double[Problem.R];
        for (int j = 0; j < p.nodes; j++) {
            for (int r = 0; r < Problem.R; r++) s[r] = Math.max(s[r], p.available[j][r]);
        }
        for (int r = 0; r < Problem.R; r++) if (s[r] <= 0) s[r] = 1;
        return s;
    }

    private static int lowest(int[] left, int n) {
        int c = left[0];
        for (int k = 1; k < n; k++) c = Math.min(c, left[k]);
        return c;
    }
}
