package org.race.allocator.optaplanner;

import org.optaplanner.core.impl.phase.scope.AbstractPhaseScope;
import org.optaplanner.core.impl.phase.scope.AbstractStepScope;
import org.optaplanner.core.impl.solver.scope.SolverScope;
import org.optaplanner.core.impl.solver.termination.AbstractTermination;

/**
 * Ends the local search when one step has evaluated as many moves as there are (movable component,
 * node) pairs, and at least {@value #MIN_MOVES}, without accepting any. Late acceptance accepts a move
 * only if it is no worse than the current score or the score of 400 steps ago; at a strict local
 * optimum both are that optimum, and random move selection never runs out, so the step would last
 * until the time limit: on small applications, whose best heuristic placement often is such an
 * optimum, every time. Counting evaluations rather than time keeps the end deterministic.
 */
public class StallTermination extends AbstractTermination<AllocationSolution> {
    static final long MIN_MOVES = 1000;

    private long limit;
    private long countAtLastStep;
    private boolean stalled;

    /** OptaPlanner builds one per solver through this constructor. */
    public StallTermination() {
    }

    @Override
    public void phaseStarted(AbstractPhaseScope<AllocationSolution> phaseScope) {
        AllocationSolution s = phaseScope.getWorkingSolution();
        long movable = s.getComponents().stream().filter(c -> !c.isPinned()).count();
        limit = Math.max(MIN_MOVES, movable * s.getNodes().size());
        countAtLastStep = phaseScope.getScoreDirector().getCalculationCount();
    }

    @Override
    public void stepEnded(AbstractStepScope<AllocationSolution> stepScope) {
        countAtLastStep = stepScope.getScoreDirector().getCalculationCount();
    }

    @Override
    public boolean isPhaseTerminated(AbstractPhaseScope<AllocationSolution> phaseScope) {
        // stays true: OptaPlanner still completes the interrupted step (with a move it did not accept)
        // and asks again after it, when the count has been reset
        stalled |= phaseScope.getScoreDirector().getCalculationCount() - countAtLastStep > limit;
        return stalled;
    }

    @Override
    public boolean isSolverTerminated(SolverScope<AllocationSolution> solverScope) {
        return false; // a phase termination only
    }

    @Override
    public double calculateSolverTimeGradient(SolverScope<AllocationSolution> solverScope) {
        return -1; // no time gradient: the other terminations give it
    }

    @Override
    public double calculatePhaseTimeGradient(AbstractPhaseScope<AllocationSolution> phaseScope) {
        return -1;
    }
}
