package org.race.experiment.scalability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitoringTailTest {
    @TempDir
    Path dir;

    private static final long MS = 1_000_000;

    /** index, delay ms, gcs, jit ms, classes, threads, blocked ms */
    private static MonitoringTail.Period period(int index, double ms, long gcs, long jit, long classes, long threads, long blocked) {
        return new MonitoringTail.Period(index, Math.round(ms * MS), gcs, gcs, jit, classes, threads, blocked);
    }

    @Test
    void aSlowPeriodIsPutDownToTheFirstCauseThatApplies() {
        assertEquals("warm-up", period(0, 5, 1, 1, 1, 1, 1).cause(), "the first periods are warm-up whatever else happened");
        assertEquals("gc", period(10, 5, 1, 1, 1, 1, 1).cause());
        assertEquals("threads", period(10, 5, 0, 1, 1, 1, 1).cause());
        assertEquals("classes", period(10, 5, 0, 1, 1, 0, 1).cause());
        assertEquals("lock", period(10, 5, 0, 1, 0, 0, 1).cause());
        assertEquals("jit", period(10, 5, 0, 1, 0, 0, 0).cause());
        assertEquals("scheduling", period(10, 5, 0, 0, 0, 0, 0).cause());
    }

    /** 100 periods: the first slow (warm-up), one GC in the steady state; p99 by nearest rank, warm-up apart from the steady state. */
    private static List<MonitoringTail.Period> periods(double body, double warm, double gc) {
        List<MonitoringTail.Period> out = new ArrayList<>();
        for (int i = 0; i < 100; i++) out.add(period(i, i == 0 ? warm : i == 50 ? gc : body, i == 50 ? 1 : 0, 0, 0, 0, 0));
        return out;
    }

    @Test
    void aPointSeparatesWarmUpFromSteadyStateAndCountsSlowPeriodsByCause() {
        MonitoringTail.Point p = MonitoringTail.Point.of(PlacementComparison.IN_PROCESS, 6, "hierarchical", periods(0.1, 9, 3));
        assertEquals(0.1, p.p50(), 1e-9);
        assertEquals(3, p.p99(), 1e-9, "rank 99 of 100: the second largest");
        assertEquals(9, p.max(), 1e-9);
        assertEquals(9, p.warmUpMax(), 1e-9);
        assertEquals(3, p.steadyMax(), 1e-9);
        assertEquals(1, p.gcPeriods());
        assertEquals(Map.of("warm-up", 1, "gc", 1, "threads", 0, "classes", 0, "lock", 0, "jit", 0, "scheduling", 0), p.slow());
        // across node containers the goal is 5 ms: the 3 ms period is not slow there
        assertEquals(1, MonitoringTail.Point.of(PlacementComparison.REMOTE, 6, "hierarchical", periods(0.1, 9, 3)).slowPeriods());
    }

    @Test
    void theTableSetsHierarchicalBesideFlatFromTheSameRunAndTheGoals() throws IOException {
        MonitoringTail.append(dir, MonitoringTail.Point.of(PlacementComparison.IN_PROCESS, 6, "hierarchical", periods(0.1, 9, 0.5)), periods(0.1, 9, 0.5));
        MonitoringTail.append(dir, MonitoringTail.Point.of(PlacementComparison.IN_PROCESS, 6, "flat", periods(0.2, 9, 3)), periods(0.2, 9, 3));
        MonitoringTail.append(dir, MonitoringTail.Point.of(PlacementComparison.REMOTE, 2, "hierarchical", periods(1, 20, 6)), periods(1, 20, 6));
        List<MonitoringTail.Point> points = MonitoringTail.read(dir.resolve(MonitoringTail.CSV));
        assertEquals(3, points.size());
        String table = MonitoringTail.table(points);
        String hierarchical = table.lines().filter(l -> l.startsWith("in-process     6 hierarchical")).findFirst().orElseThrow();
        assertTrue(hierarchical.contains(" 0.5 ") && hierarchical.contains("p99 < 1 met; h/f p50 <= 1 met"), table);
        String flat = table.lines().filter(l -> l.startsWith("in-process     6 flat")).findFirst().orElseThrow();
        assertTrue(flat.contains("p99 < 1 NOT met") && flat.contains("warm-up 1 gc 1"), table);
        String remote = table.lines().filter(l -> l.startsWith("remote         2 hierarchical")).findFirst().orElseThrow();
        assertTrue(remote.contains("p99 < 5 NOT met"), table);
        assertEquals(300, MonitoringTail.periods(dir.resolve(MonitoringTail.PERIODS_CSV)).size());
        String svg = MonitoringTail.svg(points, MonitoringTail.periods(dir.resolve(MonitoringTail.PERIODS_CSV)));
        assertTrue(svg.startsWith("<svg") && svg.contains("in-process hierarchical p99") && svg.contains("6 nodes in one container"), svg);
    }

    @Test
    void aCsvOfAnotherShapeIsRefusedWithItsLine() throws IOException {
        Path csv = dir.resolve(MonitoringTail.CSV);
        Files.writeString(csv, "placement,nodes\n");
        assertTrue(assertThrows(IOException.class, () -> MonitoringTail.read(csv)).getMessage().contains(":1: expected the header"));
        assertThrows(IOException.class, () -> MonitoringTail.append(dir, MonitoringTail.Point.of(PlacementComparison.IN_PROCESS, 1, "flat", periods(0.1, 1, 1)),
                List.of()), "not appended to a file of another shape");
        Files.delete(csv);
        MonitoringTail.append(dir, MonitoringTail.Point.of(PlacementComparison.IN_PROCESS, 1, "flat", periods(0.1, 1, 1)), List.of());
        Files.writeString(csv, Files.readString(csv) + "in-process,2,flat,many\n");
        assertTrue(assertThrows(IOException.class, () -> MonitoringTail.read(csv)).getMessage().contains(":3: expected 19 fields, got 4"));
    }
}
