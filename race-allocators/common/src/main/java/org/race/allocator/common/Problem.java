package org.race.allocator.common;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.race.api.analysis.PeriodicTask;
import org.race.api.analysis.SchedulabilityView;
import org.race.api.model.AllocationException;
import org.race.api.model.Application;
import org.race.api.model.Component;
import org.race.api.model.Connection;
import org.race.api.model.NodeState;
import org.race.api.model.Resources;

/**
 * One application and the nodes it may go to, as arrays indexed by component and node, so that
 * heuristics placing 10,000 components on 1,000 nodes do constant work per check. Resource index
 * 0 = cpu, 1 = memory, 2 = bandwidth. Node capacities are what is available now (capacity minus
 * reservations and measured use, as the engine reports in NodeState).
 */
public final class Problem {
    public static final String[] RESOURCES = { "cpu", "memory", "bandwidth" };
    public static final int R = 3;

    public final Application application;
    public final int components;
    public final String[] componentNames;
    public final double[][] demand;
    /** Node index a component is pinned to, or -1. */
    public final int[] pin;
    public final int nodes;
    public final String[] nodeNames;
    public final double[][] available;
    public final boolean[] up;
    /** Neighbours of each component (either direction of a connection) and the bandwidth between them. */
    public final int[][] neighbours;
    public final double[][] neighbourBandwidth;
    /** Whether placement is by schedulability too (a view was given); the arrays below are filled only then. */
    public final boolean byAnalysis;
    /** Per component its job: worst-case execution time on a node of cpu 1, priority, period and deadline. */
    final double[] work, period, deadline;
    final int[] priority;
    /** Per node its cpu capacity (a job's time there is its work over it) and the deployed jobs on it. */
    final double[] cpu;
    final PeriodicTask[][] deployedJobs;

    private Problem(Application app, List<NodeState> nodeStates, SchedulabilityView view) throws AllocationException {
        this.application = app;
        this.nodes = nodeStates.size();
        this.nodeNames = new String[nodes];
        this.available = new double[nodes][];
        this.up = new boolean[nodes];
        Map<String, Integer> nodeIndex = new HashMap<>();
        for (int j = 0; j < nodes; j++) {
            NodeState s = nodeStates.get(j);
            nodeNames[j] = s.name();
            available[j] = vector(s.available());
            up[j] = s.up();
            nodeIndex.put(s.name(), j);
        }
        List<Component> cs = app.components();
        this.components = cs.size();
        this.componentNames = new String[components];
        this.demand = new double[components][];
        this.pin = new int[components];
        Map<String, Integer> compIndex = new HashMap<>();
        for (int i = 0; i < components; i++) {
            Component c = cs.get(i);
            componentNames[i] = c.name();
            demand[i] = vector(c.demand());
            compIndex.put(c.name(), i);
            pin[i] = -1;
            if (c.pinned()) {
                Integer j = nodeIndex.get(c.node());
                if (j == null) throw new AllocationException("component '" + c.name() + "' is mapped to unknown node '" + c.node() + "'");
                if (!up[j]) throw new AllocationException("component '" + c.name() + "' is mapped to node '" + c.node() + "', which is not available");
                pin[i] = j;
            }
        }
        // neighbours in both directions: count each component's connections, then fill the arrays
        int[] degree = new int[components];
        for (Connection k : app.connections()) {
            degree[compIndex.get(k.from())]++;
            degree[compIndex.get(k.to())]++;
        }
        this.neighbours = new int[components][];
        this.neighbourBandwidth = new double[components][];
        for (int i = 0; i < components; i++) {
            neighbours[i] = new int[degree[i]];
            neighbourBandwidth[i] = new double[degree[i]];
        }
        int[] filled = new int[components];
        for (Connection k : app.connections()) {
            int a = compIndex.get(k.from()), b = compIndex.get(k.to());
            neighbours[a][filled[a]] = b;
            neighbourBandwidth[a][filled[a]++] = k.bandwidth();
            neighbours[b][filled[b]] = a;
            neighbourBandwidth[b][filled[b]++] = k.bandwidth();
        }
        this.byAnalysis = view != null;
        int jobs = byAnalysis ? components : 0;
        this.work = new double[jobs];
        this.period = new double[jobs];
        this.deadline = new double[jobs];
        this.priority = new int[jobs];
        for (int i = 0; i < jobs; i++) {
            PeriodicTask t = view.candidate().get(componentNames[i]);
            if (t == null) throw new AllocationException("the schedulability view has no job for component '" + componentNames[i] + "'");
            work[i] = t.wcetMs();
            period[i] = t.periodMs();
            deadline[i] = t.localDeadlineMs();
            priority[i] = t.priority();
        }
        this.cpu = new double[byAnalysis ? nodes : 0];
        this.deployedJobs = new PeriodicTask[byAnalysis ? nodes : 0][];
        for (int j = 0; j < cpu.length; j++) {
            double c = nodeStates.get(j).node().capacity().cpu();
            cpu[j] = c > 0 ? c : 1; // as the analysis takes a node without cpu
            deployedJobs[j] = view.on(nodeNames[j]).toArray(PeriodicTask[]::new);
        }
    }

    /** The utilization c's job puts on a node of cpu 1 (0 when placing by capacity only); on a node of cpu x, a 1/x of it. */
    public double utilization(int c) {
        return byAnalysis ? work[c] / period[c] : 0;
    }

    /**
     * How much utilization, in cpu-1 units as {@link #utilization} counts it, {@code node} has left beside its deployed
     * jobs: at most this much is a necessary condition of schedulability there (0 when placing by capacity only).
     */
    public double freeUtilization(int node) {
        if (!byAnalysis) return 0;
        double u = 0;
        for (PeriodicTask t : deployedJobs[node]) u += t.wcetMs() / t.periodMs();
        return cpu[node] * Math.max(0, 1 - u);
    }

    /** Index the application and the nodes; pins to unknown or unavailable nodes are refused here. Placement by capacity only. */
    public static Problem of(Application app, List<NodeState> nodes) throws AllocationException {
        return new Problem(app, nodes, null);
    }

    /**
     * As {@link #of(Application, List)}, and with {@code view} (null: capacity only) placement by schedulability
     * too: {@link Assignment#fits} then also asks the per-node exact response-time test.
     */
    public static Problem of(Application app, List<NodeState> nodes, SchedulabilityView view) throws AllocationException {
        return new Problem(app, nodes, view);
    }

    /**
     * The largest available capacity per resource (1 where no node has any): the scale on which
     * allocators compare cpu, memory and bandwidth demands whatever their units.
     */
    public double[] largestAvailable() {
        double[] s = new double[R];
        for (int j = 0; j < nodes; j++) {
            for (int r = 0; r < R; r++) s[r] = Math.max(s[r], available[j][r]);
        }
        for (int r = 0; r < R; r++) if (s[r] <= 0) s[r] = 1;
        return s;
    }

    static double[] vector(Resources r) {
        return new double[] { r.cpu(), r.memory(), r.bandwidth() };
    }

    public static int resourceIndex(String resource) {
        for (int r = 0; r < R; r++) {
            if (RESOURCES[r].equals(resource)) return r;
        }
        throw new IllegalArgumentException("unknown resource '" + resource + "' (cpu, memory, bandwidth)");
    }
}
