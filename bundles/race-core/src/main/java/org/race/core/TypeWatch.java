package org.race.core;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.race.api.component.ComponentType;
import org.race.api.model.Component;
import org.race.api.model.DeploymentException;
import org.race.api.model.DeploymentPlan;

/**
 * The component types installed now (their services' properties), which deployments may name. A component type
 * that deployed applications use was uninstalled: after a grace period, if no
 * service of that name is back, those applications are stopped, each with an event. The grace lets a
 * bundle update (the old version stops, the new one starts) pass without stopping anything: the
 * running instances keep the code they were activated with.
 */
final class TypeWatch {
    interface Undeploy {
        void undeploy(String application) throws DeploymentException;
    }

    private final Registry registry;
    private final EventLog events;
    private final List<Map<String, Object>> types = new CopyOnWriteArrayList<>();
    private final Undeploy undeploy;
    private volatile long graceMs;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "race-type-watch");
        t.setDaemon(true);
        return t;
    });

    TypeWatch(Registry registry, EventLog events, Undeploy undeploy, long graceMs) {
        this.registry = registry;
        this.events = events;
        this.undeploy = undeploy;
        this.graceMs = graceMs;
    }

    /** For tests: a shorter grace. */
    void grace(long ms) {
        graceMs = ms;
    }

    /** The names of the installed types. */
    Set<String> installed() {
        Set<String> names = new TreeSet<>();
        for (Map<String, Object> p : types) {
            if (p.get(ComponentType.TYPE) instanceof String name) names.add(name);
        }
        return names;
    }

    void bound(Map<String, Object> properties) {
        types.add(properties);
    }

    /** A type service left: if it was the last of its name, its users are stopped after the grace. */
    void left(Map<String, Object> properties) {
        types.removeIf(p -> p.get("service.id") == null ? p.equals(properties) : p.get("service.id").equals(properties.get("service.id")));
        if (properties.get(ComponentType.TYPE) instanceof String name) timer.schedule(() -> stopUsersOf(name), graceMs, TimeUnit.MILLISECONDS);
    }

    private void stopUsersOf(String name) {
        if (installed().contains(name)) return;
        for (DeploymentPlan p : registry.plans()) {
            List<String> users = p.application().components().stream().filter(c -> name.equals(c.type())).map(Component::name).toList();
            if (users.isEmpty()) continue;
            try {
                undeploy.undeploy(p.name());
                events.warn("stopped " + p.name() + ": its component type '" + name + "' was uninstalled (components " + String.join(", ", users)
                        + "); deploy it again once the type is back (race:types)");
            } catch (DeploymentException e) {
                // undeployed meanwhile by someone else: nothing left to stop
            }
        }
    }

    void stop() {
        timer.shutdownNow();
    }
}
