package org.race.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.race.text.Numbers;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.race.api.AdaptationLoop;
import org.race.api.Engine;
import org.race.api.analysis.ApplicationBound;
import org.race.api.analysis.ComponentResponse;
import org.race.api.model.AdaptationDecision;
import org.race.api.model.Application;
import org.race.api.model.ComponentSettings;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.NodeState;
import org.race.api.model.QosRegion;
import org.race.api.model.Resources;
import org.race.api.monitoring.ApplicationQos;
import org.race.api.monitoring.ComponentSample;
import org.race.api.monitoring.DelayStats;
import org.race.api.monitoring.JobTimes;
import org.race.api.monitoring.NodeSample;
import org.race.api.monitoring.SystemSnapshot;

/**
 * The JSON documents of the dashboard's API, as maps and lists that Gson writes as they are: the
 * same figures the shell prints (race:nodes, race:apps, race:status, race:controller,
 * race:allocators), from the same service calls.
 */
final class Views {
    static final List<String> RESOURCES = List.of("cpu", "memory", "bandwidth");

    private Views() {
    }

    /**
     * Every node of the domain: its state (see {@link #state}), whether it is in another container,
     * capacity, reservations, the measured utilization of the last window and the set points it is
     * judged against: for cpu the one the active controller published in its last decision
     * ({@code cpuSetPoints}), else the RMS bound of its components, below which rate-monotonic
     * scheduling meets every deadline; for memory and bandwidth the capacity.
     */
    static List<Map<String, Object>> nodes(List<NodeState> nodes, Optional<SystemSnapshot> snapshot, Set<String> remote,
            Set<String> seenUp, List<DeploymentPlan> deployed, Map<String, Double> cpuSetPoints) {
        Map<String, NodeSample> samples = new TreeMap<>();
        snapshot.ifPresent(s -> s.nodes().forEach(n -> samples.put(n.node(), n)));
        List<String> stale = snapshot.map(SystemSnapshot::staleNodes).orElse(List.of());
        Map<String, Integer> components = componentsPerNode(deployed);
        List<Map<String, Object>> out = new ArrayList<>();
        for (NodeState n : nodes) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", n.name());
            m.put("state", state(n, stale, seenUp));
            m.put("remote", remote.contains(n.name()));
            m.put("capacity", resources(n.node().capacity()));
            m.put("reserved", resources(n.reserved()));
            NodeSample s = samples.get(n.name());
            m.put("utilization", s == null ? null : utilization(s));
            m.put("windowMs", s == null ? null : s.windowMs());
            int count = components.getOrDefault(n.name(), 0);
            m.put("components", count);
            Map<String, Object> setPoint = new LinkedHashMap<>();
            setPoint.put("cpu", cpuSetPoints.getOrDefault(n.name(), rmsBound(count)));
            setPoint.put("memory", 1.0);
            setPoint.put("bandwidth", 1.0);
            m.put("setPoint", setPoint);
            out.add(m);
        }
        return out;
    }

    /**
     * {@code up}; {@code stale}: it did not answer for the last snapshot; {@code lost}: its NodeManager
     * went away (its container died or the node failed) after the dashboard saw it up; {@code down}: it
     * has had none since the dashboard started (no container hosts it).
     */
    static String state(NodeState n, List<String> stale, Set<String> seenUp) {
        if (!n.up()) return seenUp.contains(n.name()) ? "lost" : "down";
        return stale.contains(n.name()) ? "stale" : "up";
    }

    /** The RMS (Liu and Layland) utilization bound m(2^(1/m) - 1) of m components; 1 for none. */
    static double rmsBound(int m) {
        return m == 0 ? 1 : m * (Math.pow(2, 1.0 / m) - 1);
    }

    /** Components with work per job on each node: they count towards the node's RMS bound. */
    private static Map<String, Integer> componentsPerNode(List<DeploymentPlan> deployed) {
        Map<String, Integer> out = new TreeMap<>();
        for (DeploymentPlan p : deployed) {
            for (org.race.api.model.Component c : p.application().components()) {
                if (c.executionTimeMs() > 0) out.merge(p.placement().nodeOf().get(c.name()), 1, Integer::sum);
            }
        }
        return out;
    }

    private static Map<String, Object> utilization(NodeSample s) {
        Map<String, Object> u = new LinkedHashMap<>();
        for (String r : RESOURCES) u.put(r, finite(s.utilization().get(r)));
        return u;
    }

    static Map<String, Object> resources(Resources r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", r.cpu());
        m.put("memory", r.memory());
        m.put("bandwidth", r.bandwidth());
        return m;
    }

    /**
     * One deployed application: what race:apps -v shows (placement, settings, the worst-case bound at the periods
     * in force, see {@link #bound}), its contract, the QoS of the last window as race:status shows it, and the
     * chart points recorded after {@code sinceMs}; per component what it did in the last window ({@code measured}, as
     * race:status -v shows it; null before it is measured) and which execution times the analysis counts
     * ({@code executionTimes}, as race:exectimes).
     */
    static Map<String, Object> application(DeploymentPlan p, ApplicationQos qos, ApplicationBound bound, List<Recorder.Point> points,
            Map<String, ComponentSample> measured, String executionTimes) {
        Application a = p.application();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", a.name());
        m.put("importance", a.importance().label());
        m.put("mode", a.mode());
        m.put("periodMs", a.periodMs());
        m.put("rateHz", 1000 / a.periodMs());
        m.put("deadlineMs", a.deadlineMs());
        m.put("periodRange", a.periodRange() == null ? null : Map.of("min", a.periodRange().min(), "max", a.periodRange().max()));
        m.put("priorityClass", priorityClass(p));
        m.put("allocator", p.placement().allocator());
        m.put("placement", p.placement().nodeOf());
        m.put("nodes", new TreeSet<>(p.placement().nodeOf().values()));
        m.put("bound", bound(bound));
        m.put("executionTimes", executionTimes);
        Map<String, ComponentResponse> analysed = new TreeMap<>();
        if (bound != null) bound.components().forEach(c -> analysed.put(c.name(), c));
        List<Map<String, Object>> components = new ArrayList<>();
        for (org.race.api.model.Component c : a.components()) {
            ComponentSettings s = p.settingsOf(c.name());
            ComponentResponse r = analysed.get(c.name());
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("name", c.name());
            cm.put("node", p.placement().nodeOf().get(c.name()));
            cm.put("demand", resources(c.demand()));
            cm.put("executionTimeMs", c.executionTimeMs());
            cm.put("priority", s.priority());
            cm.put("priorityClass", s.priorityClass());
            cm.put("threading", s.threadingModel());
            cm.put("priorityModel", s.priorityModel());
            cm.put("dscp", s.dscp());
            cm.put("wcetMs", r == null ? null : r.wcetMs());
            cm.put("responseMs", r == null ? null : r.responseMs());
            cm.put("measured", measured(measured.get(c.name())));
            components.add(cm);
        }
        m.put("components", components);
        m.put("contract", contract(a));
        m.put("qos", qos == null ? null : qos(qos));
        List<Map<String, Object>> series = new ArrayList<>();
        for (Recorder.Point pt : points) series.add(point(pt));
        m.put("series", series);
        return m;
    }

    /** A component's figures of the last window and its CPU time per job over its measurement window; null when not measured. */
    static Map<String, Object> measured(ComponentSample c) {
        if (c == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", finite(c.utilization()));
        m.put("jobs", c.jobs());
        m.put("maxJobCpuMs", c.maxJobCpuMs());
        m.put("meanResponseMs", c.meanResponseMs());
        m.put("maxResponseMs", c.maxResponseMs());
        m.put("maxQueueLength", c.maxQueueLength());
        m.put("failures", c.failures());
        m.put("overruns", c.overruns());
        JobTimes t = c.jobCpu();
        m.put("jobCpu", Map.of("jobs", t.jobs(), "medianMs", t.medianMs(), "p99Ms", t.p99Ms(), "maxMs", t.maxMs()));
        return m;
    }

    /**
     * The schedulability analysis of the application as it runs now (race:status's flag): {@code boundMs} its
     * worst-case end-to-end latency (null when unbounded) against {@code deadlineMs}, {@code schedulable}, and
     * {@code explanation} (path, node, interference) when it is beyond its deadline; null when no analysis is installed.
     */
    static Map<String, Object> bound(ApplicationBound b) {
        if (b == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("boundMs", b.boundMs());
        m.put("deadlineMs", b.deadlineMs());
        m.put("schedulable", b.schedulable());
        m.put("explanation", b.schedulable() ? null : b.explain());
        return m;
    }

    /**
     * The application's QoS contract, as race:contracts shows it: its criticality, its QoS region (the
     * period range in ms and the rates it means, the latency bound), the operating point admission and
     * the controllers have it at now (COP), and how far that rate is below the region's maximum
     * ({@code fromMax}: 0 at the maximum, -0.375 for 37.5 % below); null when it has no region.
     */
    static Map<String, Object> contract(Application a) {
        if (!a.contracted()) return null;
        QosRegion r = a.region();
        Map<String, Object> region = new LinkedHashMap<>();
        region.put("periodMinMs", r.period().min());
        region.put("periodMaxMs", r.period().max());
        region.put("rateMinHz", r.minRateHz());
        region.put("rateMaxHz", r.maxRateHz());
        region.put("latencyMaxMs", r.latencyMaxMs());
        Map<String, Object> cop = new LinkedHashMap<>();
        double rate = 1000 / a.periodMs();
        cop.put("periodMs", a.periodMs());
        cop.put("rateHz", rate);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("application", a.name());
        m.put("criticality", a.importance().label());
        m.put("region", region);
        m.put("cop", cop);
        m.put("fromMax", rate >= r.maxRateHz() ? 0.0 : rate / r.maxRateHz() - 1);
        return m;
    }

    /** Contracts of the deployed applications that have one, e.g. for /race/api/contracts. */
    static List<Map<String, Object>> contracts(List<DeploymentPlan> deployed) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (DeploymentPlan p : deployed) {
            Map<String, Object> c = contract(p.application());
            if (c != null) out.add(c);
        }
        return out;
    }

    private static Map<String, Object> qos(ApplicationQos q) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("met", q.met());
        m.put("missed", q.missed());
        m.put("missRatio", q.missRatio());
        m.put("latencyMeanMs", q.meanLatencyMs());
        m.put("latencyMaxMs", q.maxLatencyMs());
        return m;
    }

    private static Map<String, Object> point(Recorder.Point p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("timeMs", p.timeMs());
        m.put("missRatio", p.missRatio());
        m.put("latencyMeanMs", p.latencyMeanMs());
        m.put("latencyMaxMs", p.latencyMaxMs());
        m.put("met", p.met());
        m.put("missed", p.missed());
        return m;
    }

    /** The priority classes the configurators gave the application's components, e.g. {@code high}; null when unconfigured. */
    static String priorityClass(DeploymentPlan p) {
        TreeSet<String> classes = new TreeSet<>();
        p.settings().values().forEach(s -> {
            if (s.priorityClass() != null) classes.add(s.priorityClass());
        });
        return classes.isEmpty() ? null : String.join("/", classes);
    }

    /** As race:controller shows it: installed, active, chosen, and the last decision. */
    static Map<String, Object> controller(AdaptationLoop loop) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (loop == null) {
            m.put("running", false);
            m.put("installed", List.of());
            m.put("active", null);
            m.put("chosen", null);
            m.put("lastDecision", null);
            return m;
        }
        m.put("running", true);
        m.put("installed", loop.controllers());
        m.put("active", loop.activeController().orElse(null));
        m.put("chosen", loop.chosenController().isEmpty() ? "auto" : loop.chosenController());
        AdaptationDecision d = loop.lastDecision().orElse(null);
        if (d == null) {
            m.put("lastDecision", null);
        } else {
            Map<String, Object> dm = new LinkedHashMap<>();
            dm.put("controller", d.controller());
            dm.put("changes", d.adjustments().size());
            dm.put("reason", d.reason());
            m.put("lastDecision", dm);
        }
        return m;
    }

    /** As race:allocators shows it. */
    static Map<String, Object> allocator(Engine engine) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("installed", engine.allocators());
        m.put("default", engine.defaultAllocator());
        return m;
    }

    static Map<String, Object> delays(DelayStats d) {
        if (d == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", d.samples());
        m.put("lastMs", d.lastMs());
        m.put("medianMs", d.medianMs());
        m.put("p99Ms", d.p99Ms());
        m.put("maxMs", d.maxMs());
        return m;
    }

    private static Double finite(Double v) {
        return v == null || !Double.isFinite(v) ? null : v;
    }

    /** A number as the shell prints it: whole numbers without decimals, else up to three. */
    static String num(double v) {
        return Numbers.readable(v);
    }
}
