package org.race.jmx;

import java.util.List;

import org.race.api.AdaptationLoop;
import org.race.api.CentralEffector;
import org.race.api.CentralMonitor;
import org.race.api.RoleProperties;
import org.race.api.analysis.ApplicationBound;
import org.race.api.model.AdaptationDecision;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.NodeState;
import org.race.api.monitoring.DelayStats;
import org.race.api.monitoring.SystemSnapshot;

/** The Engine MXBean: registry, control loop and the loop's delays, read from the services bound now. */
final class EngineFigures implements EngineMXBean {
    /** The most recent engine events shown; the engine keeps a hundred. */
    static final int EVENTS = 20;
    private final RaceMBeans source;

    EngineFigures(RaceMBeans source) {
        this.source = source;
    }

    private DelayStats monitoring() {
        return source.monitor().map(CentralMonitor::delays).orElse(DelayStats.NONE);
    }

    private DelayStats actuation() {
        return source.effector().map(CentralEffector::delays).orElse(DelayStats.NONE);
    }

    @Override
    public String getDomain() {
        return source.engine().domain().map(d -> d.name()).orElse("");
    }

    @Override
    public String[] getNodes() {
        return RaceMBeans.array(source.engine().nodes().stream().map(NodeState::name).toList());
    }

    @Override
    public String[] getApplications() {
        return RaceMBeans.array(source.engine().applications().stream().map(DeploymentPlan::name).toList());
    }

    @Override
    public String[] getApplicationsBeyondDeadline() {
        return RaceMBeans.array(source.engine().bounds().map(r -> r.applications().stream().filter(b -> !b.schedulable()).map(ApplicationBound::name)
                .toList()).orElse(List.of()));
    }

    @Override
    public String getPlatform() {
        return source.clock().map(c -> c.getKey().get(RoleProperties.PLATFORM)).map(String::valueOf).orElse("");
    }

    @Override
    public long getTimeMs() {
        return source.clock().map(c -> c.getValue().nowMillis()).orElse(0L);
    }

    @Override
    public String[] getAllocators() {
        return RaceMBeans.array(source.engine().allocators());
    }

    @Override
    public String getDefaultAllocator() {
        return source.engine().defaultAllocator();
    }

    @Override
    public String[] getControllers() {
        return RaceMBeans.array(source.loop().map(AdaptationLoop::controllers).orElse(List.of()));
    }

    @Override
    public String getActiveController() {
        return source.loop().flatMap(AdaptationLoop::activeController).orElse("none");
    }

    @Override
    public String getChosenController() {
        return source.loop().map(AdaptationLoop::chosenController).orElse("");
    }

    @Override
    public String getLastDecision() {
        return source.loop().flatMap(AdaptationLoop::lastDecision)
                .map(d -> d.controller() + ": " + d.adjustments().size() + " adjustments (" + d.reason() + ")").orElse("");
    }

    @Override
    public int getLastDecisionAdjustments() {
        return source.loop().flatMap(AdaptationLoop::lastDecision).map(AdaptationDecision::adjustments).map(List::size).orElse(0);
    }

    @Override
    public long getSnapshotTimeMs() {
        return source.snapshot().map(SystemSnapshot::timeMs).orElse(-1L);
    }

    @Override
    public String[] getStaleNodes() {
        return RaceMBeans.array(source.snapshot().map(SystemSnapshot::staleNodes).orElse(List.of()));
    }

    @Override
    public int getMonitoringDelaySamples() {
        return monitoring().samples();
    }

    @Override
    public double getMonitoringDelayLastMs() {
        return monitoring().lastMs();
    }

    @Override
    public double getMonitoringDelayMedianMs() {
        return monitoring().medianMs();
    }

    @Override
    public double getMonitoringDelayP99Ms() {
        return monitoring().p99Ms();
    }

    @Override
    public double getMonitoringDelayMaxMs() {
        return monitoring().maxMs();
    }

    @Override
    public int getActuationDelaySamples() {
        return actuation().samples();
    }

    @Override
    public double getActuationDelayLastMs() {
        return actuation().lastMs();
    }

    @Override
    public double getActuationDelayMedianMs() {
        return actuation().medianMs();
    }

    @Override
    public double getActuationDelayP99Ms() {
        return actuation().p99Ms();
    }

    @Override
    public double getActuationDelayMaxMs() {
        return actuation().maxMs();
    }

    @Override
    public String[] getEvents() {
        List<String> all = source.engine().events();
        return RaceMBeans.array(all.subList(Math.max(0, all.size() - EVENTS), all.size()));
    }
}
