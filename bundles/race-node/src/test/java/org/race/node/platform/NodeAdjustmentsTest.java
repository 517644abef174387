package org.race.node.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.race.api.model.Adjustment;
import org.race.api.model.Adjustment.Kind;
import org.race.api.model.EffectReport;
import org.race.api.model.Range;

class NodeAdjustmentsTest {
    /** A platform that takes 30 ms to change a priority, as a slow system call would. */
    private static final class SlowTarget implements NodeAdjustments.Target {
        @Override
        public void setPriority(String application, String component, int priority) {
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void setPriorityClass(String application, String component, String priorityClass) {
        }

        @Override
        public Range periodRange(String application) {
            return new Range(50, 200);
        }

        @Override
        public void setPeriod(String application, double periodMs) {
        }
    }

    @Test
    void theActuationDelayIsTheTimeTheNodeTookToApply() {
        EffectReport r = NodeAdjustments.apply(List.of(new Adjustment("a", "x", Kind.PRIORITY, 10, null),
                new Adjustment("a", null, Kind.PERIOD, 500, null)), new SlowTarget());
        assertEquals(List.of("a/x PRIORITY 10"), r.applied());
        assertEquals(1, r.rejected().size(), r.toString());
        assertTrue(r.actuationDelayNanos() >= TimeUnit.MILLISECONDS.toNanos(30), "covers the 30 ms the platform took: " + r.actuationDelayNanos());
    }
}
