package org.race.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.race.api.AdaptationLoop;
import org.race.api.CentralMonitor;
import org.race.api.model.AdaptationDecision;
import org.race.api.model.Adjustment;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Node;
import org.race.api.model.NodeState;
import org.race.api.model.Resources;
import org.race.api.monitoring.ApplicationQos;
import org.race.api.monitoring.DelayStats;
import org.race.api.monitoring.SystemSnapshot;

class RecorderTest {
    /** A CentralMonitor whose latest snapshot the test sets. */
    static final class Snapshots implements CentralMonitor {
        SystemSnapshot latest;

        public SystemSnapshot collect() {
            return latest;
        }

        public Optional<SystemSnapshot> latest() {
            return Optional.ofNullable(latest);
        }

        public DelayStats delays() {
            return DelayStats.NONE;
        }
    }

    /** An AdaptationLoop whose active controller and last decision the test sets. */
    static final class Loop implements AdaptationLoop {
        String active;
        AdaptationDecision last;

        public List<String> controllers() {
            return List.of("fmuf", "eucon");
        }

        public Optional<String> activeController() {
            return Optional.ofNullable(active);
        }

        public String chosenController() {
            return "";
        }

        public Optional<AdaptationDecision> lastDecision() {
            return Optional.ofNullable(last);
        }

        public void choose(String controller) {
            active = controller;
        }
    }

    @Test
    void everySnapshotSeenIsOneChartPointAndChangesAreLogged() {
        Recorder r = new Recorder();
        Snapshots m = new Snapshots();
        Loop l = new Loop();
        l.active = "fmuf";
        DeploymentPlan a = ChangesTest.plan("a", 100, Map.of("x", "sc1"), "low");
        List<NodeState> nodes = List.of(new NodeState(new Node("sc1", new Resources(1, 512, 10)), Resources.ZERO, true));

        r.lookAt(List.of(), List.of(), nodes, m, l);
        r.lookAt(List.of(a), List.of(), nodes, m, l);
        m.latest = snapshot(1000, 9, 1, List.of());
        r.lookAt(List.of(a), List.of(), nodes, m, l);
        r.lookAt(List.of(a), List.of(), nodes, m, l); // the same snapshot again: no second point
        m.latest = snapshot(2000, 10, 0, List.of("sc1"));
        l.last = new AdaptationDecision("fmuf", List.of(new Adjustment("a", null, Adjustment.Kind.PRIORITY_CLASS, 0, "high")), "promoted a");
        l.active = "eucon";
        r.lookAt(List.of(a), List.of("node sc1 not answering: 3 calls timed out after 2000 ms; treated as failed"), nodes, m, l);

        List<Recorder.Point> pts = r.points("a", Long.MIN_VALUE);
        assertEquals(List.of(1000L, 2000L), pts.stream().map(Recorder.Point::timeMs).toList());
        assertEquals(0.1, pts.get(0).missRatio(), 1e-12);
        assertEquals(List.of(2000L), r.points("a", 1000).stream().map(Recorder.Point::timeMs).toList());

        List<String> kinds = r.events(0).stream().map(Recorder.Event::kind).toList();
        assertEquals(List.of("deploy", "adaptation", "controller", "failure", "node"), kinds);
        assertEquals("node sc1 stale", r.events(0).get(4).text());
        assertEquals(List.of("node"), r.events(4).stream().map(Recorder.Event::kind).toList());

        List<NodeState> gone = List.of(new NodeState(new Node("sc1", new Resources(1, 512, 10)), Resources.ZERO, false));
        r.lookAt(List.of(), List.of(), gone, m, l);
        assertEquals(List.of("undeploy", "node"), r.events(5).stream().map(Recorder.Event::kind).toList());
        assertEquals("node sc1 lost", r.events(6).get(0).text());
        assertEquals(List.of(), r.points("a", Long.MIN_VALUE), "an undeployed application's chart goes with it");
    }

    /** After a restart of the central the engine's events come back from the state file: the log starts with them, once. */
    @Test
    void theEnginesEventsAtStartAreItsHistory() {
        Recorder r = new Recorder();
        List<String> history = List.of("node sc2 lost; re-allocating [a]", "a (medium) re-allocated by firstfit: x sc2 -> sc1");
        r.startFrom(history);
        assertEquals(history, r.events(0).stream().map(Recorder.Event::text).toList());
        assertEquals("failure", r.events(0).get(0).kind());
        r.lookAt(List.of(), history, List.of(), new Snapshots(), null);
        assertEquals(2, r.events(0).size(), "not news the second time");
    }

    private static SystemSnapshot snapshot(long timeMs, long met, long missed, List<String> stale) {
        return new SystemSnapshot(timeMs, List.of(), Map.of("a", new ApplicationQos("a", met, missed, met, 20, 30)), stale, 1000);
    }
}
