package org.race.allocator.optaplanner;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.optaplanner.core.api.domain.solution.PlanningEntityCollectionProperty;
import org.optaplanner.core.api.domain.solution.PlanningScore;
import org.optaplanner.core.api.domain.solution.PlanningSolution;
import org.optaplanner.core.api.domain.solution.ProblemFactCollectionProperty;
import org.optaplanner.core.api.domain.valuerange.ValueRangeProvider;
import org.optaplanner.core.api.score.buildin.bendablelong.BendableLongScore;
import org.race.allocator.common.Assignment;
import org.race.allocator.common.Problem;
import org.race.api.model.NodeState;
import org.race.api.model.Placement;

/**
 * The planning solution: the available nodes (the value range), the components (the entities)
 * and the bandwidth uses, with a {@link BendableLongScore} of one hard and three soft levels (see
 * {@link AllocationConstraints}). Resource amounts are doubles scaled by {@link #SCALE} to longs.
 */
@PlanningSolution(solutionCloner = AllocationCloner.class)
public class AllocationSolution {
    static final String NODES = "nodes";
    /** Millionths: exact for demands given with up to six decimals. */
    static final double SCALE = 1e6;

    @ProblemFactCollectionProperty
    @ValueRangeProvider(id = NODES)
    private List<NodeFact> nodes;
    @ProblemFactCollectionProperty
    private List<BandwidthUse> bandwidthUses;
    @PlanningEntityCollectionProperty
    private List<ComponentAssignment> components;
    @PlanningScore(bendableHardLevelsSize = 1, bendableSoftLevelsSize = 3)
    private BendableLongScore score;
    /** The indexed problem, for {@link NodeEmptying}'s capacity checks; shared by every clone. */
    private Problem problem;
    /** When {@link NodeEmptying} must stop (System.nanoTime); set by the caller before the consolidation. */
    private long emptyingDeadline = Long.MAX_VALUE;

    /** For OptaPlanner's solution cloner. */
    public AllocationSolution() {
    }

    /** The problem with pinned components on their nodes and every other component unassigned. */
    static AllocationSolution of(Problem p, List<NodeState> states) {
        AllocationSolution s = new AllocationSolution();
        s.problem = p;
        NodeFact[] byIndex = new NodeFact[p.nodes];
        s.nodes = new ArrayList<>();
        int demanded = 0; // the resources this application needs any of: the fill reward weighs those
        for (int r = 0; r < Problem.R; r++) {
            for (int c = 0; c < p.components && (demanded & 1 << r) == 0; c++) if (p.demand[c][r] > 0) demanded |= 1 << r;
        }
        for (int j = 0; j < p.nodes; j++) {
            if (!p.up[j]) continue; // a node that is down is no value to choose
            byIndex[j] = new NodeFact(j, p.nodeNames[j], scaled(p.available[j][0]), scaled(p.available[j][1]),
                    scaled(p.available[j][2]), scaled(states.get(j).node().capacity().cpu()), scaled(p.freeUtilization(j)), demanded);
            s.nodes.add(byIndex[j]);
        }
        s.components = new ArrayList<>(p.components);
        s.bandwidthUses = new ArrayList<>();
        for (int c = 0; c < p.components; c++) {
            s.components.add(new ComponentAssignment(c, p.componentNames[c], scaled(p.demand[c][0]), scaled(p.demand[c][1]),
                    scaled(p.demand[c][2]), scaled(p.utilization(c)), p.pin[c] >= 0 ? byIndex[p.pin[c]] : null));
            s.bandwidthUses.add(new BandwidthUse(c, c, scaled(p.demand[c][2])));
            int[] nb = p.neighbours[c];
            for (int e = 0; e < nb.length; e++) {
                // a connection from a component to itself never crosses nodes
                if (nb[e] != c) s.bandwidthUses.add(new BandwidthUse(c, nb[e], scaled(p.neighbourBandwidth[c][e])));
            }
        }
        return s;
    }

    static long scaled(double amount) {
        return Math.round(amount * SCALE);
    }

    /**
     * Puts every component where {@code placement} says; false, with nothing changed, when the
     * placement leaves a component out, names a node that is not available, or moves a pinned one.
     */
    boolean assign(Placement placement) {
        Map<String, NodeFact> byName = new HashMap<>();
        for (NodeFact n : nodes) byName.put(n.name(), n);
        NodeFact[] chosen = new NodeFact[components.size()];
        for (ComponentAssignment a : components) {
            chosen[a.getIndex()] = byName.get(placement.nodeOf().get(a.getName()));
            if (chosen[a.getIndex()] == null || a.isPinned() && chosen[a.getIndex()] != a.getNode()) return false;
        }
        for (ComponentAssignment a : components) a.setNode(chosen[a.getIndex()]);
        return true;
    }

    /**
     * Gives every unassigned component a node, so that a local search can start: the first node
     * (domain order) where it fits beside what is assigned, else the first available node (the hard
     * score then shows the overflow and the search works it off). Returns how many it assigned.
     */
    int complete(Problem p) {
        Assignment a = new Assignment(p);
        for (ComponentAssignment c : components) {
            if (c.getNode() != null) a.assign(c.getIndex(), c.getNode().index());
        }
        int completed = 0;
        for (ComponentAssignment c : components) {
            if (c.getNode() != null) continue;
            NodeFact at = nodes.get(0);
            for (NodeFact n : nodes) {
                if (a.fits(c.getIndex(), n.index())) {
                    at = n;
                    break;
                }
            }
            c.setNode(at);
            a.assign(c.getIndex(), at.index());
            completed++;
        }
        return completed;
    }

    /** This solution's facts and score with other entities. */
    AllocationSolution withComponents(List<ComponentAssignment> entities) {
        AllocationSolution s = new AllocationSolution();
        s.nodes = nodes;
        s.bandwidthUses = bandwidthUses;
        s.components = entities;
        s.score = score;
        s.problem = problem;
        s.emptyingDeadline = emptyingDeadline;
        return s;
    }

    Problem problem() {
        return problem;
    }

    long emptyingDeadline() {
        return emptyingDeadline;
    }

    void emptyingDeadline(long nanoTime) {
        emptyingDeadline = nanoTime;
    }

    public List<NodeFact> getNodes() {
        return nodes;
    }

    public List<ComponentAssignment> getComponents() {
        return components;
    }

    public BendableLongScore getScore() {
        return score;
    }
}
