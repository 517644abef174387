package org.race.controller.eucon;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

import org.race.api.model.Application;
import org.race.api.model.Component;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Range;
import org.race.api.monitoring.NodeSample;
import org.race.api.monitoring.SystemSnapshot;

/**
 * One period's control problem in EUCON's terms: the tasks whose rates may change, the nodes they run
 * on with measured utilization u and set point B, and the subtask allocation matrix F.
 *
 * <p>A task is a deployed application with a periodRange; its subtasks are its components. Rates are in
 * Hz (1000 / period in ms). {@code f[i][j]} is the sum, over task j's components on node i, of the
 * estimated execution time in seconds divided by node i's cpu capacity: a node with capacity 2 runs a
 * job in half the time (as the sim does), so F·r is the utilization the estimates predict. Without a
 * capacity (no domain) it is 1 and the ratio stays in EUCON's unknown gain G, as does any error of the
 * estimates themselves.
 *
 * @param tasks sorted by application name
 * @param nodes sorted by node name
 * @param skipped applications with a periodRange left alone this period, with the reason
 */
record Plant(List<Task> tasks, List<NodeRow> nodes, double[][] f, Map<String, String> skipped) {
    /** A controllable application: current rate and the bounds its periodRange allows, in Hz. */
    record Task(String application, double rate, double minRate, double maxRate) {
    }

    /** A controlled node: measured cpu utilization and its set point. */
    record NodeRow(String node, double utilization, double setPoint) {
    }

    private static final String CPU = "cpu";

    /** The RMS utilization bound of m periodic tasks, m(2^(1/m) - 1); 1 for none. */
    static double rmsBound(int m) {
        return m == 0 ? 1 : m * (Math.pow(2, 1.0 / m) - 1);
    }

    /**
     * The tasks and nodes EUCON controls now. An application with a component on a node that is stale or
     * missing in the snapshot (or reports no cpu) is skipped; applications without a periodRange are not
     * tasks, their load is part of the measured utilization.
     *
     * @param capacity cpu capacity of a node (1 when unknown)
     * @param fixedSetPoint set point of every node, or <= 0 for the RMS bound of its subtasks
     */
    static Plant of(SystemSnapshot snapshot, List<DeploymentPlan> deployed, ToDoubleFunction<String> capacity, double fixedSetPoint) {
        return of(snapshot, deployed, capacity, setPoints(snapshot, deployed, fixedSetPoint));
    }

    /** @param setPoints the {@link #setPoints} of this snapshot and deployment */
    static Plant of(SystemSnapshot snapshot, List<DeploymentPlan> deployed, ToDoubleFunction<String> capacity, Map<String, Double> setPoints) {
        Map<String, Double> measured = new HashMap<>();
        for (NodeSample s : snapshot.nodes()) {
            Double cpu = s.utilization().get(CPU);
            if (cpu != null && !snapshot.staleNodes().contains(s.node())) measured.put(s.node(), cpu);
        }
        List<DeploymentPlan> candidates = deployed.stream().filter(p -> p.application().periodRange() != null)
                .sorted(Comparator.comparing(DeploymentPlan::name)).toList();
        List<DeploymentPlan> controlled = new ArrayList<>();
        Map<String, String> skipped = new TreeMap<>();
        TreeSet<String> nodeNames = new TreeSet<>();
        for (DeploymentPlan p : candidates) {
            TreeSet<String> hosts = hosts(p);
            List<String> unmeasured = hosts.stream().filter(n -> !measured.containsKey(n)).toList();
            if (!unmeasured.isEmpty()) {
                skipped.put(p.name(), "no current cpu measurement of " + String.join(", ", unmeasured));
            } else if (!hosts.isEmpty()) {
                controlled.add(p);
                nodeNames.addAll(hosts);
            }
        }
        List<String> nodeList = List.copyOf(nodeNames);
        List<NodeRow> nodes = new ArrayList<>();
        for (String n : nodeList) {
            nodes.add(new NodeRow(n, measured.get(n), setPoints.get(n)));
        }
        List<Task> tasks = new ArrayList<>();
        double[][] f = new double[nodeList.size()][controlled.size()];
        for (int j = 0; j < controlled.size(); j++) {
            DeploymentPlan p = controlled.get(j);
            Application a = p.application();
            Range range = a.periodRange();
            tasks.add(new Task(a.name(), 1000 / a.periodMs(), 1000 / range.max(), 1000 / range.min()));
            for (Component c : a.components()) {
                String n = p.placement().nodeOf().get(c.name());
                if (c.executionTimeMs() > 0) f[nodeList.indexOf(n)][j] += c.executionTimeMs() / 1000 / capacity.applyAsDouble(n);
            }
        }
        return new Plant(List.copyOf(tasks), List.copyOf(nodes), f, skipped);
    }

    /**
     * The cpu set point of every node in the snapshot or hosting a subtask: {@code fixedSetPoint}, or
     * when that is <= 0 the RMS bound of the node's subtasks (every subtask counts, whether its rate is
     * controlled or not).
     */
    static Map<String, Double> setPoints(SystemSnapshot snapshot, List<DeploymentPlan> deployed, double fixedSetPoint) {
        Map<String, Integer> subtasks = new TreeMap<>();
        snapshot.nodes().forEach(s -> subtasks.put(s.node(), 0));
        for (DeploymentPlan p : deployed) {
            for (Component c : p.application().components()) {
                if (c.executionTimeMs() > 0) subtasks.merge(p.placement().nodeOf().get(c.name()), 1, Integer::sum);
            }
        }
        Map<String, Double> out = new TreeMap<>();
        subtasks.forEach((n, m) -> out.put(n, fixedSetPoint > 0 ? fixedSetPoint : rmsBound(m)));
        return out;
    }

    /**
     * The cpu utilization of every node hosting a subtask as the estimates predict it at the current
     * rates: every deployed subtask counts, whether its rate is controlled or not.
     */
    static Map<String, Double> predictedUtilization(List<DeploymentPlan> deployed, ToDoubleFunction<String> capacity) {
        Map<String, Double> out = new HashMap<>();
        for (DeploymentPlan p : deployed) {
            for (Component c : p.application().components()) {
                if (c.executionTimeMs() <= 0) continue;
                String n = p.placement().nodeOf().get(c.name());
                out.merge(n, c.executionTimeMs() / p.application().periodMs() / capacity.applyAsDouble(n), Double::sum);
            }
        }
        return out;
    }

    /** Nodes hosting a component of {@code p} that does work. */
    private static TreeSet<String> hosts(DeploymentPlan p) {
        TreeSet<String> out = new TreeSet<>();
        for (Component c : p.application().components()) {
            if (c.executionTimeMs() > 0) out.add(p.placement().nodeOf().get(c.name()));
        }
        return out;
    }
}
