package org.race.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
import org.race.api.CostModel;
import org.race.api.SchedulabilityAnalysis;
import org.race.api.analysis.AnalysisResult;
import org.race.api.analysis.ApplicationBound;
import org.race.api.analysis.PeriodicTask;
import org.race.api.analysis.SchedulabilityView;
import org.race.api.model.Application;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;

/**
 * The schedulability analysis as a service: worst-case response times per node (exact RTA with jitter
 * over the busy period) and end to end across nodes (holistic), with the calibrated overheads
 * (race.costmodel) in every job's execution time when a cost model is present.
 */
@Component(service = SchedulabilityAnalysis.class, configurationPid = "race.analysis")
@Designate(ocd = ResponseTimeAnalysis.Config.class)
public class ResponseTimeAnalysis implements SchedulabilityAnalysis {
    @ObjectClassDefinition(name = "RACE schedulability analysis")
    public @interface Config {
        @AttributeDefinition(description = "How much a job may run over its declared executionTime (the platform's variation: race.sim "
                + "variation, 0.1 by default); the worst case is executionTime x (1 + variation) / cpu")
        double variation() default 0.1;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile CostModel costModel;

    private volatile double variation = 0.1;
    /** Off only to compare with analyses that treat an application's components as independent jobs (MAST's holistic). */
    private final boolean precedence;

    public ResponseTimeAnalysis() {
        this.precedence = true;
    }

    /** Without DS (tests, benchmarks): no cost model, the given variation. */
    public ResponseTimeAnalysis(double variation) {
        this(variation, true);
    }

    ResponseTimeAnalysis(double variation, boolean precedence) {
        this.variation = variation;
        this.precedence = precedence;
    }

    @Activate
    @Modified
    void configure(Config config) {
        // a variation outside [0, 1) would make best cases negative or worst cases meaningless
        variation = config.variation() >= 0 && config.variation() < 1 ? config.variation() : 0.1;
    }

    @Override
    public AnalysisResult analyze(List<DeploymentPlan> plans, Domain domain) {
        Model model = new Model(plans, domain, costModel, variation);
        Holistic holistic = new Holistic(model.tasks, precedence);
        holistic.run();
        return Report.of(model, holistic);
    }

    /**
     * The deployed jobs per node as the allocators' per-node test (race-allocator-common) sees them: every job on
     * the node ahead of another delays it (no precedence), with the jitter the holistic analysis finds. So that
     * this plainer view does not refuse what the holistic analysis admits, a job's local deadline is the response
     * that view gives it now plus the slack of its path: deadline - its holistic response.
     */
    @Override
    public SchedulabilityView view(List<DeploymentPlan> deployed, DeploymentPlan candidate, Domain domain) {
        Model model = new Model(deployed, domain, costModel, variation);
        Holistic holistic = new Holistic(model.tasks, precedence);
        holistic.run();
        Map<String, ApplicationBound> bounds = new java.util.HashMap<>();
        Report.of(model, holistic).applications().forEach(b -> bounds.put(b.name(), b));
        Map<String, List<Task>> byNode = new TreeMap<>();
        model.tasks.forEach(t -> byNode.computeIfAbsent(t.node, n -> new ArrayList<>()).add(t));
        Map<String, List<PeriodicTask>> jobs = new TreeMap<>();
        byNode.forEach((node, tasks) -> {
            List<PeriodicTask> out = new ArrayList<>();
            for (Task t : tasks) {
                ApplicationBound bound = bounds.get(t.application);
                double local = Double.POSITIVE_INFINITY, jitter = 0;
                if (bound.schedulable() && !Double.isInfinite(t.response)) {
                    List<Task> ahead = tasks.stream().filter(t::delayedBy).toList();
                    local = bound.deadlineMs() - t.response + BusyWindow.of(t, ahead, Double.POSITIVE_INFINITY).responseMs();
                    jitter = t.jitter();
                }
                out.add(new PeriodicTask(t.application, t.name, t.priority, t.periodMs, t.wcetMs, jitter, local));
            }
            jobs.put(node, out);
        });
        Application app = candidate.application();
        Application charged = costModel == null ? app : costModel.charge(app);
        Map<String, org.race.api.model.Component> chargedByName = Model.byName(charged);
        Map<String, PeriodicTask> mine = new LinkedHashMap<>();
        for (org.race.api.model.Component c : app.components()) {
            Integer prio = candidate.settingsOf(c.name()).priority();
            mine.put(c.name(), new PeriodicTask(app.name(), c.name(), prio == null ? 0 : prio, app.periodMs(),
                    c.executionTimeMs() * (1 + variation) + Model.overheadMs(app, chargedByName.get(c.name()), c), 0, app.deadlineMs()));
        }
        return new SchedulabilityView(jobs, mine);
    }
}
