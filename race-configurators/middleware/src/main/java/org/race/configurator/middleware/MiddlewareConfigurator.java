package org.race.configurator.middleware;

import java.util.HashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.race.api.Configurator;
import org.race.api.RoleProperties;
import org.race.api.model.ComponentSettings;
import org.race.api.model.Connection;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.PlanSet;

/**
 * Middleware settings per component, from the application's structure:
 * <ul>
 * <li>threading model from the number of peers that send to the component concurrently: none or one
 * → {@code single-thread} (requests arrive one at a time); two or three → {@code thread-pool};
 * four or more → {@code thread-pool-with-lanes}, so requests of different priorities do not wait in
 * one queue;</li>
 * <li>priority model: a component that serves requests from predecessors runs at the priority the
 * request carries ({@code client-propagated}), so an end-to-end chain keeps its priority from node
 * to node; a source, which nobody calls, declares its own ({@code server-declared}).</li>
 * </ul>
 */
@Component(service = Configurator.class, property = RoleProperties.NAME + "=middleware")
public class MiddlewareConfigurator implements Configurator {
    static final String SINGLE = "single-thread", POOL = "thread-pool", LANES = "thread-pool-with-lanes";

    @Override
    public PlanSet configure(PlanSet plans) {
        DeploymentPlan p = plans.candidate();
        Map<String, Integer> peers = new HashMap<>();
        for (Connection k : p.application().connections()) peers.merge(k.to(), 1, Integer::sum);
        Map<String, ComponentSettings> settings = new HashMap<>();
        for (var c : p.application().components()) {
            int n = peers.getOrDefault(c.name(), 0);
            String threading = n <= 1 ? SINGLE : n <= 3 ? POOL : LANES;
            String model = n == 0 ? "server-declared" : "client-propagated";
            settings.put(c.name(), p.settingsOf(c.name()).withThreading(threading, model));
        }
        // one copy of the plan for all components: one per component is quadratic in the application's size
        return new PlanSet(p.withSettings(settings), plans.deployed());
    }
}
