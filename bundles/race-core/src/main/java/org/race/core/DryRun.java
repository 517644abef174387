package org.race.core;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.race.api.Allocator;
import org.race.api.Configurator;
import org.race.api.CostModel;
import org.race.api.SchedulabilityAnalysis;
import org.race.api.analysis.AnalysisResult;
import org.race.api.model.DeploymentException;
import org.race.api.model.Application;
import org.race.api.model.Domain;

/**
 * What race:analyze asks: the deployment cycle up to admission over a scratch copy of the registry, one
 * application after the other, then the analysis of all of them together. Nothing is reserved or started,
 * and the engine's registry is only read.
 */
final class DryRun {
    private final Registry registry;
    private final NodeView view;
    private final Supplier<List<Map.Entry<Map<String, Object>, Configurator>>> configurators;
    private final Supplier<List<String>> chain;
    private final Supplier<CostModel> costModel;
    private final ScheduleCheck schedule;
    private final Supplier<Set<String>> installedTypes;
    private final Supplier<Map<String, Allocator>> allocators;
    private final Supplier<String> defaultAllocator;
    private final EventLog events;

    DryRun(Registry registry, NodeView view, Supplier<List<Map.Entry<Map<String, Object>, Configurator>>> configurators, Supplier<List<String>> chain,
            Supplier<CostModel> costModel, ScheduleCheck schedule, Supplier<Set<String>> installedTypes, Supplier<Map<String, Allocator>> allocators,
            Supplier<String> defaultAllocator, EventLog events) {
        this.registry = registry;
        this.view = view;
        this.configurators = configurators;
        this.chain = chain;
        this.costModel = costModel;
        this.schedule = schedule;
        this.installedTypes = installedTypes;
        this.allocators = allocators;
        this.defaultAllocator = defaultAllocator;
        this.events = events;
    }

    /**
     * {@code onto} null: on {@code domain} on top of what is deployed; else on that domain, empty, every node
     * taken as up (what the applications would get on it alone).
     */
    AnalysisResult analyze(SchedulabilityAnalysis a, List<Application> applications, String allocator, Domain domain, Domain onto) throws DeploymentException {
        if (a == null) throw new DeploymentException("analysis", "no schedulability analysis is installed (bundle race-analysis)");
        Domain d = onto != null ? onto : domain;
        if (d == null) throw new DeploymentException("domain", "no domain is loaded; load one with race:domain <file>");
        Registry scratch = new Registry();
        if (onto == null) registry.plans().forEach(scratch::put);
        ConfigureStage configureThere = new ConfigureStage(scratch, configurators, chain);
        AdmitStage admitThere = new AdmitStage(costModel, scratch, configureThere, schedule);
        DeploymentCycle dry = new DeploymentCycle(
                new ValidateStage(scratch, installedTypes),
                new PlaceStage(scratch, view, onto == null ? view::nodes : NodeView::alone, allocators, defaultAllocator, costModel, admitThere, events),
                configureThere,
                s -> {
                    s.shrinks.forEach(c -> scratch.put(c.applied()));
                    s.changed.forEach(scratch::put);
                    scratch.put(s.plan);
                });
        for (Application app : applications) dry.run(app, allocator, d);
        return a.analyze(scratch.plans(), d);
    }
}
