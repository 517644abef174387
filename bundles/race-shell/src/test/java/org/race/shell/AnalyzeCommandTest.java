package org.race.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.race.api.analysis.AnalysisResult;
import org.race.api.analysis.ApplicationBound;
import org.race.api.analysis.ComponentResponse;
import org.race.api.analysis.Interference;

/** race:analyze's two outputs. */
class AnalyzeCommandTest {
    private static AnalysisResult result() {
        return new AnalysisResult(false, List.of(
                new ApplicationBound("attitude", 50.0, 100, true, List.of("ctl"), "q1", List.of(), List.of(new ComponentResponse("ctl", "q1", 0, 50, 50.0))),
                new ApplicationBound("beacon", 170.0, 150, false, List.of("tx"), "q1", List.of(new Interference("attitude", "ctl", 2, 50)),
                        List.of(new ComponentResponse("tx", "q1", 0, 70, 170.0))),
                new ApplicationBound("hog", null, 10, false, List.of("h"), "q2", List.of(), List.of(new ComponentResponse("h", "q2", 0, 12, null)))));
    }

    @Test
    void jsonHasTheDocumentedShape() {
        assertEquals("{\"schedulable\":false,\"applications\":["
                + "{\"name\":\"attitude\",\"boundMs\":50.0,\"deadlineMs\":100.0,\"schedulable\":true,\"components\":[{\"name\":\"ctl\",\"node\":\"q1\",\"priority\":0,\"wcetMs\":50.0,\"responseMs\":50.0}]},"
                + "{\"name\":\"beacon\",\"boundMs\":170.0,\"deadlineMs\":150.0,\"schedulable\":false,\"components\":[{\"name\":\"tx\",\"node\":\"q1\",\"priority\":0,\"wcetMs\":70.0,\"responseMs\":170.0}]},"
                + "{\"name\":\"hog\",\"boundMs\":null,\"deadlineMs\":10.0,\"schedulable\":false,\"components\":[{\"name\":\"h\",\"node\":\"q2\",\"priority\":0,\"wcetMs\":12.0,\"responseMs\":null}]}]}",
                AnalyzeCommand.json(result()));
    }

    @Test
    void textGivesTheVerdictAndWhy() {
        String t = AnalyzeCommand.text(result());
        assertTrue(t.contains("beacon: bound 170 ms, deadline 150 ms: NOT schedulable (beacon: worst-case 170 ms > deadline 150 ms on q1 (path tx; interference attitude/ctl 2 x 50 ms))"), t);
        assertTrue(t.contains("attitude: bound 50 ms, deadline 100 ms: schedulable"), t);
        assertTrue(t.contains("hog: bound unbounded"), t);
        assertTrue(t.endsWith("NOT schedulable\n"), t);
    }
}
