package org.race.controller.eucon;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.race.api.model.Application;
import org.race.api.model.Component;
import org.race.api.model.ComponentSettings;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Importance;
import org.race.api.model.Placement;
import org.race.api.model.Range;
import org.race.api.model.Resources;
import org.race.api.monitoring.NodeSample;
import org.race.api.monitoring.SystemSnapshot;

/** Deployment plans and snapshots for the tests, and RACE's EUCON "SMALL" workload. */
final class Workloads {
    static final double SET_POINT = 0.828427; // RMS bound for two subtasks

    /**
     * An application of one or more components, each given as (name, execution time ms, node);
     * {@code range} null for a fixed period.
     */
    static DeploymentPlan plan(String name, double periodMs, Range range, Object... components) {
        List<Component> comps = new ArrayList<>();
        Map<String, String> nodeOf = new HashMap<>();
        Map<String, ComponentSettings> settings = new HashMap<>();
        for (int i = 0; i < components.length; i += 3) {
            String c = (String) components[i];
            double exec = ((Number) components[i + 1]).doubleValue();
            comps.add(new Component(c, c, new Resources(exec / periodMs, 0, 0), exec, (String) components[i + 2]));
            nodeOf.put(c, (String) components[i + 2]);
            settings.put(c, ComponentSettings.NONE);
        }
        Application app = new Application(name, Importance.MEDIUM, null, periodMs, periodMs, range, comps, List.of());
        return new DeploymentPlan(app, new Placement("static", nodeOf), settings);
    }

    /**
     * RACE's SMALL workload: T1 = 35 ms on n1; T2 = 35 ms on n1 then 35 ms on n2; T3 = 45 ms on n2;
     * rates 15.43, 10.28 and 10.52 Hz, ranges [1000/700, 1000/35] and [1000/900, 1000/45] Hz.
     */
    static List<DeploymentPlan> small() {
        return List.of(plan("T1", 1000 / 15.43, new Range(35, 700), "s1", 35, "n1"),
                plan("T2", 1000 / 10.28, new Range(35, 700), "s1", 35, "n1", "s2", 35, "n2"),
                plan("T3", 1000 / 10.52, new Range(45, 900), "s1", 45, "n2"));
    }

    /** A snapshot of cpu utilizations given as (node, u) pairs. */
    static SystemSnapshot snapshot(long timeMs, List<String> stale, Object... nodeUtil) {
        List<NodeSample> nodes = new ArrayList<>();
        for (int i = 0; i < nodeUtil.length; i += 2) {
            nodes.add(new NodeSample((String) nodeUtil[i], timeMs, 1000, Map.of("cpu", ((Number) nodeUtil[i + 1]).doubleValue()),
                    List.of(), List.of()));
        }
        return new SystemSnapshot(timeMs, nodes, Map.of(), stale, 0);
    }

    static double rate(DeploymentPlan p) {
        return 1000 / p.application().periodMs();
    }

    private Workloads() {
    }
}
