package org.race.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.race.api.analysis.AnalysisResult;
import org.race.api.analysis.ApplicationBound;
import org.race.api.model.Domain;

/** The analysis against task sets whose worst-case response times are published. */
class PublishedExamplesTest {
    private static double bound(AnalysisResult r, String app) {
        return r.application(app).orElseThrow().boundMs();
    }

    /** Burns and Wellings, Real-Time Systems and Programming Languages, response-time analysis example: R = 3, 6, 20. */
    @Test
    void burnsAndWellingsRateMonotonic() {
        Domain d = Systems.domain(0, "cpu");
        AnalysisResult r = Systems.exact().analyze(List.of(
                Systems.chain("a", 7, 7, "cpu:3:3"),
                Systems.chain("b", 12, 12, "cpu:2:3"),
                Systems.chain("c", 20, 20, "cpu:1:5")), d);
        assertEquals(3, bound(r, "a"), 1e-9);
        assertEquals(6, bound(r, "b"), 1e-9);
        assertEquals(20, bound(r, "c"), 1e-9);
        assertTrue(r.schedulable());
    }

    /**
     * Deadlines beyond the period (Tindell, Burns and Wellings 1994; Burns and Wellings, arbitrary deadlines):
     * C=26 T=70 above C=62 T=100: the worst response of the low task is its fifth job's, 118, not the first's 114.
     */
    @Test
    void arbitraryDeadlinesTakeTheWholeBusyPeriod() {
        Domain d = Systems.domain(0, "cpu");
        AnalysisResult r = Systems.exact().analyze(List.of(
                Systems.chain("hi", 70, 70, "cpu:2:26"),
                Systems.chain("lo", 100, 120, "cpu:1:62")), d);
        assertEquals(26, bound(r, "hi"), 1e-9);
        assertEquals(118, bound(r, "lo"), 1e-9);
        assertTrue(r.schedulable());
    }

    /** MAST examples/lehoczky_example_3 (Lehoczky 1990), stored holistic result patterns/lehoczky_example_3_ho: 52 and 156. */
    @Test
    void mastLehoczkyExample3() {
        Domain d = Systems.domain(0, "processor_1");
        AnalysisResult r = Systems.exact().analyze(List.of(
                Systems.chain("c1", 100, 110, "processor_1:415:52"),
                Systems.chain("c2", 140, 154, "processor_1:412:52")), d);
        assertEquals(52, bound(r, "c1"), 1e-9);
        assertEquals(156, bound(r, "c2"), 1e-9);
        assertFalse(r.application("c2").orElseThrow().schedulable());
    }

    /**
     * MAST examples/rtss_98 (Palencia and Gonzalez Harbour, RTSS 1998): a linear transaction across two
     * processors and a serial line, against the stored holistic results patterns/rtss_98_ho: t_2's events
     * at 66, 125, 145, 204 and 270, t_4 at 140, t_1 at 4, t_3 at 5. The serial line is a node here whose
     * components are the messages; links add nothing. MAST's holistic analysis treats a transaction's steps as
     * independent jobs, so the comparison is with precedence off.
     */
    @Test
    void mastRtss98Holistic() {
        AnalysisResult r = new ResponseTimeAnalysis(0, false).analyze(rtss98(), Systems.domain(0, "cpu_1", "cpu_2", "serial_line"));
        ApplicationBound t2 = r.application("t_2").orElseThrow();
        double[] expected = { 66, 125, 145, 204, 270 };
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], t2.components().get(i).responseMs(), 1e-9, "t_2 step " + (i + 1));
        assertEquals(270, t2.boundMs(), 1e-9);
        assertFalse(t2.schedulable(), "MAST: t_2 slack -5.47 %");
        assertEquals(4, bound(r, "t_1"), 1e-9);
        assertEquals(5, bound(r, "t_3"), 1e-9);
        assertEquals(140, bound(r, "t_4"), 1e-9);
        assertEquals(List.of("t_2_1", "t_2_2", "t_2_3", "t_2_4", "t_2_5"), t2.criticalPath());
    }

    private static List<org.race.api.model.DeploymentPlan> rtss98() {
        return List.of(
                Systems.chain("t_1", 20, 20, "cpu_1:30:4"),
                Systems.chain("t_2", 250, 250, "cpu_1:10:20", "serial_line:10:25", "cpu_2:20:15", "serial_line:10:34", "cpu_1:10:30"),
                Systems.chain("t_3", 30, 30, "cpu_2:30:5"),
                Systems.chain("t_4", 200, 200, "cpu_2:10:100"));
    }

    /**
     * With precedence (the default): t_2's first and last steps share cpu_1 and never wait for each other while
     * its iterations do not overlap, which the result confirms (bound within the period); never above MAST's.
     */
    @Test
    void precedenceTightensRtss98() {
        AnalysisResult r = Systems.exact().analyze(rtss98(), Systems.domain(0, "cpu_1", "cpu_2", "serial_line"));
        ApplicationBound t2 = r.application("t_2").orElseThrow();
        double[] mast = { 66, 125, 145, 204, 270 };
        for (int i = 0; i < mast.length; i++) assertTrue(t2.components().get(i).responseMs() <= mast[i], "t_2 step " + (i + 1));
        assertEquals(List.of(28.0, 53.0, 73.0, 107.0, 145.0), t2.components().stream().map(c -> c.responseMs()).toList());
        assertTrue(t2.schedulable());
    }

    @Test
    void overloadedNodeIsUnbounded() {
        Domain d = Systems.domain(0, "cpu");
        AnalysisResult r = Systems.exact().analyze(List.of(
                Systems.chain("a", 10, 10, "cpu:2:6"),
                Systems.chain("b", 10, 10, "cpu:1:5")), d);
        assertNull(r.application("b").orElseThrow().boundMs());
        assertFalse(r.schedulable());
        assertTrue(r.application("b").orElseThrow().explain().contains("unbounded"), r.application("b").orElseThrow().explain());
    }

    /** The reproduction: 50/100 above 70/150 on one node of cpu 1: 50 + 70 + 50 = 170 > 150, nominal. */
    @Test
    void twoMediumApplicationsOnOneNode() {
        Domain d = Systems.domain(0, "q1");
        AnalysisResult r = Systems.exact().analyze(List.of(
                Systems.chain("attitude", 100, 100, "q1:0:50"),
                Systems.chain("beacon", 150, 150, "q1:0:70")), d);
        ApplicationBound beacon = r.application("beacon").orElseThrow();
        assertEquals(170, beacon.boundMs(), 1e-9);
        assertEquals("beacon: worst-case 170 ms > deadline 150 ms on q1 (path beacon; interference attitude/attitude 2 x 50 ms)", beacon.explain());
    }

    /** With the sim's 10 % variation the worst case grows with it, and link latency joins a chain across nodes. */
    @Test
    void variationAndLinksJoinTheBound() {
        Domain d = Systems.domain(2, "n1", "n2");
        AnalysisResult r = new ResponseTimeAnalysis(0.1).analyze(List.of(
                Systems.chain("c", 100, 100, "n1:0:10", "n2:0:20")), d);
        assertEquals(11 + 2 + 22, bound(r, "c"), 1e-9);
    }
}
