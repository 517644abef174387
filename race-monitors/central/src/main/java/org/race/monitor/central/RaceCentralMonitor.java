package org.race.monitor.central;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
import org.race.api.NodeMonitor;
import org.race.api.QosMonitor;
import org.race.api.ResourceMonitor;
import org.race.api.RoleProperties;
import org.race.api.monitoring.ApplicationQos;
import org.race.api.monitoring.ComponentSample;
import org.race.api.monitoring.DelayStats;
import org.race.api.monitoring.NodeSample;
import org.race.api.monitoring.QosSample;
import org.race.api.monitoring.SystemSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RACE's CentralMonitor, hierarchical or flat by configuration (PID {@code race.monitor}).
 * Hierarchical: every NodeMonitor is asked in parallel and a node that does not answer within
 * {@code timeoutMs} is marked stale, so one slow node does not stall the others. Flat: the
 * central monitor polls every ResourceMonitor and QosMonitor itself, one after another. Either
 * way the monitoring delay (requests sent to snapshot assembled, wall clock) is recorded.
 * Monitors imported from node containers (Remote Services) count like local ones.
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

        @AttributeDefinition(description = "A NodeMonitor that has not answered after this many ms is marked stale")
        long timeoutMs() default 5000;

        @AttributeDefinition(description = "Threads that ask NodeMonitors in parallel")
        int threads() default 16;
    }

    private static final Logger LOG = LoggerFactory.getLogger(RaceCentralMonitor.class);
    private static final int HISTORY = 1000;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile List<Map.Entry<Map<String, Object>, NodeMonitor>> nodeMonitors;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile List<Map.Entry<Map<String, Object>, ResourceMonitor>> resourceMonitors;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile List<Map.Entry<Map<String, Object>, QosMonitor>> qosMonitors;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Clock clock;

    private final ArrayDeque<Long> delays = new ArrayDeque<>();
    private volatile SystemSnapshot latest;
    private volatile Config config;
    private ExecutorService pool;
    private long lastFlatMillis = -1;

    @Activate
    @Modified
    synchronized void configure(Config c) {
        if (!c.mode().equals("hierarchical") && !c.mode().equals("flat")) {
            LOG.error("race.monitor: mode must be hierarchical or flat, got '{}'; using hierarchical", c.mode());
        }
        config = c;
        LOG.info("race.monitor: {} monitoring", flat() ? "flat" : "hierarchical");
        if (pool != null) pool.shutdown();
        pool = Executors.newFixedThreadPool(Math.max(1, c.threads()), r -> {
            Thread t = new Thread(r, "race-central-monitor");
            t.setDaemon(true);
            return t;
        });
    }

    @Deactivate
    synchronized void deactivate() {
        pool.shutdownNow();
    }

    boolean flat() {
        return "flat".equals(config.mode());
    }

    @Override
    public SystemSnapshot collect() {
        long start = System.nanoTime();
        List<String> stale = new ArrayList<>();
        List<NodeSample> samples = flat() ? pollEveryMonitor(stale) : askNodeMonitors(stale);
        Map<String, ApplicationQos> apps = new TreeMap<>();
        for (NodeSample s : samples) {
            for (ApplicationQos q : s.applications()) apps.merge(q.application(), q, ApplicationQos::merge);
        }
        Clock c = clock;
        long time = c != null ? c.nowMillis() : samples.stream().mapToLong(NodeSample::timeMs).max().orElse(0);
        long delay = System.nanoTime() - start;
        SystemSnapshot snapshot = new SystemSnapshot(time, samples, apps, stale, delay);
        synchronized (delays) {
            if (delays.size() == HISTORY) delays.removeFirst();
            delays.addLast(delay);
        }
        latest = snapshot;
        return snapshot;
    }

    /** Hierarchical: all NodeMonitors at once; the snapshot waits at most timeoutMs for any of them. */
    private List<NodeSample> askNodeMonitors(List<String> stale) {
        Map<String, Future<NodeSample>> pending = new LinkedHashMap<>();
        for (Map.Entry<Map<String, Object>, NodeMonitor> e : nodeMonitors) {
            NodeMonitor m = e.getValue();
            pending.put(String.valueOf(e.getKey().get(RoleProperties.NODE)), pool.submit(m::sample));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.timeoutMs());
        List<NodeSample> samples = new ArrayList<>();
        for (Map.Entry<String, Future<NodeSample>> e : pending.entrySet()) {
            try {
                samples.add(e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException t) {
                e.getValue().cancel(true);
                LOG.warn("node monitor {} did not answer within {} ms: marked stale", e.getKey(), config.timeoutMs());
                stale.add(e.getKey());
            } catch (InterruptedException i) {
                Thread.currentThread().interrupt();
                stale.add(e.getKey());
            } catch (Exception ex) {
                LOG.warn("node monitor {} failed: {}", e.getKey(), String.valueOf(ex.getCause()));
                stale.add(e.getKey());
            }
        }
        samples.sort(java.util.Comparator.comparing(NodeSample::node));
        return samples;
    }

    /** Flat: every resource and QoS monitor of every node, one call after another, from here. */
    private List<NodeSample> pollEveryMonitor(List<String> stale) {
        Map<String, Map<String, Double>> util = new TreeMap<>();
        Map<String, QosSample> qos = new TreeMap<>();
        for (Map.Entry<Map<String, Object>, ResourceMonitor> e : resourceMonitors) {
            String node = String.valueOf(e.getKey().get(RoleProperties.NODE));
            try {
                ResourceMonitor m = e.getValue();
                util.computeIfAbsent(node, n -> new TreeMap<>()).put(m.resource(), m.utilization());
            } catch (RuntimeException ex) {
                LOG.warn("resource monitor of {} failed: {}", node, ex.toString());
                if (!stale.contains(node)) stale.add(node);
            }
        }
        if (config.qos()) {
            for (Map.Entry<Map<String, Object>, QosMonitor> e : qosMonitors) {
                String node = String.valueOf(e.getKey().get(RoleProperties.NODE));
                try {
                    qos.put(node, e.getValue().sample());
                } catch (RuntimeException ex) {
                    LOG.warn("QoS monitor of {} failed: {}", node, ex.toString());
                    if (!stale.contains(node)) stale.add(node);
                }
            }
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
        List<NodeSample> samples = new ArrayList<>();
        for (String node : nodes) {
            QosSample q = qos.get(node);
            List<ComponentSample> comps = q == null ? List.of() : q.components();
            List<ApplicationQos> apps = q == null ? List.of() : q.applications();
            samples.add(new NodeSample(node, now, window, util.getOrDefault(node, Map.of()), comps, apps));
        }
        return samples;
    }

    @Override
    public Optional<SystemSnapshot> latest() {
        return Optional.ofNullable(latest);
    }

    @Override
    public DelayStats delays() {
        synchronized (delays) {
            return DelayStats.of(List.copyOf(delays));
        }
    }
}
