package org.race.node.platform;

import java.util.ArrayList;
import java.util.List;

import org.race.api.model.Adjustment;
import org.race.api.model.EffectReport;
import org.race.api.model.Range;

/**
 * The NodeEffector checks every platform shares: a priority is an integer in [0, 99] as for Linux
 * SCHED_FIFO, a period must lie in the application's range, and MOVE is refused (the CentralEffector
 * moves components through the engine). Each adjustment is applied or rejected on its own.
 */
public final class NodeAdjustments {
    public static final int MIN_PRIORITY = 0, MAX_PRIORITY = 99;

    /** What one node changes on its platform; throws IllegalStateException for an application it does not host. */
    public interface Target {
        void setPriority(String application, String component, int priority);

        void setPriorityClass(String application, String component, String priorityClass);

        /** The range the application's period may move in, null when it is fixed. */
        Range periodRange(String application);

        void setPeriod(String application, double periodMs);
    }

    private NodeAdjustments() {
    }

    public static EffectReport apply(List<Adjustment> adjustments, Target target) {
        long start = System.nanoTime();
        List<String> applied = new ArrayList<>(), rejected = new ArrayList<>();
        for (Adjustment a : adjustments) {
            String what = a.application() + (a.component() == null ? "" : "/" + a.component()) + " " + a.kind();
            try {
                switch (a.kind()) {
                    case PRIORITY -> {
                        int p = (int) a.value();
                        if (p != a.value() || p < MIN_PRIORITY || p > MAX_PRIORITY) {
                            throw new IllegalArgumentException("priority " + a.value() + " outside [" + MIN_PRIORITY + ", " + MAX_PRIORITY + "]");
                        }
                        target.setPriority(a.application(), a.component(), p);
                        applied.add(what + " " + p);
                    }
                    case PRIORITY_CLASS -> {
                        target.setPriorityClass(a.application(), a.component(), a.text());
                        applied.add(what + " " + a.text());
                    }
                    case PERIOD -> {
                        Range range = target.periodRange(a.application());
                        if (a.value() <= 0 || (range != null && !range.contains(a.value()))) {
                            throw new IllegalArgumentException("period " + a.value() + " ms outside the allowed range " + range);
                        }
                        target.setPeriod(a.application(), a.value());
                        applied.add(what + " " + a.value());
                    }
                    case MOVE -> throw new IllegalArgumentException("a node cannot move a component by itself; the CentralEffector redeploys");
                }
            } catch (RuntimeException e) {
                rejected.add(what + ": " + e.getMessage());
            }
        }
        return new EffectReport(applied, rejected, System.nanoTime() - start);
    }
}
