package org.race.dashboard;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.race.api.AdaptationLoop;
import org.race.api.CentralMonitor;
import org.race.api.Clock;
import org.race.api.Engine;
import org.race.api.model.AdaptationDecision;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.NodeState;
import org.race.api.monitoring.ApplicationQos;
import org.race.api.monitoring.SystemSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what the dashboard shows over time: per application a chart point for every snapshot the
 * CentralMonitor assembled (miss ratio and latency of its window), and the event log: deployments,
 * undeployments, moves, rate and priority class changes, controller decisions and switches, the
 * engine's own events (shrinks, expansions, failures, re-allocations) and nodes going stale, lost or
 * coming back. It looks every {@value #LOOK_MS} ms of wall time, so it sees every sampling period
 * that lasts longer than that (on the jvm platform and the interactive sim, 1 s by default); when
 * the sim runs faster than the wall clock (batch mode, race:mms) it charts the periods it sees.
 */
@Component(service = Recorder.class, immediate = true)
public class Recorder {
    /** A chart point: one sampling window of one application. */
    record Point(long timeMs, double missRatio, double latencyMeanMs, double latencyMaxMs, long met, long missed) {
    }

    /** One event log entry: sequence number, wall time (ms since the epoch), platform time (ms; null before any), kind and text. */
    record Event(long seq, long wallMillis, Long timeMs, String kind, String text) {
    }

    static final long LOOK_MS = 200;
    static final int POINTS = 600;
    static final int EVENTS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);

    @Reference
    Engine engine;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile CentralMonitor monitor;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile AdaptationLoop loop;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Clock clock;

    private final Map<String, ArrayDeque<Point>> series = new HashMap<>();
    private final ArrayDeque<Event> events = new ArrayDeque<>();
    private long seq;
    private long lastSnapshotMs = Long.MIN_VALUE;
    private Map<String, DeploymentPlan> plans = Map.of();
    private List<String> engineEvents = List.of();
    private AdaptationDecision decision;
    private Optional<String> active;
    private Map<String, String> nodeStates = Map.of();
    /** Nodes seen up since the dashboard started: one that is not up now was lost, the others are down. */
    private final Set<String> seenUp = new HashSet<>();
    private ScheduledExecutorService looker;

    @Activate
    void activate() {
        // what is there already is the starting point, not news; but the engine's own events are its
        // history (kept with the state file across a restart of the central), so the log starts with them
        synchronized (this) {
            plans = byName(engine.applications());
            startFrom(engine.events());
            engine.nodes().stream().filter(NodeState::up).forEach(n -> seenUp.add(n.name()));
            AdaptationLoop l = loop;
            if (l != null) {
                decision = l.lastDecision().orElse(null);
                active = l.activeController();
            }
        }
        looker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "race-dashboard-recorder");
            t.setDaemon(true);
            return t;
        });
        looker.scheduleWithFixedDelay(this::look, 0, LOOK_MS, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        looker.shutdownNow();
    }

    /** One look at RACE; a failure is logged and the next look goes on. */
    void look() {
        try {
            lookAt(engine.applications(), engine.events(), engine.nodes(), monitor, loop);
        } catch (RuntimeException e) {
            LOG.warn("dashboard: cannot read RACE's state", e);
        }
    }

    synchronized void lookAt(List<DeploymentPlan> deployed, List<String> newEngineEvents, List<NodeState> nodes, CentralMonitor m,
            AdaptationLoop l) {
        // a controller's decision first, then what it changed
        if (l != null) {
            AdaptationDecision d = l.lastDecision().orElse(null);
            if (d != null && d != decision && !d.isEmpty()) add("adaptation", Changes.decision(d));
            decision = d;
            Optional<String> a = l.activeController();
            if (active != null && !a.equals(active)) add("controller", "controller now " + a.orElse("none (monitoring only)"));
            active = a;
        }
        Map<String, DeploymentPlan> now = byName(deployed);
        for (Changes.Change c : Changes.plans(plans, now)) add(c.kind(), c.text());
        for (String gone : plans.keySet()) {
            if (!now.containsKey(gone)) series.remove(gone);
        }
        plans = now;
        for (String e : Changes.appended(engineEvents, newEngineEvents)) add(Changes.kindOf(e), e);
        engineEvents = newEngineEvents;

        SystemSnapshot s = m == null ? null : m.latest().orElse(null);
        if (s != null && s.timeMs() != lastSnapshotMs) {
            lastSnapshotMs = s.timeMs();
            for (String app : now.keySet()) {
                ApplicationQos q = s.applications().get(app);
                if (q == null) continue;
                ArrayDeque<Point> pts = series.computeIfAbsent(app, k -> new ArrayDeque<>());
                if (pts.size() == POINTS) pts.removeFirst();
                pts.addLast(new Point(s.timeMs(), q.missRatio(), q.meanLatencyMs(), q.maxLatencyMs(), q.met(), q.missed()));
            }
        }
        Map<String, String> states = new LinkedHashMap<>();
        List<String> stale = s == null ? List.of() : s.staleNodes();
        for (NodeState n : nodes) {
            states.put(n.name(), Views.state(n, stale, seenUp));
            if (n.up()) seenUp.add(n.name());
        }
        states.forEach((node, state) -> {
            String was = nodeStates.get(node); // a node seen for the first time is not news
            if (was != null && !was.equals(state)) add("node", "node " + node + (state.equals("up") ? " up again" : " " + state));
        });
        nodeStates = states;
    }

    /**
     * The engine's events when the dashboard starts, oldest first, as the first entries of the log. Chart
     * points are not kept: they are sampling windows of the platform's time, which starts again at zero
     * with the container.
     */
    synchronized void startFrom(List<String> history) {
        for (String e : history) add(Changes.kindOf(e), e);
        engineEvents = history;
    }

    private void add(String kind, String text) {
        if (events.size() == EVENTS) events.removeFirst();
        Clock c = clock;
        events.addLast(new Event(++seq, System.currentTimeMillis(), c == null ? null : c.nowMillis(), kind, text));
    }

    /** Chart points of {@code application} after platform time {@code sinceMs}, oldest first. */
    synchronized List<Point> points(String application, long sinceMs) {
        ArrayDeque<Point> pts = series.get(application);
        if (pts == null) return List.of();
        List<Point> out = new ArrayList<>();
        for (Point p : pts) {
            if (p.timeMs() > sinceMs) out.add(p);
        }
        return out;
    }

    synchronized Set<String> seenUp() {
        return Set.copyOf(seenUp);
    }

    /** Events after sequence number {@code sinceSeq}, oldest first. */
    synchronized List<Event> events(long sinceSeq) {
        return events.stream().filter(e -> e.seq() > sinceSeq).toList();
    }

    private static Map<String, DeploymentPlan> byName(List<DeploymentPlan> plans) {
        Map<String, DeploymentPlan> out = new TreeMap<>();
        plans.forEach(p -> out.put(Objects.requireNonNull(p.name()), p));
        return out;
    }
}
