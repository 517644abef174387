package org.race.allocator.optaplanner;

import java.util.ArrayList;
import java.util.List;

import org.optaplanner.core.api.domain.solution.cloner.SolutionCloner;

/**
 * Clones a solution for OptaPlanner's best-solution bookkeeping: new component entities, the same
 * (immutable) node and bandwidth facts. The consolidation score improves on most accepted steps,
 * and each new best is cloned; OptaPlanner's reflective cloner made that the larger part of a
 * step at 10,000 components.
 */
public class AllocationCloner implements SolutionCloner<AllocationSolution> {
    @Override
    public AllocationSolution cloneSolution(AllocationSolution original) {
        List<ComponentAssignment> components = new ArrayList<>(original.getComponents().size());
        for (ComponentAssignment c : original.getComponents()) components.add(c.copy());
        return original.withComponents(components);
    }
}
