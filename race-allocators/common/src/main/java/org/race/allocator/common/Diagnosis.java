package org.race.allocator.common;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import org.race.text.Numbers;
import java.util.Map;

import org.race.api.model.AllocationException;

/** Lower bounds and the reasons an allocation fails, worded the same way by every allocator. */
public final class Diagnosis {
    private Diagnosis() {
    }

    /**
     * The fewest nodes that can hold the components' demand in every resource: for each resource,
     * the number of largest available nodes whose free capacity adds up to the total demand (the
     * ceiling of total demand over capacity when nodes are alike); the maximum over resources.
     * Connection bandwidth is left out: it vanishes when both ends share a node. Returns
     * {@code Integer.MAX_VALUE} when even all available nodes together are too small.
     */
    public static int lowerBound(Problem p) {
        int bound = 0;
        for (int r = 0; r < Problem.R; r++) {
            double total = 0;
            for (double[] d : p.demand) total += d[r];
            if (total <= 1e-12) continue;
            double[] caps = new double[p.nodes];
            for (int j = 0; j < p.nodes; j++) caps[j] = p.up[j] ? Math.max(0, p.available[j][r]) : 0;
            Arrays.sort(caps);
            double sum = 0;
            int k = 0;
            for (int j = p.nodes - 1; j >= 0 && sum < total - 1e-9; j--) {
                sum += caps[j];
                k++;
            }
            if (sum < total - 1e-9) return Integer.MAX_VALUE;
            bound = Math.max(bound, k);
        }
        return bound;
    }

    /**
     * Why component {@code c} fits on no node: which resource falls short on which nodes, the
     * totals that cannot fit at all, and the lower bound on nodes.
     */
    public static AllocationException noNodeFor(Assignment a, int c) {
        Problem p = a.problem;
        double[] d = p.demand[c];
        StringBuilder sb = new StringBuilder();
        sb.append("component '").append(p.componentNames[c]).append("' (cpu ").append(num(d[0])).append(", memory ")
                .append(num(d[1])).append(", bandwidth ").append(num(d[2])).append(") fits on no node: ");
        Map<String, List<String>> shortOn = new LinkedHashMap<>();
        List<String> viaNeighbours = new ArrayList<>();
        List<String> down = new ArrayList<>();
        List<String> unschedulable = new ArrayList<>();
        for (int j = 0; j < p.nodes; j++) {
            if (!p.up[j]) {
                down.add(p.nodeNames[j]);
                continue;
            }
            int r = a.shortfall(c, j);
            if (r < 0) {
                if (!a.schedulable(c, j)) unschedulable.add(p.nodeNames[j]);
                continue;
            }
            int at = a.shortNode(c, j);
            if (at == j) {
                shortOn.computeIfAbsent(Problem.RESOURCES[r], x -> new ArrayList<>()).add(p.nodeNames[j]);
            } else {
                viaNeighbours.add(p.nodeNames[j] + " (its connections would overflow the bandwidth of " + p.nodeNames[at] + ")");
            }
        }
        if (down.size() == p.nodes) {
            return new AllocationException(sb.append("no node is available (not available: ").append(names(down)).append(")").toString());
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : shortOn.entrySet()) {
            int r = Problem.resourceIndex(e.getKey());
            double best = 0;
            String bestNode = null;
            for (int j = 0; j < p.nodes; j++) {
                if (p.up[j] && (bestNode == null || a.free(j, r) > best)) {
                    best = a.free(j, r);
                    bestNode = p.nodeNames[j];
                }
            }
            parts.add(e.getKey() + " short on " + names(e.getValue()) + " (most free: " + num(best) + " on " + bestNode + ")");
        }
        if (!viaNeighbours.isEmpty()) parts.add("bandwidth short when placed on " + names(viaNeighbours));
        if (!unschedulable.isEmpty()) parts.add("not schedulable on " + names(unschedulable) + " (a job there would miss its deadline)");
        if (!down.isEmpty()) parts.add("not available: " + names(down));
        sb.append(String.join("; ", parts));
        sb.append(totals(p));
        return new AllocationException(sb.toString());
    }

    /** Totals that exceed what all available nodes have, and the lower bound on nodes. */
    public static String totals(Problem p) {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < Problem.R; r++) {
            double total = 0, free = 0;
            for (double[] d : p.demand) total += d[r];
            for (int j = 0; j < p.nodes; j++) if (p.up[j]) free += Math.max(0, p.available[j][r]);
            if (total > free + 1e-9) {
                sb.append("; total ").append(Problem.RESOURCES[r]).append(" demand ").append(num(total))
                        .append(" exceeds the ").append(num(free)).append(" available on all nodes");
            }
        }
        int lb = lowerBound(p);
        sb.append("; lower bound: ").append(lb == Integer.MAX_VALUE ? "more than all" : Integer.toString(lb))
                .append(" of ").append(countUp(p)).append(" available nodes");
        return sb.toString();
    }

    private static int countUp(Problem p) {
        int n = 0;
        for (boolean u : p.up) if (u) n++;
        return n;
    }

    /** A node list, shortened when long. */
    static String names(List<String> nodes) {
        if (nodes.size() <= 6) return String.join(", ", nodes);
        return String.join(", ", nodes.subList(0, 5)) + " and " + (nodes.size() - 5) + " more";
    }

    public static String num(double v) {
        return Numbers.readable(v, 4);
    }
}
