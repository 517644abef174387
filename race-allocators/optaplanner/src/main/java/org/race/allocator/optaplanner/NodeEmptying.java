package org.race.allocator.optaplanner;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.optaplanner.core.api.score.director.ScoreDirector;
import org.optaplanner.core.impl.phase.custom.CustomPhaseCommand;
import org.race.allocator.common.Assignment;
import org.race.allocator.common.Problem;

/**
 * A custom phase before the consolidation: tries to empty the least-filled nodes outright.
 *
 * <p>Why: after a good decreasing heuristic on a tight instance every node but the last few has
 * less room left than the smallest component, so no single move empties a node and the
 * consolidation's random moves only drift the spare room around (at 10,000 components on 1,000
 * nodes it closed none of the gap to the lower bound in 30 s). Here the spare room is gathered
 * on purpose: to move component c off the node being emptied, take the other node X with most
 * room and, for every further node Y, swap the pair (a on X, b on Y) that moves the most room from
 * Y to X (a larger than b, both still fitting), until c fits on X. A node is emptied only when all
 * its components found a place; otherwise everything is put back. Every check is
 * {@link Assignment#fits}, so capacities and connection bandwidth hold throughout; pinned
 * components never move. An emptying that would raise the cross-node bandwidth (the score's first
 * soft level) is put back too. Deterministic unless its time share ends it
 * ({@link AllocationSolution#emptyingDeadline()}); bounded by {@link #ATTEMPTS} failed tries.
 */
public class NodeEmptying implements CustomPhaseCommand<AllocationSolution> {
    /** Nodes to try to empty, least filled first, before giving up. */
    static final int ATTEMPTS = 8;

    private Assignment a;
    private Problem p;
    private double[] size;
    private List<List<Integer>> on;
    /** The moves of the current attempt, to put back: component, node it came from. */
    private final List<int[]> log = new ArrayList<>();
    private long deadline;

    /** OptaPlanner builds one per solver through this constructor. */
    public NodeEmptying() {
    }

    @Override
    public void changeWorkingSolution(ScoreDirector<AllocationSolution> director) {
        AllocationSolution s = director.getWorkingSolution();
        p = s.problem();
        a = new Assignment(p);
        on = new ArrayList<>();
        for (int j = 0; j < p.nodes; j++) on.add(new ArrayList<>());
        ComponentAssignment[] byIndex = new ComponentAssignment[p.components];
        for (ComponentAssignment c : s.getComponents()) {
            byIndex[c.getIndex()] = c;
            if (c.getNode() == null) return; // only from a complete solution
            a.assign(c.getIndex(), c.getNode().index());
            on.get(c.getNode().index()).add(c.getIndex());
        }
        size = sizes(p);
        deadline = s.emptyingDeadline();
        List<Integer> tried = new ArrayList<>();
        while (tried.size() < ATTEMPTS && System.nanoTime() < deadline) {
            int node = leastFilled(tried);
            if (node < 0) break;
            tried.add(node);
            log.clear();
            double cross = a.crossNodeBandwidth();
            if (empty(node) && a.crossNodeBandwidth() <= cross + 1e-9) {
                tried.clear(); // room moved: nodes tried before may empty now
            } else {
                undo();
            }
        }
        // hand the result to OptaPlanner, entity by entity, so its score stays incremental
        NodeFact[] nodeFacts = new NodeFact[p.nodes];
        for (NodeFact n : s.getNodes()) nodeFacts[n.index()] = n;
        for (int c = 0; c < p.components; c++) {
            ComponentAssignment e = byIndex[c];
            if (e.getNode().index() == a.nodeOf(c)) continue;
            director.beforeVariableChanged(e, "node");
            e.setNode(nodeFacts[a.nodeOf(c)]);
            director.afterVariableChanged(e, "node");
        }
        director.triggerVariableListeners();
    }

    /** Each component's demand over the largest capacity, summed over resources. */
    private static double[] sizes(Problem p) {
        double[] scale = p.largestAvailable();
        double[] size = new double[p.components];
        for (int c = 0; c < p.components; c++) {
            for (int r = 0; r < Problem.R; r++) size[c] += p.demand[c][r] / scale[r];
        }
        return size;
    }

