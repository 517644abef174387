package org.race.allocator.optaplanner;

import java.time.Duration;
import java.util.List;

import org.optaplanner.core.api.score.buildin.bendablelong.BendableLongScore;
import org.optaplanner.core.api.score.stream.ConstraintStreamImplType;
import org.optaplanner.core.api.solver.SolutionManager;
import org.optaplanner.core.api.solver.SolverFactory;
import org.optaplanner.core.config.constructionheuristic.ConstructionHeuristicPhaseConfig;
import org.optaplanner.core.config.localsearch.LocalSearchPhaseConfig;
import org.optaplanner.core.config.phase.custom.CustomPhaseConfig;
import org.optaplanner.core.config.localsearch.LocalSearchType;
import org.optaplanner.core.config.phase.PhaseConfig;
import org.optaplanner.core.config.solver.EnvironmentMode;
import org.optaplanner.core.config.solver.SolverConfig;
import org.optaplanner.core.config.solver.termination.TerminationConfig;

/**
 * OptaPlanner set up for one {@link Settings}: a consolidation phase (local search towards fewer
 * nodes), then the final local search with the plain score; from an empty solution a
 * construction heuristic comes first, as a solver of its own. Each solver factory is
 * built on first use (it compiles the constraint streams), so a container that never
 * calls this allocator does not pay for it. Callers set the thread context class loader.
 */
final class Search {
    final Settings settings;
    private SolverFactory<AllocationSolution> fromSeed;
    private SolverFactory<AllocationSolution> fromScratch;
    private SolverFactory<AllocationSolution> consolidate;
    private SolutionManager<AllocationSolution, BendableLongScore> scorer;

    Search(Settings settings) {
        this.settings = settings;
    }

    /** Local search only: every variable is initialised, so a construction phase would have nothing to do. */
    synchronized SolverFactory<AllocationSolution> fromSeed() {
        if (fromSeed == null) fromSeed = SolverFactory.create(config(AllocationConstraints.class, FINAL_SHARE, localSearch()));
        return fromSeed;
    }

    /**
     * Construction only: the time limit may end it with components still unassigned (issue 17: on
     * 1,000 bandwidth-tight components it did), and a local search cannot start from that; the
     * caller completes the solution first ({@link AllocationSolution#complete}).
     */
    synchronized SolverFactory<AllocationSolution> fromScratch() {
        if (fromScratch == null) {
            fromScratch = SolverFactory.create(config(AllocationConstraints.class, FINAL_SHARE, new ConstructionHeuristicPhaseConfig()));
        }
        return fromScratch;
    }

    /** Emptying nodes outright ({@link NodeEmptying}), then local search towards fewer nodes ({@link ConsolidationConstraints}), before the final phase. */
    synchronized SolverFactory<AllocationSolution> consolidate() {
        if (consolidate == null) {
            consolidate = SolverFactory.create(config(ConsolidationConstraints.class, 1 - FINAL_SHARE,
                    new CustomPhaseConfig().withCustomPhaseCommandClassList(List.of(NodeEmptying.class)), localSearch()));
        }
        return consolidate;
    }

    /** Share of the time limit for the final phase; consolidation gets the rest. */
    static final double FINAL_SHARE = 0.25;
    /** Share of the time limit node emptying may take, out of the consolidation's. */
    static final double EMPTYING_SHARE = 0.25;

    /** The score of a solution, by the same constraints the solver uses. */
    synchronized BendableLongScore score(AllocationSolution solution) {
        if (scorer == null) scorer = SolutionManager.create(fromSeed());
        return scorer.update(solution);
    }

    /**
     * Late acceptance (OptaPlanner's default local search), ended by steps or by a stall. A custom
     * termination can only be given by class, a route OptaPlanner 10 deprecates; this module pins 10.2.0.
     */
    @SuppressWarnings("removal")
    private LocalSearchPhaseConfig localSearch() {
        TerminationConfig t = new TerminationConfig().withStepCountLimit(settings.stepCountLimit())
                .withTerminationClass(StallTermination.class);
        if (settings.unimprovedStepCountLimit() > 0) t.setUnimprovedStepCountLimit(settings.unimprovedStepCountLimit());
        return new LocalSearchPhaseConfig().withLocalSearchType(LocalSearchType.LATE_ACCEPTANCE).withTerminationConfig(t);
    }

    private SolverConfig config(Class<? extends AllocationConstraints> constraints, double timeShare, PhaseConfig<?>... phases) {
        return new SolverConfig(Search.class.getClassLoader())
                .withSolutionClass(AllocationSolution.class)
                .withEntityClasses(ComponentAssignment.class)
                .withConstraintProviderClass(constraints)
                .withConstraintStreamImplType(ConstraintStreamImplType.BAVET)
                // REPRODUCIBLE and a fixed seed: the same input gives the same moves, so the step limit gives the same result
                .withEnvironmentMode(EnvironmentMode.REPRODUCIBLE)
                .withRandomSeed(settings.randomSeed())
                .withTerminationSpentLimit(Duration.ofMillis(Math.max(1, Math.round(settings.timeLimitMs() * timeShare))))
                .withPhaseList(List.of(phases));
    }
}
