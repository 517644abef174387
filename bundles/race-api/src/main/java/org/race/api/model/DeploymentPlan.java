package org.race.api.model;

import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * An application with its placement and per-component settings: what NodeManagers deploy.
 * {@code settings} has an entry for every component (ComponentSettings.NONE when unconfigured).
 */
public record DeploymentPlan(Application application, Placement placement, Map<String, ComponentSettings> settings)
        implements Serializable {
    public DeploymentPlan {
        settings = Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    public String name() {
        return application.name();
    }

    public ComponentSettings settingsOf(String component) {
        return settings.getOrDefault(component, ComponentSettings.NONE);
    }

    public DeploymentPlan withSettings(String component, ComponentSettings s) {
        Map<String, ComponentSettings> copy = new TreeMap<>(settings);
        copy.put(component, s);
        return new DeploymentPlan(application, placement, copy);
    }

    /**
     * The settings of several components changed at once, in one copy of the map: a configurator that
     * called {@link #withSettings(String, ComponentSettings)} per component copied the whole map per
     * component, quadratic in the size of the application.
     */
    public DeploymentPlan withSettings(Map<String, ComponentSettings> changes) {
        Map<String, ComponentSettings> copy = new TreeMap<>(settings);
        copy.putAll(changes);
        return new DeploymentPlan(application, placement, copy);
    }

    public DeploymentPlan withApplication(Application app) {
        return new DeploymentPlan(app, placement, settings);
    }

    /** Resources this plan reserves on each of its nodes, in one pass (asking {@link #demandOn} per node is one pass per node). */
    public Map<String, Resources> demandByNode() {
        return application.demandByNode(placement.nodeOf());
    }

    /** Resources this plan reserves on {@code node}. */
    public Resources demandOn(String node) {
        return application.demandOn(node, placement.nodeOf());
    }
}
