package org.race.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.race.api.Configurator;
import org.race.api.RoleProperties;
import org.race.api.model.Application;
import org.race.api.model.ComponentSettings;
import org.race.api.model.DeploymentException;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Placement;
import org.race.api.model.PlanSet;

/**
 * The configurator chain (race.engine {@code configurators}, in its order; empty: every installed one,
 * highest service.ranking first) sets the newcomer's settings and may change the deployed applications'
 * settings, which see the shrunk ones at their new rates. Configurators change settings only.
 */
final class ConfigureStage implements Stage {
    private final Registry registry;
    /** Sorted by DS in ascending service ranking. */
    private final Supplier<List<Map.Entry<Map<String, Object>, Configurator>>> configurators;
    private final Supplier<List<String>> chain;

    ConfigureStage(Registry registry, Supplier<List<Map.Entry<Map<String, Object>, Configurator>>> configurators, Supplier<List<String>> chain) {
        this.registry = registry;
        this.configurators = configurators;
        this.chain = chain;
    }

    @Override
    public void run(CycleState s) throws DeploymentException {
        Map<String, ComponentSettings> none = new TreeMap<>();
        s.app.components().forEach(c -> none.put(c.name(), ComponentSettings.NONE));
        Map<String, DeploymentPlan> current = registry.byName();
        s.shrinks.forEach(c -> current.put(c.plan().name(), c.applied()));
        PlanSet plans = new PlanSet(new DeploymentPlan(s.app, s.placement, none), List.copyOf(current.values()));
        for (Map.Entry<String, Configurator> e : chain()) {
            String step = "configurator " + e.getKey();
            PlanSet next = configure(step, e.getValue(), plans);
            if (!next.candidate().placement().equals(plans.candidate().placement()) || !next.candidate().name().equals(plans.candidate().name())) {
                throw new DeploymentException(step, "changed the placement; configurators may only change settings");
            }
            for (DeploymentPlan p : next.deployed()) {
                DeploymentPlan before = registry.get(p.name());
                if (before == null || !before.placement().equals(p.placement())) {
                    throw new DeploymentException(step, "returned an unknown or moved deployed application '" + p.name() + "'");
                }
            }
            plans = next;
        }
        s.plan = plans.candidate();
        s.changed = plans.deployed().stream().filter(p -> !p.equals(registry.get(p.name()))).toList();
    }

    /**
     * The settings the chain gives {@code app} beside {@code deployed} with every component of all of them on one
     * node: the priorities then rank each job against every other as on any node they come to share (RMS and MUF
     * rank by priority class and period, not by where), so an allocator can weigh the newcomer's jobs against
     * those on each node before anything is placed. The deployed plans come back with their own placements.
     */
    PlanSet provisional(Application app, List<DeploymentPlan> deployed) throws DeploymentException {
        Map<String, ComponentSettings> none = new TreeMap<>();
        app.components().forEach(c -> none.put(c.name(), ComponentSettings.NONE));
        PlanSet plans = new PlanSet(new DeploymentPlan(app, onOneNode(app), none),
                deployed.stream().map(p -> new DeploymentPlan(p.application(), onOneNode(p.application()), p.settings())).toList());
        for (Map.Entry<String, Configurator> e : chain()) plans = configure("configurator " + e.getKey(), e.getValue(), plans);
        Map<String, DeploymentPlan> configured = new TreeMap<>();
        plans.deployed().forEach(p -> configured.put(p.name(), p));
        List<DeploymentPlan> back = deployed.stream()
                .map(p -> configured.containsKey(p.name()) ? new DeploymentPlan(p.application(), p.placement(), configured.get(p.name()).settings()) : p)
                .toList();
        return new PlanSet(plans.candidate(), back);
    }

    /** Every component on one node, named as no domain's node is. */
    private static Placement onOneNode(Application app) {
        Map<String, String> nodeOf = new TreeMap<>();
        app.components().forEach(c -> nodeOf.put(c.name(), ""));
        return new Placement("provisional", nodeOf);
    }

    private static PlanSet configure(String step, Configurator c, PlanSet plans) throws DeploymentException {
        try {
            return c.configure(plans);
        } catch (RuntimeException ex) {
            throw new DeploymentException(step, ex.getMessage() == null ? ex.toString() : ex.getMessage(), ex);
        }
    }

    private List<Map.Entry<String, Configurator>> chain() throws DeploymentException {
        List<Map.Entry<String, Configurator>> out = new ArrayList<>();
        List<String> names = chain.get();
        if (names.isEmpty()) {
            List<Map.Entry<Map<String, Object>, Configurator>> all = new ArrayList<>(configurators.get());
            Collections.reverse(all);
            for (Map.Entry<Map<String, Object>, Configurator> e : all) {
                out.add(Map.entry(String.valueOf(e.getKey().getOrDefault(RoleProperties.NAME, e.getValue().getClass().getSimpleName())), e.getValue()));
            }
            return out;
        }
        Map<String, Configurator> byName = RaceEngine.byProperty(configurators.get(), RoleProperties.NAME);
        for (String n : names) {
            Configurator c = byName.get(n);
            if (c == null) {
                throw new DeploymentException("configurator " + n, "is in the chain (race.engine configurators) but not installed (installed: "
                        + String.join(", ", byName.keySet()) + ")");
            }
            out.add(Map.entry(n, c));
        }
        return out;
    }
}
