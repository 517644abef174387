package org.race.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.race.api.model.Application;
import org.race.api.model.Component;
import org.race.api.model.ComponentSettings;
import org.race.api.model.Connection;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;
import org.race.api.model.Importance;
import org.race.api.model.Node;
import org.race.api.model.Placement;
import org.race.api.model.Resources;

/** Small builders for task sets and chains as deployment plans. */
final class Systems {
    private Systems() {
    }

    static Domain domain(double linkLatencyMs, String... nodes) {
        List<Node> ns = new ArrayList<>();
        for (String n : nodes) ns.add(new Node(n, new Resources(1, 1000, 100)));
        return new Domain("test", ns, linkLatencyMs);
    }

    /** A chain: every step {@code node:priority:executionMs}, in order. */
    static DeploymentPlan chain(String name, double periodMs, double deadlineMs, String... steps) {
        List<Component> cs = new ArrayList<>();
        List<Connection> ks = new ArrayList<>();
        Map<String, String> nodeOf = new LinkedHashMap<>();
        Map<String, ComponentSettings> settings = new LinkedHashMap<>();
        String previous = null;
        for (int i = 0; i < steps.length; i++) {
            String[] s = steps[i].split(":");
            String c = steps.length == 1 ? name : name + "_" + (i + 1);
            double exec = Double.parseDouble(s[2]);
            cs.add(new Component(c, "t", new Resources(exec / periodMs, 1, 0), exec, null));
            nodeOf.put(c, s[0]);
            settings.put(c, ComponentSettings.NONE.withPriority(Integer.parseInt(s[1])));
            if (previous != null) ks.add(new Connection(previous, c, 0));
            previous = c;
        }
        Application app = new Application(name, Importance.MEDIUM, "m", periodMs, deadlineMs, null, cs, ks);
        return new DeploymentPlan(app, new Placement("test", nodeOf), settings);
    }

    static ResponseTimeAnalysis exact() {
        return new ResponseTimeAnalysis(0);
    }
}
