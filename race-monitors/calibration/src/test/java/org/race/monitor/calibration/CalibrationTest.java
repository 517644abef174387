package org.race.monitor.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class CalibrationTest {
    @Test
    void everyQuantityIsMeasuredTheGivenNumberOfTimesWithOrderedStatistics() throws Exception {
        List<Calibration.Row> rows = Calibration.measure(50);
        assertEquals(List.of("sendMicros", "receiveMicros", "contextSwitchMicros", "perKilobyteMicros", "releaseJitterMicros"),
                rows.stream().map(Calibration.Row::key).toList());
        for (Calibration.Row r : rows) {
            assertEquals(50, r.n());
            assertTrue(r.medianMicros() <= r.p99Micros() && r.p99Micros() <= r.maxMicros(), r.toString());
        }
        // a wake-up takes time, and the timer is never early
        assertTrue(rows.get(1).medianMicros() > 0, rows.get(1).toString());
        assertTrue(rows.get(4).medianMicros() >= 0, rows.get(4).toString());
        String table = CalibrateCommand.table(rows);
        assertTrue(table.startsWith("quantity") && table.lines().count() == 6, table);
    }

    @Test
    void repetitionsAreBounded() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Calibration.measure(1_000_000));
        assertTrue(e.getMessage().contains("[10, 100000]"), e.getMessage());
    }
}