    private double load(int node) {
        double l = 0;
        for (int c : on.get(node)) l += size[c];
        return l;
    }

    /** The used node with the least load and no pinned component, not yet tried; -1 if none. */
    private int leastFilled(List<Integer> tried) {
        int best = -1;
        double bestLoad = 0;
        for (int j = 0; j < p.nodes; j++) {
            if (on.get(j).isEmpty() || tried.contains(j) || on.get(j).stream().anyMatch(c -> p.pin[c] >= 0)) continue;
            double l = load(j);
            if (best < 0 || l < bestLoad) {
                best = j;
                bestLoad = l;
            }
        }
        return best;
    }

    private boolean empty(int node) {
        List<Integer> cs = new ArrayList<>(on.get(node));
        cs.sort(Comparator.comparingDouble((Integer c) -> -size[c]).thenComparingInt(c -> c));
        for (int c : cs) {
            int x = bestFit(c, node);
            if (x < 0) x = gatherRoomFor(c, node);
            if (x < 0) return false;
            move(c, x);
        }
        return true;
    }

    /** The used node other than {@code from} where c fits with the least load left free, or -1. */
    private int bestFit(int c, int from) {
        int best = -1;
        double bestLoad = -1;
        for (int j = 0; j < p.nodes; j++) {
            if (j == from || on.get(j).isEmpty()) continue;
            a.unassign(c);
            boolean fits = a.fits(c, j);
            a.assign(c, from);
            if (fits && load(j) > bestLoad) {
                best = j;
                bestLoad = load(j);
            }
        }
        return best;
    }

    /**
     * Moves room onto one of the {@link #TARGETS} least-loaded used nodes (other than {@code from})
     * by swaps with every other node, until c fits there; returns that node, or -1.
     */
    private int gatherRoomFor(int c, int from) {
        List<Integer> targets = new ArrayList<>();
        for (int j = 0; j < p.nodes; j++) if (j != from && !on.get(j).isEmpty()) targets.add(j);
        targets.sort(Comparator.comparingDouble(this::load).thenComparingInt(j -> j));
        for (int x : targets.subList(0, Math.min(TARGETS, targets.size()))) {
            for (int y = 0; y < p.nodes; y++) {
                if (System.nanoTime() >= deadline) return -1;
                if (y == x || y == from || on.get(y).isEmpty()) continue;
                swapRoom(x, y);
                a.unassign(c);
                boolean fits = a.fits(c, x);
                a.assign(c, from);
                if (fits) return x;
            }
        }
        return -1;
    }

    /** Nodes to gather room on for one component, least loaded first. */
    static final int TARGETS = 16;

    /** The swap of a on x with b on y, a larger than b, that both fit and moves the most room onto x; made if any. */
    private void swapRoom(int x, int y) {
        int bestA = -1, bestB = -1;
        double bestGain = 1e-12;
        for (int ca : on.get(x)) {
            if (p.pin[ca] >= 0) continue;
            for (int cb : on.get(y)) {
                double gain = size[ca] - size[cb];
                if (p.pin[cb] >= 0 || gain <= bestGain) continue;
                a.unassign(ca);
                a.unassign(cb);
                boolean ok = a.fits(cb, x);
                if (ok) {
                    a.assign(cb, x);
                    ok = a.fits(ca, y);
                    a.unassign(cb);
                }
                a.assign(ca, x);
                a.assign(cb, y);
                if (ok) {
                    bestA = ca;
                    bestB = cb;
                    bestGain = gain;
                }
            }
        }
        if (bestA < 0) return;
        move(bestA, y);
        move(bestB, x);
    }

    private void move(int c, int to) {
        int from = a.nodeOf(c);
        log.add(new int[] { c, from });
        a.unassign(c);
        on.get(from).remove(Integer.valueOf(c));
        a.assign(c, to);
        on.get(to).add(c);
    }

    private void undo() {
        for (int i = log.size() - 1; i >= 0; i--) {
            int c = log.get(i)[0], back = log.get(i)[1];
            on.get(a.nodeOf(c)).remove(Integer.valueOf(c));
            a.unassign(c);
            a.assign(c, back);
            on.get(back).add(c);
        }
        log.clear();
    }
}
