package org.race.core;

import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.race.api.model.Component;
import org.race.api.model.DeploymentException;
import org.race.api.model.DeploymentPlan;

/**
 * A component type that deployed applications use was uninstalled: after a grace period, if no
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
    private final Supplier<Set<String>> installed;
    private final Undeploy undeploy;
    private final long graceMs;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "race-type-watch");
        t.setDaemon(true);
        return t;
    });

    TypeWatch(Registry registry, EventLog events, Supplier<Set<String>> installed, Undeploy undeploy, long graceMs) {
        this.registry = registry;
        this.events = events;
        this.installed = installed;
        this.undeploy = undeploy;
        this.graceMs = graceMs;
    }

    /** The last service of type {@code name} may have left. */
    void typeLeft(String name) {
        timer.schedule(() -> stopUsersOf(name), graceMs, TimeUnit.MILLISECONDS);
    }

    private void stopUsersOf(String name) {
        if (installed.get().contains(name)) return;
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
