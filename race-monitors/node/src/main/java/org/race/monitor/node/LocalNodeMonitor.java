package org.race.monitor.node;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.race.api.Clock;
import org.race.api.LegacyComponent;
import org.race.api.NodeMonitor;
import org.race.api.QosMonitor;
import org.race.api.ResourceMonitor;
import org.race.api.monitoring.ComponentSample;
import org.race.api.monitoring.NodeSample;
import org.race.api.monitoring.QosSample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NodeMonitor of one node: each sample reads every ResourceMonitor of the node and its
 * QosMonitor (null while QoS monitoring is off) once, and lists the node's legacy components (adopted
 * OS processes) after its own, QoS monitoring on or off: their cpu is what allocators must place
 * around. A failing resource monitor or legacy component is left out of the sample and logged; the
 * others still count.
 */
public final class LocalNodeMonitor implements NodeMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(LocalNodeMonitor.class);

    private final String node;
    private final Supplier<Collection<ResourceMonitor>> resources;
    private final Supplier<QosMonitor> qos;
    private final Supplier<Collection<LegacyComponent>> legacy;
    private final Supplier<Clock> clock;
    private long last = -1;

    LocalNodeMonitor(String node, Supplier<Collection<ResourceMonitor>> resources, Supplier<QosMonitor> qos,
            Supplier<Collection<LegacyComponent>> legacy, Supplier<Clock> clock) {
        this.node = node;
        this.resources = resources;
        this.qos = qos;
        this.legacy = legacy;
        this.clock = clock;
    }

    @Override
    public String nodeName() {
        return node;
    }

    @Override
    public synchronized NodeSample sample() {
        Clock c = clock.get();
        long now = c == null ? System.currentTimeMillis() : c.nowMillis();
        long window = last < 0 ? 0 : now - last;
        last = now;
        Map<String, Double> util = new TreeMap<>();
        for (ResourceMonitor m : resources.get()) {
            try {
                util.put(m.resource(), m.utilization());
            } catch (RuntimeException ex) {
                LOG.warn("a resource monitor of {} failed: {}", node, ex.toString());
            }
        }
        QosMonitor q = qos.get();
        QosSample s = q == null ? new QosSample(List.of(), List.of()) : q.sample();
        List<ComponentSample> components = new ArrayList<>(s.components());
        for (LegacyComponent l : legacy.get()) {
            try {
                components.add(l.sample());
            } catch (RuntimeException ex) {
                LOG.warn("legacy component {} of {} failed: {}", l.name(), node, ex.toString());
            }
        }
        return new NodeSample(node, now, window, util, components, s.applications());
    }
}
