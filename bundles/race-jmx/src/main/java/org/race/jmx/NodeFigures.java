package org.race.jmx;

import java.util.Map;
import java.util.Optional;

import org.race.api.model.NodeState;
import org.race.api.model.Resources;
import org.race.api.monitoring.NodeSample;

/** A node's MXBean: capacity and reservation from the engine, utilization from the latest snapshot. */
final class NodeFigures implements NodeMXBean {
    private final RaceMBeans source;
    private final String node;

    NodeFigures(RaceMBeans source, String node) {
        this.source = source;
        this.node = node;
    }

    private Optional<NodeState> state() {
        return source.engine().nodes().stream().filter(n -> n.name().equals(node)).findFirst();
    }

    private Optional<NodeSample> sample() {
        return source.snapshot().flatMap(s -> s.nodes().stream().filter(n -> n.node().equals(node)).findFirst());
    }

    private Resources capacity() {
        return state().map(s -> s.node().capacity()).orElse(Resources.ZERO);
    }

    private Resources reserved() {
        return state().map(NodeState::reserved).orElse(Resources.ZERO);
    }

    private double utilization(String resource) {
        return sample().map(s -> s.utilization().getOrDefault(resource, Double.NaN)).orElse(Double.NaN);
    }

    @Override
    public String getName() {
        return node;
    }

    @Override
    public boolean isUp() {
        return state().map(NodeState::up).orElse(false);
    }

    @Override
    public boolean isStale() {
        return source.snapshot().map(s -> s.staleNodes().contains(node)).orElse(false);
    }

    @Override
    public double getCpuCapacity() {
        return capacity().cpu();
    }

    @Override
    public double getMemoryCapacityMb() {
        return capacity().memory();
    }

    @Override
    public double getBandwidthCapacityMbps() {
        return capacity().bandwidth();
    }

    @Override
    public double getReservedCpu() {
        return reserved().cpu();
    }

    @Override
    public double getReservedMemoryMb() {
        return reserved().memory();
    }

    @Override
    public double getReservedBandwidthMbps() {
        return reserved().bandwidth();
    }

    @Override
    public double getCpuUtilization() {
        return utilization("cpu");
    }

    @Override
    public double getMemoryUtilization() {
        return utilization("memory");
    }

    @Override
    public double getBandwidthUtilization() {
        return utilization("bandwidth");
    }

    @Override
    public Map<String, Double> getUtilization() {
        return sample().map(NodeSample::utilization).orElse(Map.of());
    }

    @Override
    public long getWindowMs() {
        return sample().map(NodeSample::windowMs).orElse(0L);
    }

    @Override
    public String[] getApplications() {
        return RaceMBeans.array(source.engine().applications().stream()
                .filter(p -> p.placement().nodeOf().containsValue(node)).map(p -> p.name()).toList());
    }
}
