package org.race.allocator.common;

import java.util.LinkedHashMap;
import java.util.Map;

import org.race.api.model.Placement;

/**
 * A partial placement with each node's use kept up to date, so that "does component c fit on node
 * j" costs O(degree of c). A connection between components on different nodes uses its bandwidth
 * on both nodes; between components on one node it uses none. Not for concurrent use, not even to
 * check: {@link #fits} uses a scratch array.
 */
public final class Assignment {
    private static final double EPS = 1e-9;

    public final Problem problem;
    private final int[] nodeOf;
    private final double[][] used;
    private final int[] hosted;
    /** Scratch for {@link #check}: per node, the bandwidth c's connections would add; all zero between calls. */
    private final double[] incoming;
    /** The per-node schedulability test when the problem places by analysis, else null. */
    private final Schedulability schedule;
    private int nodesUsed;

    public Assignment(Problem problem) {
        this.problem = problem;
        this.schedule = problem.byAnalysis ? new Schedulability(problem) : null;
        this.nodeOf = new int[problem.components];
        java.util.Arrays.fill(nodeOf, -1);
        this.used = new double[problem.nodes][Problem.R];
        this.hosted = new int[problem.nodes];
        this.incoming = new double[problem.nodes];
    }

    public int nodeOf(int c) {
        return nodeOf[c];
    }

    public boolean placed(int c) {
        return nodeOf[c] >= 0;
    }

    public double used(int node, int resource) {
        return used[node][resource];
    }

    /** What is left of {@code resource} on {@code node}. */
    public double free(int node, int resource) {
        return problem.available[node][resource] - used[node][resource];
    }

    public int hosted(int node) {
        return hosted[node];
    }

    public int nodesUsed() {
        return nodesUsed;
    }

    /** Bandwidth {@code c} would use on {@code node} for its connections to components placed elsewhere. */
    private double crossBandwidth(int c, int node) {
        double bw = 0;
        int[] nb = problem.neighbours[c];
        for (int e = 0; e < nb.length; e++) {
            int other = nodeOf[nb[e]];
            if (other >= 0 && other != node) bw += problem.neighbourBandwidth[c][e];
        }
        return bw;
    }

    /**
     * Whether {@code c} fits on {@code node}: in every resource, its neighbours' nodes' bandwidth included, and,
     * when the problem places by schedulability, with every job on the node still meeting its local deadline
     * ({@link #schedulable}). The one test every allocator asks.
     */
    public boolean fits(int c, int node) {
        return check(c, node) < 0 && schedulable(c, node);
    }

    /** Whether every job on {@code node} still meets its local deadline with c's job there (true when placing by capacity only). */
    public boolean schedulable(int c, int node) {
        return schedule == null || schedule.fits(c, node);
    }

    /** The first resource index in which placing {@code c} on {@code node} overflows some node, or -1. */
    public int shortfall(int c, int node) {
        long s = check(c, node);
        return s < 0 ? -1 : (int) (s / NODE_SLOTS);
    }

    /** The node that would overflow if {@code c} were placed on {@code node} (itself, or a neighbour's node), or -1. */
    public int shortNode(int c, int node) {
        long s = check(c, node);
        return s < 0 ? -1 : (int) (s % NODE_SLOTS);
    }

    private static final long NODE_SLOTS = 1L << 32;

    /** -1 when c fits on node, else resource * NODE_SLOTS + the node that overflows; no allocation on this hot path. */
    private long check(int c, int node) {
        if (!problem.up[node]) return node;
        double[] d = problem.demand[c];
        double[] cap = problem.available[node];
        double[] u = used[node];
        if (u[0] + d[0] > cap[0] + EPS) return node;
        if (u[1] + d[1] > cap[1] + EPS) return NODE_SLOTS + node;
        if (u[2] + d[2] + crossBandwidth(c, node) > cap[2] + EPS) return 2 * NODE_SLOTS + node;
        // Several connections may end on one other node: their bandwidth is summed there (as
        // Application.demandOn counts it), not checked one by one (issue 17 item 14).
        int[] nb = problem.neighbours[c];
        for (int e = 0; e < nb.length; e++) {
            int other = nodeOf[nb[e]];
            if (other >= 0 && other != node) incoming[other] += problem.neighbourBandwidth[c][e];
        }
        int over = -1;
        for (int e = 0; e < nb.length; e++) {
            int other = nodeOf[nb[e]];
            if (other < 0 || other == node) continue;
            if (over < 0 && used[other][2] + incoming[other] > problem.available[other][2] + EPS) over = other;
            incoming[other] = 0;
        }
        return over < 0 ? -1 : 2 * NODE_SLOTS + over;
    }

    public void assign(int c, int node) {
        if (nodeOf[c] >= 0) throw new IllegalStateException(problem.componentNames[c] + " is already placed");
        double[] d = problem.demand[c];
        for (int r = 0; r < Problem.R; r++) used[node][r] += d[r];
        int[] nb = problem.neighbours[c];
        for (int e = 0; e < nb.length; e++) {
            int other = nodeOf[nb[e]];
            if (other >= 0 && other != node) {
                double bw = problem.neighbourBandwidth[c][e];
                used[node][2] += bw;
                used[other][2] += bw;
            }
        }
        nodeOf[c] = node;
        if (schedule != null) schedule.assign(c, node);
        if (hosted[node]++ == 0) nodesUsed++;
    }

    public void unassign(int c) {
        int node = nodeOf[c];
        if (node < 0) return;
        nodeOf[c] = -1;
        double[] d = problem.demand[c];
        for (int r = 0; r < Problem.R; r++) used[node][r] -= d[r];
        int[] nb = problem.neighbours[c];
        for (int e = 0; e < nb.length; e++) {
            int other = nodeOf[nb[e]];
            if (other >= 0 && other != node) {
                double bw = problem.neighbourBandwidth[c][e];
                used[node][2] -= bw;
                used[other][2] -= bw;
            }
        }
        if (schedule != null) schedule.unassign(c, node);
        if (--hosted[node] == 0) nodesUsed--;
    }

    /** Sum of the bandwidth of connections whose two ends are placed on different nodes. */
    public double crossNodeBandwidth() {
        double bw = 0;
        for (int c = 0; c < problem.components; c++) {
            int[] nb = problem.neighbours[c];
            for (int e = 0; e < nb.length; e++) {
                if (nb[e] > c && nodeOf[c] >= 0 && nodeOf[nb[e]] >= 0 && nodeOf[c] != nodeOf[nb[e]]) {
                    bw += problem.neighbourBandwidth[c][e];
                }
            }
        }
        return bw;
    }

    /** Place pinned components first; they must fit or the request is infeasible. */
    public void placePins() throws org.race.api.model.AllocationException {
        for (int c = 0; c < problem.components; c++) {
            int j = problem.pin[c];
            if (j < 0) continue;
            int r = shortfall(c, j);
            if (r >= 0) {
                throw new org.race.api.model.AllocationException("static mapping of '" + problem.componentNames[c] + "' overflows node "
                        + problem.nodeNames[j] + " in " + Problem.RESOURCES[r]);
            }
            assign(c, j);
        }
    }

    public Placement toPlacement(String allocator) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int c = 0; c < problem.components; c++) {
            if (nodeOf[c] < 0) throw new IllegalStateException(problem.componentNames[c] + " is not placed");
            map.put(problem.componentNames[c], problem.nodeNames[nodeOf[c]]);
        }
        return new Placement(allocator, map);
    }
}
