package org.race.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.race.api.model.AdaptationDecision;
import org.race.api.model.Adjustment;
import org.race.api.model.Application;
import org.race.api.model.Component;
import org.race.api.model.ComponentSettings;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Importance;
import org.race.api.model.Placement;
import org.race.api.model.Resources;

class ChangesTest {
    @Test
    void newEngineEventsAreWhatFollowsTheOldOnesThatAreLeft() {
        assertEquals(List.of("a", "b"), Changes.appended(List.of(), List.of("a", "b")));
        assertEquals(List.of("c"), Changes.appended(List.of("a", "b"), List.of("a", "b", "c")));
        assertEquals(List.of(), Changes.appended(List.of("a", "b"), List.of("a", "b")));
        // bounded list: the oldest dropped as new ones came
        assertEquals(List.of("d", "e"), Changes.appended(List.of("a", "b", "c"), List.of("c", "d", "e")));
        // a repeated text is new when it is appended again
        assertEquals(List.of("x"), Changes.appended(List.of("x"), List.of("x", "x")));
        // nothing in common: all are new
        assertEquals(List.of("p", "q"), Changes.appended(List.of("a"), List.of("p", "q")));
    }

    @Test
    void engineEventsAreSortedByWhatTheySay() {
        assertEquals("shrink", Changes.kindOf("shrank lo1 (low): 10 -> 6.25 Hz to admit hi (high)"));
        assertEquals("expand", Changes.kindOf("expanded lo1 (low): 6.25 -> 10 Hz after hi left"));
        assertEquals("failure", Changes.kindOf("node sc1 lost; re-allocating [probe]"));
        assertEquals("failed-jobs", Changes.kindOf("failed jobs: 3 of component mid of echoes on n1 (type echo), last java.lang.IllegalStateException: boom"));
        assertEquals("failure", Changes.kindOf("node sc1 not answering: 3 calls timed out after 2000 ms; treated as failed"));
        assertEquals("move", Changes.kindOf("probe (medium) re-allocated by firstfit: work sc1 -> sc2"));
        assertEquals("move", Changes.kindOf("probe (medium) shed: fits on no node"));
        assertEquals("engine", Changes.kindOf("node sc1 answers again and runs nothing placed elsewhere: in use again"));
    }

    @Test
    void planChangesSayWhatWasDeployedMovedRatedAndReclassed() {
        DeploymentPlan a = plan("a", 100, Map.of("x", "sc1", "y", "sc2"), "low");
        DeploymentPlan b = plan("b", 50, Map.of("z", "sc1"), null);
        assertEquals(List.of(new Changes.Change("deploy", "deployed a (medium, 10 Hz) by firstfit on sc1, sc2")),
                Changes.plans(Map.of(), Map.of("a", a)));
        assertEquals(List.of(new Changes.Change("undeploy", "undeployed b")), Changes.plans(Map.of("a", a, "b", b), Map.of("a", a)));

        DeploymentPlan changed = plan("a", 80, Map.of("x", "sc3", "y", "sc2"), "high");
        assertEquals(List.of(new Changes.Change("move", "a moved: x sc1 -> sc3"),
                new Changes.Change("rate", "a rate 10 -> 12.5 Hz (period 100 -> 80 ms)"),
                new Changes.Change("priority", "a priority class low -> high")), Changes.plans(Map.of("a", a), Map.of("a", changed)));
        assertEquals(List.of(), Changes.plans(Map.of("a", a), Map.of("a", a)));
    }

    @Test
    void aDecisionIsItsControllerReasonAndChanges() {
        AdaptationDecision d = new AdaptationDecision("fmuf", List.of(new Adjustment("s2", null, Adjustment.Kind.PRIORITY_CLASS, 0, "high"),
                new Adjustment("s2", "a", Adjustment.Kind.PRIORITY, 40, null)), "promoted s2");
        assertEquals("fmuf: promoted s2 (2 changes: s2 class high, s2/a priority 40)", Changes.decision(d));
        AdaptationDecision e = new AdaptationDecision("eucon", List.of(new Adjustment("g", null, Adjustment.Kind.PERIOD, 62.5, null)), "cpu");
        assertEquals("eucon: cpu (1 change: g period 62.5 ms)", Changes.decision(e));
    }

    static DeploymentPlan plan(String name, double periodMs, Map<String, String> nodeOf, String priorityClass) {
        List<Component> cs = nodeOf.keySet().stream().sorted()
                .map(c -> new Component(c, c, new Resources(0.1, 10, 0), 10, null)).toList();
        Application app = new Application(name, Importance.MEDIUM, null, periodMs, periodMs, null, cs, List.of());
        Map<String, ComponentSettings> settings = new TreeMap<>();
        for (Component c : cs) settings.put(c.name(), ComponentSettings.NONE.withPriorityClass(priorityClass));
        return new DeploymentPlan(app, new Placement("firstfit", nodeOf), settings);
    }
}
