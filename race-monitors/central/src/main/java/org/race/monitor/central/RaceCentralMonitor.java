package org.race.monitor.central;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.race.api.CentralMonitor;
import org.race.api.Clock;
import org.race.api.LegacyComponent;
import org.race.api.NodeCalls;
import org.race.api.NodeMonitor;
import org.race.api.NodeNotAnsweringException;
import org.race.api.QosMonitor;
import org.race.api.ResourceMonitor;
import org.race.api.RoleProperties;
import org.race.api.monitoring.ApplicationQos;
import org.race.api.monitoring.ComponentSample;
import org.race.api.monitoring.DelayStats;
import org.race.api.monitoring.NodeSample;
import org.race.api.monitoring.QosSample;
import org.race.api.monitoring.SystemSnapshot;
import org.race.fanout.DelayHistory;
import org.race.fanout.FanOut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RACE's CentralMonitor, hierarchical or flat by configuration (PID {@code race.monitor}).
 * Hierarchical: every NodeMonitor is asked in parallel ({@link FanOut}): a node container's on a thread of its
 * own, and one that does not answer within the bound of {@link NodeCalls} ({@code race.calls timeoutMs}) is
 * marked stale, so one slow node does not stall the others; this container's own are called directly, as
 * NodeCalls calls every service of this JVM: on the collecting thread while they are quick, so that a
 * snapshot waits for no thread to be woken first, else shared out with the other processors' threads. Flat: the central monitor polls every ResourceMonitor and QosMonitor itself,
 * and every LegacyComponent (an adopted process, listed among its node's components), one after another, each call within the bound; a node whose call timed out is stale and not asked
 * again in that snapshot. Either way the monitoring delay (requests sent to snapshot assembled, wall
 * clock) is recorded. Monitors imported from node containers (Remote Services) count like local
 * ones, except that only their timed-out calls count towards failing a node; a node NodeCalls treats
 * as failed is stale without being asked. One call per node and snapshot: the next period is the retry.
 */
@Component(service = CentralMonitor.class, configurationPid = "race.monitor")
@Designate(ocd = RaceCentralMonitor.Config.class)
public class RaceCentralMonitor implements CentralMonitor {
    @ObjectClassDefinition(name = "RACE monitoring")
    public @interface Config {
        @AttributeDefinition(description = "hierarchical (NodeMonitors in parallel) or flat (every resource and QoS monitor, one after another)")
        String mode() default "hierarchical";

        @AttributeDefinition(description = "QoS monitoring on or off")
        boolean qos() default true;

        @AttributeDefinition(description = "Threads that ask the NodeMonitors of node containers in parallel")
        int threads() default 16;
    }

    private static final Logger LOG = LoggerFactory.getLogger(RaceCentralMonitor.class);

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile List<Map.Entry<Map<String, Object>, NodeMonitor>> nodeMonitors;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile List<Map.Entry<Map<String, Object>, ResourceMonitor>> resourceMonitors;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile List<Map.Entry<Map<String, Object>, QosMonitor>> qosMonitors;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile List<Map.Entry<Map<String, Object>, LegacyComponent>> legacyComponents = List.of();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Clock clock;

    @Reference
    NodeCalls calls;

    private final DelayHistory delays = new DelayHistory();
    private final FanOut fanOut = new FanOut("race-central-monitor");
    private volatile SystemSnapshot latest;
    private volatile Config config;
    private long lastFlatMillis = -1;

    @Activate
    @Modified
    synchronized void configure(Config c) {
        if (!c.mode().equals("hierarchical") && !c.mode().equals("flat")) {
            LOG.error("race.monitor: mode must be hierarchical or flat, got '{}'; using hierarchical", c.mode());
        }
        config = c;
        LOG.info("race.monitor: {} monitoring", flat() ? "flat" : "hierarchical");
        fanOut.threads(c.threads());
    }

    @Deactivate
    synchronized void deactivate() {
        fanOut.close();
    }

    boolean flat() {
        return "flat".equals(config.mode());
    }

    @Override
    public SystemSnapshot collect() {
        long start = System.nanoTime();
        List<String> stale = new ArrayList<>();
        List<NodeSample> samples = flat() ? pollEveryMonitor(stale) : askNodeMonitors(stale);
        stale = List.copyOf(new java.util.TreeSet<>(stale)); // a node listed once, however many of its monitors failed
        Map<String, ApplicationQos> apps = new TreeMap<>();
        for (NodeSample s : samples) {
            for (ApplicationQos q : s.applications()) apps.merge(q.application(), q, ApplicationQos::merge);
        }
        Clock c = clock;
        long time = c != null ? c.nowMillis() : samples.stream().mapToLong(NodeSample::timeMs).max().orElse(0);
        long delay = System.nanoTime() - start;
        SystemSnapshot snapshot = new SystemSnapshot(time, samples, apps, stale, delay);
        delays.record(delay);
        latest = snapshot;
        return snapshot;
    }

    /** Hierarchical: all NodeMonitors at once; the snapshot waits at most the bound for any of them. */
    private List<NodeSample> askNodeMonitors(List<String> stale) {
        Map<Map<String, Object>, FanOut.Call<NodeSample>> asked = new LinkedHashMap<>();
        for (Map.Entry<Map<String, Object>, NodeMonitor> e : nodeMonitors) {
            if (calls.failed(node(e.getKey()))) {
                stale.add(node(e.getKey()));
                continue;
            }
            asked.put(e.getKey(), new FanOut.Call<>(e.getKey(), e.getValue()::sample));
        }
        List<NodeSample> samples = new ArrayList<>();
        fanOut.callAll(calls, "sample", asked).forEach((service, outcome) -> {
            String node = node(service);
            if (outcome instanceof FanOut.Answered<NodeSample> a) {
                samples.add(a.value());
                return;
            }
            if (outcome instanceof FanOut.TimedOut<NodeSample> t) {
                LOG.info("node monitor {} did not answer within {} ms: marked stale", node, t.boundMs());
            } else if (outcome instanceof FanOut.Failed<NodeSample> f && !(f.error() instanceof InterruptedException)) {
                LOG.warn("node monitor {} failed: {}", node, String.valueOf(f.error()));
            }
            stale.add(node);
        });
        samples.sort(java.util.Comparator.comparing(NodeSample::node));
        return samples;
    }

    private static String node(Map<String, Object> service) {
        return String.valueOf(service.get(RoleProperties.NODE));
    }

    /** Flat: every resource and QoS monitor of every node, one call after another, from here. */
    private List<NodeSample> pollEveryMonitor(List<String> stale) {
        Map<String, Map<String, Double>> util = new TreeMap<>();
        Map<String, QosSample> qos = new TreeMap<>();
        for (Map.Entry<Map<String, Object>, ResourceMonitor> e : resourceMonitors) {
            String node = node(e.getKey());
            ResourceMonitor m = e.getValue();
            // the resource is a service property (NodeServices sets it): no remote call for the name
            Object r = e.getKey().get(RoleProperties.RESOURCE);
            String resource = r != null ? r.toString() : m.resource();
            Double u = poll(e.getKey(), "utilization of " + resource, m::utilization, stale);
            if (u != null) util.computeIfAbsent(node, n -> new TreeMap<>()).put(resource, u);
        }
        if (config.qos()) {
            for (Map.Entry<Map<String, Object>, QosMonitor> e : qosMonitors) {
                QosSample q = poll(e.getKey(), "QoS sample", e.getValue()::sample, stale);
                if (q != null) qos.put(node(e.getKey()), q);
            }
        }
        Map<String, List<ComponentSample>> legacy = new TreeMap<>();
        for (Map.Entry<Map<String, Object>, LegacyComponent> e : legacyComponents) {
            ComponentSample l = poll(e.getKey(), "legacy component sample", e.getValue()::sample, stale);
            if (l != null) legacy.computeIfAbsent(node(e.getKey()), n -> new ArrayList<>()).add(l);
        }
        Clock c = clock;
        long now = c == null ? System.currentTimeMillis() : c.nowMillis();
        long window;
        synchronized (this) {
            window = lastFlatMillis < 0 ? 0 : now - lastFlatMillis;
            lastFlatMillis = now;
        }
        java.util.Set<String> nodes = new java.util.TreeSet<>(util.keySet());
        nodes.addAll(qos.keySet());
        nodes.removeAll(stale); // as in hierarchical mode: a stale node has no figures, not some of them
        List<NodeSample> samples = new ArrayList<>();
        for (String node : nodes) {
            QosSample q = qos.get(node);
            List<ComponentSample> comps = new ArrayList<>(q == null ? List.of() : q.components());
            comps.addAll(legacy.getOrDefault(node, List.of())); // as a NodeMonitor lists them: after the node's own
            List<ApplicationQos> apps = q == null ? List.of() : q.applications();
            samples.add(new NodeSample(node, now, window, util.getOrDefault(node, Map.of()), comps, apps));
        }
        return samples;
    }

    /** One monitor's figure within the bound, or null (the node marked stale) when it failed or does not answer. */
    private <T> T poll(Map<String, Object> service, String what, java.util.concurrent.Callable<T> call, List<String> stale) {
        String node = node(service);
        if (stale.contains(node)) return null; // one slow call per node and snapshot
        if (calls.failed(node)) {
            stale.add(node);
            return null;
        }
        try {
            return calls.callOnce(service, what, call);
        } catch (NodeNotAnsweringException ex) {
            LOG.info("{}: marked stale", ex.getMessage());
        } catch (RuntimeException ex) {
            LOG.warn("{} of {} failed: {}", what, node, ex.toString());
        }
        stale.add(node);
        return null;
    }

    @Override
    public Optional<SystemSnapshot> latest() {
        return Optional.ofNullable(latest);
    }

    @Override
    public DelayStats delays() {
        return delays.stats();
    }
}
