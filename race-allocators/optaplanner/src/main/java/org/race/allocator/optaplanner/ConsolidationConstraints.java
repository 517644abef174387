package org.race.allocator.optaplanner;

import static org.optaplanner.core.api.score.stream.ConstraintCollectors.sumLong;

import org.optaplanner.core.api.score.stream.Constraint;
import org.optaplanner.core.api.score.stream.ConstraintFactory;

/**
 * The score of the consolidation phase: as {@link AllocationConstraints}, but each used node
 * counts {@link NodeFact#NODE_WEIGHT} less a reward for how full it is in the resources demanded
 * ({@link NodeFact#fillReward}). Moving one component rarely changes the node count, so a bare count
 * is a plateau local search cannot climb; the reward is the slope towards emptying a node
 * (Falkenauer's bin-packing fitness), small enough that one node fewer always wins. The final
 * phase then runs with the plain score, where balance decides among placements on as many nodes.
 */
public class ConsolidationConstraints extends AllocationConstraints {
    @Override
    Constraint nodesUsed(ConstraintFactory f) {
        return f.forEach(ComponentAssignment.class)
                .groupBy(ComponentAssignment::getNode, sumLong(ComponentAssignment::getCpu), sumLong(ComponentAssignment::getMemory),
                        sumLong(ComponentAssignment::getBandwidth))
                .penalizeLong(NODES_USED, (node, cpu, memory, bandwidth) -> NodeFact.NODE_WEIGHT - node.fillReward(cpu, memory, bandwidth))
                .asConstraint("nodes used");
    }
}
