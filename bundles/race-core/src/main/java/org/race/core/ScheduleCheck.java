package org.race.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.race.api.SchedulabilityAnalysis;
import org.race.api.analysis.AnalysisResult;
import org.race.api.analysis.ApplicationBound;
import org.race.api.analysis.SchedulabilityView;
import org.race.api.model.DeploymentException;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;
import org.race.api.model.PlanSet;

/**
 * Admission by schedulability (race.engine {@code admission = analysis}, the default): the newcomer's
 * worst-case end-to-end latency, analysed with every deployed application, is within its deadline, and
 * no deployed application that met its deadline before the newcomer stops meeting it. A deployed
 * application already beyond its bound (admitted by capacity, or changed at run time) does not block
 * others. With {@code capacity}, or when no analysis is installed, admission counts capacity only.
 */
final class ScheduleCheck {
    static final String ANALYSIS = "analysis", CAPACITY = "capacity";

    private final Supplier<SchedulabilityAnalysis> analysis;
    private final Supplier<String> mode;
    /** Told every analysis of the plans as they will be deployed (the queries' bounds reuse it). */
    private final Analysed analysed;

    /** An analysis made of {@code plans} on {@code domain}. */
    interface Analysed {
        void of(List<DeploymentPlan> plans, Domain domain, AnalysisResult result);
    }

    ScheduleCheck(Supplier<SchedulabilityAnalysis> analysis, Supplier<String> mode, Analysed analysed) {
        this.analysis = analysis;
        this.mode = mode;
        this.analysed = analysed;
    }

    boolean on() {
        return ANALYSIS.equals(mode.get()) && analysis.get() != null;
    }

    /** What allocators place {@code provisional}'s candidate by, beside its deployed plans (configured provisionally, see ConfigureStage). */
    SchedulabilityView view(PlanSet provisional, Domain domain) {
        return analysis.get().view(provisional.deployed(), provisional.candidate(), domain);
    }

    /**
     * Refuses {@code plan} when, beside {@code deployedAfter} (the deployed plans as they will be: shrunk,
     * reconfigured), it or one of them misses its deadline that did not beside {@code deployedBefore}.
     */
    void admit(DeploymentPlan plan, Map<String, DeploymentPlan> deployedAfter, Map<String, DeploymentPlan> deployedBefore, Domain domain)
            throws DeploymentException {
        SchedulabilityAnalysis a = analysis.get();
        if (a == null) return;
        List<DeploymentPlan> after = new ArrayList<>(deployedAfter.values());
        after.removeIf(p -> p.name().equals(plan.name()));
        after.add(plan);
        AnalysisResult with = a.analyze(after, domain);
        analysed.of(after, domain, with);
        if (with.schedulable()) return;
        ApplicationBound mine = with.application(plan.name()).orElseThrow();
        if (!mine.schedulable()) throw new UnschedulableException(mine.explain(), mine);
        List<DeploymentPlan> before = new ArrayList<>(deployedBefore.values());
        before.removeIf(p -> p.name().equals(plan.name()));
        AnalysisResult without = a.analyze(before, domain);
        for (ApplicationBound b : with.applications()) {
            if (b.schedulable()) continue;
            boolean metBefore = without.application(b.name()).map(ApplicationBound::schedulable).orElse(false);
            if (metBefore) throw new UnschedulableException(plan.name() + " would make " + b.explain(), b);
        }
    }

    /** The applications of {@code plans} that meet their deadlines analysed together; all of them without an analysis. */
    Set<String> meeting(Collection<DeploymentPlan> plans, Domain domain) {
        SchedulabilityAnalysis a = analysis.get();
        Set<String> out = new HashSet<>();
        if (a == null) {
            plans.forEach(p -> out.add(p.name()));
            return out;
        }
        for (ApplicationBound b : a.analyze(List.copyOf(plans), domain).applications()) {
            if (b.schedulable()) out.add(b.name());
        }
        return out;
    }

    /** Whether every application of {@code mustMeet} meets its deadline with {@code plans} analysed together; true without an analysis. */
    boolean meets(Collection<DeploymentPlan> plans, Set<String> mustMeet, Domain domain) {
        SchedulabilityAnalysis a = analysis.get();
        if (a == null) return true;
        AnalysisResult r = a.analyze(List.copyOf(plans), domain);
        return r.schedulable() || r.applications().stream().allMatch(b -> b.schedulable() || !mustMeet.contains(b.name()));
    }
}
