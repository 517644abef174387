package org.race.monitor.events;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.race.api.CentralMonitor;
import org.race.api.Clock;
import org.race.api.Engine;
import org.race.api.QosEvents;
import org.race.api.model.DeploymentPlan;
import org.race.api.monitoring.ApplicationQos;
import org.race.api.monitoring.NodeSample;
import org.race.api.monitoring.SystemSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitors' side of Dionisys' event channels: every new snapshot of the CentralMonitor becomes
 * events on OSGi Event Admin, posted asynchronously so that handlers run beside the control loop,
 * not inside it (as Dionisys' handlers run from their service manager's queue). It reads
 * {@link CentralMonitor#latest()} and never collects itself: a collect would end the control
 * loop's sampling window.
 */
@Component(immediate = true, configurationPid = "race.events")
@Designate(ocd = QosEventPublisher.Config.class)
public class QosEventPublisher {
    @ObjectClassDefinition(name = "RACE QoS event channels")
    public @interface Config {
        @AttributeDefinition(description = "How often to look for a new snapshot, ms of platform time")
        long period() default 250;
    }

    private static final Logger LOG = LoggerFactory.getLogger(QosEventPublisher.class);

    @Reference
    Clock clock;

    @Reference
    CentralMonitor monitor;

    @Reference
    Engine engine;

    @Reference
    EventAdmin events;

    private AutoCloseable schedule;
    private long published = Long.MIN_VALUE;

    @Activate
    void activate(Config config) {
        long period = config.period() > 0 ? config.period() : 250;
        if (config.period() <= 0) LOG.error("race.events: period must be > 0, got {}; using 250 ms", config.period());
        schedule = clock.schedule(period, this::publishLatest);
    }

    @Deactivate
    void deactivate() throws Exception {
        schedule.close();
    }

    synchronized void publishLatest() {
        try {
            monitor.latest().filter(s -> s.timeMs() > published).ifPresent(s -> {
                published = s.timeMs();
                Map<String, Double> deadlines = new HashMap<>();
                for (DeploymentPlan p : engine.applications()) deadlines.put(p.name(), p.application().deadlineMs());
                events(s, deadlines).forEach(events::postEvent);
            });
        } catch (RuntimeException e) {
            LOG.error("publishing QoS events failed", e);
        }
    }

    /** The events of one snapshot: per application its window (and a deadline_missed), per node and resource its utilization. */
    static List<Event> events(SystemSnapshot s, Map<String, Double> deadlines) {
        List<Event> out = new ArrayList<>();
        for (ApplicationQos q : s.applications().values()) {
            Map<String, Object> p = new HashMap<>();
            p.put(QosEvents.APPLICATION, q.application());
            p.put(QosEvents.TIME, s.timeMs());
            p.put(QosEvents.MET, q.met());
            p.put(QosEvents.MISSED, q.missed());
            p.put(QosEvents.MISS_RATIO, q.missRatio());
            p.put(QosEvents.MEAN_LATENCY, q.meanLatencyMs());
            p.put(QosEvents.MAX_LATENCY, q.maxLatencyMs());
            Double deadline = deadlines.get(q.application());
            if (deadline != null) p.put(QosEvents.DEADLINE, deadline);
            out.add(new Event(QosEvents.qosTopic(q.application(), QosEvents.WINDOW), p));
            if (q.missed() > 0) out.add(new Event(QosEvents.qosTopic(q.application(), QosEvents.DEADLINE_MISSED), p));
        }
        for (NodeSample n : s.nodes()) {
            for (Map.Entry<String, Double> u : n.utilization().entrySet()) {
                out.add(new Event(QosEvents.resourceTopic(n.node(), u.getKey()),
                        Map.of(QosEvents.NODE, n.node(), QosEvents.TIME, s.timeMs(), QosEvents.UTILIZATION, u.getValue())));
            }
        }
        return out;
    }
}
