package org.race.allocator.optaplanner;

import static org.optaplanner.core.api.score.stream.ConstraintCollectors.sumLong;
import static org.optaplanner.core.api.score.stream.Joiners.equal;

import org.optaplanner.core.api.score.buildin.bendablelong.BendableLongScore;
import org.optaplanner.core.api.score.stream.Constraint;
import org.optaplanner.core.api.score.stream.ConstraintFactory;
import org.optaplanner.core.api.score.stream.ConstraintProvider;
import org.optaplanner.core.api.score.stream.tri.TriConstraintStream;
import org.optaplanner.core.api.score.stream.uni.UniConstraintStream;

/**
 * The score, as incremental constraint streams, in priority order:
 * <ol>
 * <li>hard: no node exceeds what it has free of cpu, memory or bandwidth, where a node's bandwidth
 * use is its components' own demand plus every connection with exactly one end on it; penalty =
 * the excess, scaled; placing by schedulability, also no node's jobs exceed a utilization of 1 (necessary
 * for them to meet their deadlines; the exact per-node test decides when the solution is turned into a
 * placement, {@link OptaPlannerAllocator});</li>
 * <li>soft 1: total bandwidth of connections between components on different nodes;</li>
 * <li>soft 2: number of nodes used;</li>
 * <li>soft 3: balance, the sum over used nodes of the growth of their squared cpu utilization
 * ({@link NodeFact#balancePenalty}).</li>
 * </ol>
 */
public class AllocationConstraints implements ConstraintProvider {
    static final BendableLongScore HARD = BendableLongScore.ofHard(1, 3, 0, 1);
    static final BendableLongScore CROSS_BANDWIDTH = BendableLongScore.ofSoft(1, 3, 0, 1);
    static final BendableLongScore NODES_USED = BendableLongScore.ofSoft(1, 3, 1, 1);
    static final BendableLongScore BALANCE = BendableLongScore.ofSoft(1, 3, 2, 1);

    @Override
    public Constraint[] defineConstraints(ConstraintFactory f) {
        return new Constraint[] { cpuCapacity(f), memoryCapacity(f), bandwidthCapacity(f), utilization(f), crossNodeBandwidth(f), nodesUsed(f),
                balance(f) };
    }

    Constraint cpuCapacity(ConstraintFactory f) {
        return f.forEach(ComponentAssignment.class)
                .groupBy(ComponentAssignment::getNode, sumLong(ComponentAssignment::getCpu))
                .filter((node, load) -> load > node.cpu())
                .penalizeLong(HARD, (node, load) -> load - node.cpu())
                .asConstraint("cpu capacity");
    }

    Constraint memoryCapacity(ConstraintFactory f) {
        return f.forEach(ComponentAssignment.class)
                .groupBy(ComponentAssignment::getNode, sumLong(ComponentAssignment::getMemory))
                .filter((node, load) -> load > node.memory())
                .penalizeLong(HARD, (node, load) -> load - node.memory())
                .asConstraint("memory capacity");
    }

    /** Zero everywhere when placing by capacity only: every component's utilization is 0 then. */
    Constraint utilization(ConstraintFactory f) {
        return f.forEach(ComponentAssignment.class)
                .filter(c -> c.getUtilization() > 0)
                .groupBy(ComponentAssignment::getNode, sumLong(ComponentAssignment::getUtilization))
                .filter((node, load) -> load > node.utilization())
                .penalizeLong(HARD, (node, load) -> load - node.utilization())
                .asConstraint("utilization");
    }

    Constraint bandwidthCapacity(ConstraintFactory f) {
        return withEnds(f.forEach(BandwidthUse.class))
                .filter((use, owner, peer) -> use.own() || crosses(owner, peer))
                .groupBy((use, owner, peer) -> owner.getNode(), sumLong((use, owner, peer) -> use.amount()))
                .filter((node, load) -> load > node.bandwidth())
                .penalizeLong(HARD, (node, load) -> load - node.bandwidth())
                .asConstraint("bandwidth capacity");
    }

    Constraint crossNodeBandwidth(ConstraintFactory f) {
        return withEnds(f.forEach(BandwidthUse.class).filter(BandwidthUse::firstEnd))
                .filter((use, owner, peer) -> crosses(owner, peer))
                .penalizeLong(CROSS_BANDWIDTH, (use, owner, peer) -> use.amount())
                .asConstraint("cross-node bandwidth");
    }

    Constraint nodesUsed(ConstraintFactory f) {
        return f.forEach(ComponentAssignment.class)
                .groupBy(ComponentAssignment::getNode)
                .penalize(NODES_USED)
                .asConstraint("nodes used");
    }

    Constraint balance(ConstraintFactory f) {
        return f.forEach(ComponentAssignment.class)
                .groupBy(ComponentAssignment::getNode, sumLong(ComponentAssignment::getCpu))
                .penalizeLong(BALANCE, NodeFact::balancePenalty)
                .asConstraint("cpu balance");
    }

    /** Each use with the assignments of its owner and its peer (joins on index, so a move touches only its neighbours). */
    private static TriConstraintStream<BandwidthUse, ComponentAssignment, ComponentAssignment> withEnds(
            UniConstraintStream<BandwidthUse> uses) {
        return uses.join(ComponentAssignment.class, equal(BandwidthUse::owner, ComponentAssignment::getIndex))
                .join(ComponentAssignment.class, equal((use, owner) -> use.peer(), ComponentAssignment::getIndex));
    }

    private static boolean crosses(ComponentAssignment a, ComponentAssignment b) {
        return a.getNode().index() != b.getNode().index();
    }
}
