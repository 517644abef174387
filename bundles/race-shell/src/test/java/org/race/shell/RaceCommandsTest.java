package org.race.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.race.api.analysis.AnalysisResult;
import org.race.api.analysis.ApplicationBound;
import org.race.api.analysis.ComponentResponse;
import org.race.api.analysis.Interference;
import org.race.api.model.Application;
import org.race.api.model.Component;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Importance;
import org.race.api.model.Placement;
import org.race.api.model.Resources;
import org.race.api.monitoring.ApplicationQos;

/** What race:apps -v and race:status add from the analysis of the deployed applications. */
class RaceCommandsTest {
    private static final ApplicationBound ATTITUDE = new ApplicationBound("attitude", 55.0, 100, true, List.of("ctl"), "q1", List.of(),
            List.of(new ComponentResponse("ctl", "q1", 3, 55, 55.0))),
            BEACON = new ApplicationBound("beacon", 187.0, 150, false, List.of("tx"), "q1", List.of(new Interference("attitude", "ctl", 2, 55)),
                    List.of(new ComponentResponse("tx", "q1", 2, 77, 187.0)));

    @Test
    void statusFlagsOnlyTheApplicationsBeyondTheirDeadline() {
        String flags = RaceCommands.flags(Optional.of(new AnalysisResult(false, List.of(ATTITUDE, BEACON))));
        assertEquals("beyond the deadline at the periods in force (run-time changes are not admitted again):\n"
                + "  beacon: worst-case 187 ms > deadline 150 ms on q1 (path tx; interference attitude/ctl 2 x 55 ms)\n", flags);
        assertEquals("", RaceCommands.flags(Optional.of(new AnalysisResult(true, List.of(ATTITUDE)))));
        assertEquals("", RaceCommands.flags(Optional.empty()), "no analysis installed: nothing to flag");
    }

    @Test
    void verboseAppsShowTheBoundBesideTheMeasuredLatencyAndPerComponentResponses() {
        assertEquals("bound 187 ms, deadline 150 ms: NOT schedulable (beacon: worst-case 187 ms > deadline 150 ms on q1 (path tx; "
                + "interference attitude/ctl 2 x 55 ms))", AnalyzeCommand.verdict(BEACON));
        assertEquals("measured latency max 52.5 ms, mean 50.25 ms in the last window",
                RaceCommands.measuredLatency(new ApplicationQos("attitude", 10, 0, 10, 50.25, 52.5)));
        assertEquals("no latency measured yet", RaceCommands.measuredLatency(ApplicationQos.empty("attitude")));

        Application a = new Application("attitude", Importance.HIGH, "normal", 100, 100, null,
                List.of(new Component("ctl", "t", new Resources(0.5, 16, 0), 50, null)), List.of());
        DeploymentPlan plan = new DeploymentPlan(a, new Placement("firstfit", Map.of("ctl", "q1")), Map.of());
        List<String> lines = RaceCommands.components(plan, ATTITUDE, "").lines().toList();
        assertTrue(lines.get(0).endsWith("wcet ms  response ms"), lines.get(0));
        assertTrue(lines.get(1).startsWith("ctl") && lines.get(1).endsWith("55       55"), lines.get(1));
        assertTrue(!RaceCommands.components(plan, "").contains("wcet"), "race:deploy's table stays as it was");
    }
}
