package org.race.core;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.race.api.CostModel;
import org.race.api.SchedulabilityAnalysis;
import org.race.api.analysis.AnalysisResult;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;

/**
 * The analysis of what is deployed, for queries (race:apps -v, race:status, the dashboard, JMX): computed from
 * the registry's published snapshot when first asked after a change, then served from memory while the plans,
 * the domain, the analysis (and its configuration) and the cost model stay the same. Queries read the snapshot
 * without the engine's lock, so they never wait for a deployment; queries of one version share one computation
 * (10,000 components take a few hundred ms), and a controller changing rates every sampling period costs one
 * analysis per period at most, only when someone asks. Admission by schedulability analyses the very plans a
 * deployment then publishes ({@link #known}): that result is taken as it is, so the queries right after a large
 * deployment do not wait hundreds of ms for the same analysis again.
 */
final class DeployedBounds {
    /** What the analysis depends on, compared by identity: every publication of the registry is a new list. */
    private record Inputs(List<DeploymentPlan> plans, Domain domain, SchedulabilityAnalysis analysis, CostModel costs, long revision) {
        boolean same(Inputs o) {
            return plans == o.plans && domain == o.domain && analysis == o.analysis && costs == o.costs && revision == o.revision;
        }
    }

    private record Memo(Inputs inputs, FutureTask<AnalysisResult> result) {
    }

    /** An analysis the writer made of {@code plans} with these inputs; the snapshot it is for has equal plans, in the same order. */
    private record Known(List<DeploymentPlan> plans, Domain domain, SchedulabilityAnalysis analysis, CostModel costs, long revision, AnalysisResult result) {
        boolean isFor(Inputs o) {
            return domain == o.domain && analysis == o.analysis && costs == o.costs && revision == o.revision && plans.equals(o.plans);
        }
    }

    private final Registry registry;
    private final Supplier<Domain> domain;
    private final Supplier<SchedulabilityAnalysis> analysis;
    private final Supplier<CostModel> costs;
    private final LongSupplier revision;
    private final AtomicReference<Memo> last = new AtomicReference<>();
    private final AtomicReference<Known> known = new AtomicReference<>();

    /** {@code revision} changes when the analysis is reconfigured (its service properties), which its identity does not show. */
    DeployedBounds(Registry registry, Supplier<Domain> domain, Supplier<SchedulabilityAnalysis> analysis, Supplier<CostModel> costs,
            LongSupplier revision) {
        this.registry = registry;
        this.domain = domain;
        this.analysis = analysis;
        this.costs = costs;
        this.revision = revision;
    }

    Optional<AnalysisResult> get() {
        SchedulabilityAnalysis a = analysis.get();
        Domain d = domain.get();
        if (a == null || d == null) return Optional.empty();
        Inputs now = new Inputs(registry.snapshot(), d, a, costs.get(), revision.getAsLong());
        while (true) {
            Memo m = last.get();
            if (m != null && m.inputs().same(now)) return Optional.of(join(m.result()));
            Known k = known.get();
            AnalysisResult made = k != null && k.isFor(now) ? k.result() : null;
            Memo fresh = new Memo(now, new FutureTask<>(() -> made != null ? made : a.analyze(now.plans(), d)));
            if (last.compareAndSet(m, fresh)) {
                fresh.result().run();
                return Optional.of(join(fresh.result()));
            }
        }
    }

    /** {@code result} is the current analysis's of {@code plans} on {@code on} (the writer's, under the engine's lock). */
    void known(List<DeploymentPlan> plans, Domain on, AnalysisResult result) {
        SchedulabilityAnalysis a = analysis.get();
        if (a != null) known.set(new Known(List.copyOf(plans), on, a, costs.get(), revision.getAsLong(), result));
    }

    private static AnalysisResult join(FutureTask<AnalysisResult> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the deployed applications were analysed", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the analysis of the deployed applications failed: " + e.getCause(), e.getCause());
        }
    }
}
