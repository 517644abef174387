package org.race.monitor.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.race.api.model.Application;
import org.race.api.model.Component;
import org.race.api.model.Connection;
import org.race.api.model.Domain;
import org.race.api.model.Importance;
import org.race.api.model.Node;
import org.race.api.model.Resources;

class MeasuredCostModelTest {
    private static final double EPS = 1e-9;
    /** Typical: send 1, receive 2, context switch 0.5, 0.1 µs per KB; p99: ten times that; release jitter 100 µs. */
    private static final MeasuredCostModel.Overheads TYPICAL = new MeasuredCostModel.Overheads(1, 2, 0.5, 0.1), WORST = new MeasuredCostModel.Overheads(10, 20, 5, 1);
    private final MeasuredCostModel model = new MeasuredCostModel(TYPICAL, WORST, 100, true, "2026-11-26T16:00:00Z");
    private final Domain domain = new Domain("d", List.of(new Node("n1", new Resources(1, 512, 10)), new Node("n2", new Resources(2, 512, 10))), 1);

    /** a -> b -> c, 1 ms of work each, 8 Mbit/s per connection: one message is 8 Mbit/s x 10 ms = 9.765625 KB. */
    private static Application chain(double deadlineMs) {
        List<Component> cs = List.of("a", "b", "c").stream().map(n -> new Component(n, "t", new Resources(0.1, 16, 0), 1, null)).toList();
        return new Application("chain", Importance.MEDIUM, "m", 10, deadlineMs, null, cs, List.of(new Connection("a", "b", 8), new Connection("b", "c", 8)));
    }

    @Test
    void everyJobIsChargedItsWakeUpAndEachSendWithItsBytesTypicallyToCpu() {
        Application app = chain(10);
        assertEquals((20 + 5 + 10 + 9.765625) / 1000, MeasuredCostModel.jobMs(WORST, MeasuredCostModel.outgoing(app).get("a"), app.periodMs()), EPS);
        assertEquals((20 + 5) / 1000.0, MeasuredCostModel.jobMs(WORST, MeasuredCostModel.outgoing(app).get("c"), app.periodMs()), EPS);
        double sender = 2 + 0.5 + 1 + 0.9765625, sink = 2 + 0.5;
        Application charged = model.charge(app);
        assertEquals(0.1 + sender / 1000 / 10, charged.component("a").orElseThrow().demand().cpu(), EPS);
        assertEquals(0.1 + sink / 1000 / 10, charged.component("c").orElseThrow().demand().cpu(), EPS);
        assertEquals(16, charged.component("a").orElseThrow().demand().memory(), EPS, "only cpu is charged");
        assertEquals(app.connections(), charged.connections());
        assertEquals(app.periodMs(), charged.periodMs(), EPS);
    }

    @Test
    void theLongestPathWithOverheadsAndJitterIsHeldAgainstTheDeadline() {
        Map<String, String> together = Map.of("a", "n1", "b", "n1", "c", "n1");
        // 3 ms of work + 2 x 44.765625 + 25 µs of overheads at p99 + 100 µs jitter = 3.214531 ms
        assertNull(model.deadlineShortfall(chain(3.3), together, domain));
        String late = model.deadlineShortfall(chain(3.1), together, domain);
        assertTrue(late != null && late.contains("deadline of 3.1 ms") && late.contains("a -> b -> c") && late.contains("3.215")
                && late.contains("race.costmodel"), late);
    }

    @Test
    void aNodeWithMoreCpuRunsTheWorkFasterAndALinkAddsLatencyPlusTransmission() {
        // b on n2 (cpu 2): 0.5 ms of work; a -> b and b -> c cross: 2 x (1 ms + 0.08 Mbit / 10 Mbit/s = 8 ms)
        String late = model.deadlineShortfall(chain(10), Map.of("a", "n1", "b", "n2", "c", "n1"), domain);
        assertTrue(late != null && late.contains("execution 2.500") && late.contains("links 18.000"), late);
    }

    @Test
    void switchedOffOrOnTheSimulatedPlatformNothingIsCharged() {
        MeasuredCostModel off = new MeasuredCostModel(TYPICAL, WORST, 100, false, "");
        Application app = chain(1);
        assertSame(app, off.charge(app));
        assertNull(off.deadlineShortfall(app, Map.of("a", "n1", "b", "n1", "c", "n1"), domain));
        assertTrue(off.describe().contains("not charged"));
    }

    @Test
    void aNegativeFigureIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MeasuredCostModel.Overheads(10, -1, 5, 1));
        assertTrue(e.getMessage().contains("race.costmodel"), e.getMessage());
    }
}
