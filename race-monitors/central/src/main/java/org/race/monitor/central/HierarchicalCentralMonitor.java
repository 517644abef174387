package org.race.monitor.central;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.race.api.CentralMonitor;
import org.race.api.NodeMonitor;
import org.race.api.monitoring.ApplicationQos;
import org.race.api.monitoring.NodeSample;
import org.race.api.monitoring.SystemSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds system snapshots from the NodeMonitors: one sample per node, application QoS merged
 * across the nodes that report it. A node whose monitor fails is listed as stale.
 */
@Component(service = CentralMonitor.class)
public class HierarchicalCentralMonitor implements CentralMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(HierarchicalCentralMonitor.class);

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile List<NodeMonitor> nodeMonitors;

    private volatile SystemSnapshot latest;

    @Override
    public SystemSnapshot collect() {
        long start = System.nanoTime();
        List<NodeSample> samples = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        for (NodeMonitor m : nodeMonitors) {
            try {
                samples.add(m.sample());
            } catch (RuntimeException e) {
                String node = safeName(m);
                LOG.warn("node monitor {} did not answer: {}", node, e.toString());
                stale.add(node);
            }
        }
        samples.sort(Comparator.comparing(NodeSample::node));
        Map<String, ApplicationQos> apps = new TreeMap<>();
        for (NodeSample s : samples) {
            for (ApplicationQos q : s.applications()) apps.merge(q.application(), q, ApplicationQos::merge);
        }
        long time = samples.stream().mapToLong(NodeSample::timeMs).max().orElse(0);
        SystemSnapshot snapshot = new SystemSnapshot(time, samples, apps, stale, System.nanoTime() - start);
        latest = snapshot;
        return snapshot;
    }

    @Override
    public Optional<SystemSnapshot> latest() {
        return Optional.ofNullable(latest);
    }

    private static String safeName(NodeMonitor m) {
        try {
            return m.nodeName();
        } catch (RuntimeException e) {
            return "?";
        }
    }
}
