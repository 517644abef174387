package org.race.jmx;

import java.util.Optional;
import java.util.TreeSet;

import org.race.api.analysis.ApplicationBound;
import org.race.api.model.Application;
import org.race.api.model.DeploymentPlan;
import org.race.api.monitoring.ApplicationQos;

/** A deployed application's MXBean: period and rate from the registry, QoS from the latest snapshot, the bound from the engine's analysis. */
final class ApplicationFigures implements ApplicationMXBean {
    static final String SCHEDULABLE = "schedulable", BEYOND = "beyond deadline", NOT_ANALYSED = "not analysed";
    private final RaceMBeans source;
    private final String application;

    ApplicationFigures(RaceMBeans source, String application) {
        this.source = source;
        this.application = application;
    }

    private Optional<DeploymentPlan> plan() {
        return source.engine().application(application);
    }

    private Optional<Application> app() {
        return plan().map(DeploymentPlan::application);
    }

    /** The last window's QoS; none measured counts as an empty window, as race:status shows it. */
    private ApplicationQos qos() {
        return source.snapshot().map(s -> s.applications().get(application)).orElse(ApplicationQos.empty(application));
    }

    @Override
    public String getName() {
        return application;
    }

    @Override
    public String getImportance() {
        return app().map(a -> a.importance().label()).orElse("");
    }

    @Override
    public String getMode() {
        return app().map(Application::mode).orElse("");
    }

    @Override
    public double getPeriodMs() {
        return app().map(Application::periodMs).orElse(Double.NaN);
    }

    @Override
    public double getRateHz() {
        return 1000 / getPeriodMs();
    }

    @Override
    public double getDeadlineMs() {
        return app().map(Application::deadlineMs).orElse(Double.NaN);
    }

    @Override
    public double getMinPeriodMs() {
        return app().filter(a -> a.periodRange() != null).map(a -> a.periodRange().min()).orElse(Double.NaN);
    }

    @Override
    public double getMaxPeriodMs() {
        return app().filter(a -> a.periodRange() != null).map(a -> a.periodRange().max()).orElse(Double.NaN);
    }

    @Override
    public double getMissRatio() {
        return qos().missRatio();
    }

    @Override
    public long getMetDeadlines() {
        return qos().met();
    }

    @Override
    public long getMissedDeadlines() {
        return qos().missed();
    }

    @Override
    public long getCompletedIterations() {
        return qos().completed();
    }

    @Override
    public double getMeanLatencyMs() {
        return qos().meanLatencyMs();
    }

    @Override
    public double getMaxLatencyMs() {
        return qos().maxLatencyMs();
    }

    private Optional<ApplicationBound> bound() {
        return source.engine().bounds().flatMap(r -> r.application(application));
    }

    @Override
    public double getBoundMs() {
        return bound().map(b -> b.boundMs() == null ? Double.POSITIVE_INFINITY : b.boundMs()).orElse(Double.NaN);
    }

    @Override
    public String getVerdict() {
        return bound().map(b -> b.schedulable() ? SCHEDULABLE : BEYOND).orElse(NOT_ANALYSED);
    }

    @Override
    public String getBoundExplanation() {
        return bound().filter(b -> !b.schedulable()).map(ApplicationBound::explain).orElse("");
    }

    @Override
    public ComponentBound[] getComponentBounds() {
        return bound().map(b -> b.components().stream().map(ComponentBound::of).toArray(ComponentBound[]::new)).orElse(new ComponentBound[0]);
    }

    @Override
    public ComponentMeasured[] getComponentFigures() {
        java.util.List<ComponentMeasured> out = new java.util.ArrayList<>();
        source.snapshot().ifPresent(s -> s.nodes().forEach(n -> n.components().forEach(c -> {
            if (c.application().equals(application)) out.add(ComponentMeasured.of(n.node(), c));
        })));
        return out.toArray(new ComponentMeasured[0]);
    }

    @Override
    public String getExecutionTimes() {
        return source.engine().executionTimes(application);
    }

    @Override
    public String[] getNodes() {
        return RaceMBeans.array(plan().map(p -> new TreeSet<>(p.placement().nodeOf().values()).stream().toList()).orElse(java.util.List.of()));
    }

    @Override
    public String getAllocator() {
        return plan().map(p -> p.placement().allocator()).orElse("");
    }
}
