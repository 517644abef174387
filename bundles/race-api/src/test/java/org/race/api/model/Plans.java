package org.race.api.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-made deployment plans for tests of what ranks or configures them (priority bands, configurators, controllers). */
public final class Plans {
    private Plans() {
    }

    /** An application whose components "name@node" are placed on their nodes, connected in a chain. */
    public static DeploymentPlan plan(String name, Importance importance, double periodMs, String... compsAtNodes) {
        return plan(name, importance, periodMs, true, compsAtNodes);
    }

    public static DeploymentPlan plan(String name, Importance importance, double periodMs, boolean chain, String... compsAtNodes) {
        List<Component> cs = new java.util.ArrayList<>();
        List<Connection> ks = new java.util.ArrayList<>();
        Map<String, String> nodeOf = new LinkedHashMap<>();
        Map<String, ComponentSettings> settings = new LinkedHashMap<>();
        String previous = null;
        for (String s : compsAtNodes) {
            String[] cn = s.split("@");
            cs.add(new Component(cn[0], cn[0], new Resources(0.1, 0, 0), 10, null));
            nodeOf.put(cn[0], cn[1]);
            settings.put(cn[0], ComponentSettings.NONE);
            if (chain && previous != null) ks.add(new Connection(previous, cn[0], 1));
            previous = cn[0];
        }
        Application a = new Application(name, importance, null, periodMs, periodMs, null, cs, ks);
        return new DeploymentPlan(a, new Placement("test", nodeOf), settings);
    }

    public static DeploymentPlan withConnections(DeploymentPlan p, List<Connection> connections) {
        Application a = p.application();
        return new DeploymentPlan(new Application(a.name(), a.importance(), a.mode(), a.periodMs(), a.deadlineMs(), a.periodRange(),
                a.components(), connections), p.placement(), p.settings());
    }
}
