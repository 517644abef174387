package org.race.allocator.optaplanner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

import org.optaplanner.core.api.score.buildin.bendablelong.BendableLongScore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.race.allocator.common.Assignment;
import org.race.allocator.common.Diagnosis;
import org.race.allocator.common.Problem;
import org.race.api.Allocator;
import org.race.api.RoleProperties;
import org.race.api.analysis.SchedulabilityView;
import org.race.api.model.AllocationException;
import org.race.api.model.Application;
import org.race.api.model.NodeState;
import org.race.api.model.Placement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local search with OptaPlanner from the best placement the other allocators find.
 *
 * <p>The model follows OptaPlanner's cloud-balancing example: each component is a planning entity
 * ({@link ComponentAssignment}) whose planning variable is its node, chosen among the available
 * nodes; statically mapped components are pinned. {@link AllocationConstraints} scores a placement
 * with one hard level (cpu, memory and bandwidth capacity of every node, connection bandwidth
 * charged at both ends of a cross-node connection) and three soft levels: cross-node bandwidth,
 * then nodes used, then cpu balance.
 *
 * <p>Every other bound allocator (the heuristics) runs on the same input first; those that fail
 * are skipped, the others' placements are scored with the same constraints, and the best seeds a
 * local search. When none succeeds a construction heuristic builds the start. A result still
 * infeasible is refused with the reason worded as by {@link Diagnosis}: a placement returned
 * always fits, checked as every allocator checks ({@link Assignment}).
 *
 * <p>Placement by schedulability (a {@link SchedulabilityView} given): the heuristics place by it, so the
 * seed passes the per-node exact test; the search keeps a necessary condition as a hard constraint (no
 * node's jobs above a utilization of 1); and the exact per-node test is a repair step when the solution
 * becomes a placement: a component whose solver node fails it goes to the first node that passes.
 *
 * <p>The search is bounded by {@link Settings}: with the step limit ending it, the same input and
 * seed give the same placement.
 */
@Component(service = Allocator.class, property = RoleProperties.NAME + "=" + OptaPlannerAllocator.NAME,
        configurationPid = "race.allocator.optaplanner")
@Designate(ocd = OptaPlannerAllocator.Config.class)
public class OptaPlannerAllocator implements Allocator {
    static final String NAME = "optaplanner";
    private static final Logger LOG = LoggerFactory.getLogger(OptaPlannerAllocator.class);

    @ObjectClassDefinition(name = "RACE OptaPlanner allocator",
            description = "Local search from the best heuristic placement. The step limit normally ends the search (same input and seed,"
                    + " same placement); when the time limit ends it first the placement may vary between runs.")
    public @interface Config {
        @AttributeDefinition(description = "Local search steps")
        int stepCountLimit() default 2000;

        @AttributeDefinition(description = "Safety bound of one solve in ms; reaching it makes the result depend on machine speed")
        long timeLimitMs() default 2000;

        @AttributeDefinition(description = "End after this many steps without a better placement (0: off)")
        int unimprovedStepCountLimit() default 0;

        @AttributeDefinition(description = "Seed of the solver's random choices")
        long randomSeed() default 0;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = "(!(" + RoleProperties.NAME + "=" + NAME + "))")
    private volatile List<Allocator> heuristics;
    private volatile Search search;

    /** For Declarative Services: the heuristics are the bound Allocator services, the settings come from configuration. */
    public OptaPlannerAllocator() {
    }

    /** Outside OSGi: starts from the best of {@code heuristics}, with the default settings. */
    public OptaPlannerAllocator(List<Allocator> heuristics) {
        this(heuristics, Settings.DEFAULT);
    }

    public OptaPlannerAllocator(List<Allocator> heuristics, Settings settings) {
        this.heuristics = List.copyOf(heuristics);
        this.search = new Search(settings);
    }

    @Activate
    @Modified
    void configure(Config config) {
        search = new Search(new Settings(config.stepCountLimit(), config.timeLimitMs(), config.unimprovedStepCountLimit(), config.randomSeed()));
    }

    @Override
    public Placement allocate(Application app, List<NodeState> nodes) throws AllocationException {
        return allocate(app, nodes, null);
    }

    @Override
    public Placement allocate(Application app, List<NodeState> nodes, SchedulabilityView view) throws AllocationException {
        Problem p = Problem.of(app, nodes, view);
        new Assignment(p).placePins(); // fail fast: an overflowing static mapping is refused as by every allocator
        if (nothingToChoose(p)) return toPlacement(p, AllocationSolution.of(p, nodes));

        List<Placement> seeds = runHeuristics(app, nodes, view);
        Search s = search;
        AllocationSolution best = withBundleLoader(() -> solve(s, p, nodes, seeds));
        return toPlacement(p, best);
    }

    /**
     * Whether every component has one possible node at most: all are pinned, or fewer than two
     * nodes are available. There is nothing to search then, and a search would find no move to
     * make (it would spin until the time limit).
     */
    private static boolean nothingToChoose(Problem p) {
        int up = 0;
        for (boolean u : p.up) if (u) up++;
        return up < 2 || Arrays.stream(p.pin).allMatch(j -> j >= 0);
    }

    /** The placements of the heuristics that succeed, by allocator name so that ties fall the same way whatever the binding order. */
    private List<Placement> runHeuristics(Application app, List<NodeState> nodes, SchedulabilityView view) {
        List<Placement> placements = new ArrayList<>();
        for (Allocator h : heuristics) {
            try {
                placements.add(view == null ? h.allocate(app, nodes) : h.allocate(app, nodes, view));
            } catch (AllocationException | RuntimeException e) {
                LOG.debug("{}: a heuristic failed on {}: {}", NAME, app.name(), e.getMessage());
            }
        }
        placements.sort(Comparator.comparing(Placement::allocator));
        return placements;
    }

    private static AllocationSolution solve(Search s, Problem p, List<NodeState> nodes, List<Placement> seeds) {
        AllocationSolution start = null;
        BendableLongScore startScore = null;
        String startName = "construction heuristic";
        for (Placement seed : seeds) {
            AllocationSolution candidate = AllocationSolution.of(p, nodes);
            if (!candidate.assign(seed)) {
                LOG.warn("{}: ignoring the placement of {}: it leaves a component out, uses a node that is not available or moves a pinned one",
                        NAME, seed.allocator());
                continue;
            }
            BendableLongScore score = s.score(candidate);
            LOG.debug("{}: {} scores {}", NAME, seed.allocator(), score);
            if (startScore == null || score.compareTo(startScore) > 0) {
                start = candidate;
                startScore = score;
                startName = seed.allocator();
            }
        }
        long t0 = System.nanoTime();
        AllocationSolution initial = start;
        if (initial == null) {
            initial = s.fromScratch().buildSolver().solve(AllocationSolution.of(p, nodes));
            int completed = initial.complete(p);
            if (completed > 0) LOG.debug("{}: the construction heuristic left {} components unassigned; first fit placed them", NAME, completed);
        }
        // node emptying gets a share of the consolidation's time; its swaps stop there
        initial.emptyingDeadline(t0 + Math.round(s.settings.timeLimitMs() * 1e6 * Search.EMPTYING_SHARE));
        AllocationSolution consolidated = s.consolidate().buildSolver().solve(initial);
        AllocationSolution best = s.fromSeed().buildSolver().solve(consolidated);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        LOG.debug("{}: {} from {} ({}) in {} ms", NAME, best.getScore(), startName, startScore, ms);
        if (ms >= s.settings.timeLimitMs()) {
            LOG.warn("{}: the time limit of {} ms ended the search before {} steps; the placement may differ between runs",
                    NAME, s.settings.timeLimitMs(), s.settings.stepCountLimit());
        }
        return best;
    }

    /**
     * The solution as a placement, checked as every allocator checks: components go to their
     * solver node where they fit (by schedulability too, when placing by it: the repair step); any that
     * do not (an infeasible or unsolved result, or a node the exact test refuses) are tried on
     * every node in turn, and one that fits nowhere is refused with the {@link Diagnosis} of why.
     */
    private static Placement toPlacement(Problem p, AllocationSolution solution) throws AllocationException {
        Assignment a = new Assignment(p);
        a.placePins();
        List<Integer> misfits = new ArrayList<>();
        for (ComponentAssignment c : solution.getComponents()) {
            if (c.isPinned()) continue;
            if (c.getNode() != null && a.fits(c.getIndex(), c.getNode().index())) {
                a.assign(c.getIndex(), c.getNode().index());
            } else {
                misfits.add(c.getIndex());
            }
        }
        for (int c : misfits) {
            int node = -1;
            for (int j = 0; j < p.nodes && node < 0; j++) {
                if (a.fits(c, j)) node = j;
            }
            if (node < 0) throw Diagnosis.noNodeFor(a, c);
            a.assign(c, node);
        }
        return a.toPlacement(NAME);
    }

    /** The score of {@code placement} by this allocator's constraints. */
    BendableLongScore score(Application app, List<NodeState> nodes, Placement placement) throws AllocationException {
        AllocationSolution solution = AllocationSolution.of(Problem.of(app, nodes), nodes);
        if (!solution.assign(placement)) throw new IllegalArgumentException("not a complete placement on available nodes: " + placement);
        Search s = search;
        return withBundleLoader(() -> s.score(solution));
    }

    /**
     * Runs OptaPlanner code with this bundle's class loader as the thread context class loader:
     * OptaPlanner finds its embedded constraint-stream implementation through ServiceLoader on it.
     */
    private static <T> T withBundleLoader(Supplier<T> work) {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(OptaPlannerAllocator.class.getClassLoader());
        try {
            return work.get();
        } finally {
            t.setContextClassLoader(previous);
        }
    }
}
