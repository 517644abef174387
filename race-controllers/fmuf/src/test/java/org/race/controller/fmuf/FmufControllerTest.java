package org.race.controller.fmuf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.race.api.model.Plans.plan;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.race.api.model.AdaptationDecision;
import org.race.api.model.Adjustment;
import org.race.api.model.Adjustment.Kind;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Importance;
import org.race.api.model.PlanSet;
import org.race.api.model.PriorityBands;
import org.race.api.monitoring.ApplicationQos;
import org.race.api.monitoring.SystemSnapshot;

class FmufControllerTest {
    private final FmufController fmuf = new FmufController();
    private List<DeploymentPlan> plans;

    static FmufController.Config config(long period, double threshold, int hysteresis) {
        return new FmufController.Config() {
            public Class<? extends Annotation> annotationType() {
                return FmufController.Config.class;
            }

            public long samplingPeriod() {
                return period;
            }

            public double threshold() {
                return threshold;
            }

            public int hysteresis() {
                return hysteresis;
            }
        };
    }

    /** On n1: heavy (high importance, 1000 ms), sci (medium, 200 ms, deadline 200), slow (low, 500 ms). As MUF ranks them. */
    @BeforeEach
    void deployUnderMuf() {
        fmuf.configure(config(10_000, 0.05, 1));
        DeploymentPlan heavy = plan("heavy", Importance.HIGH, 1000, "h@n1");
        DeploymentPlan sci = plan("sci", Importance.MEDIUM, 200, "s@n1");
        DeploymentPlan slow = plan("slow", Importance.LOW, 500, "w@n1");
        PlanSet ranked = PriorityBands.muf().assign(new PlanSet(slow, List.of(heavy, sci)),
                p -> p.application().importance() == Importance.HIGH ? "high" : "low");
        plans = List.of(ranked.deployed().get(0), ranked.deployed().get(1), ranked.candidate());
        assertEquals(98, plans.get(0).settingsOf("h").priority());
        assertEquals(49, plans.get(1).settingsOf("s").priority());
        assertEquals(48, plans.get(2).settingsOf("w").priority());
    }

    static SystemSnapshot at(long ms, ApplicationQos... qos) {
        Map<String, ApplicationQos> m = new java.util.TreeMap<>();
        for (ApplicationQos q : qos) m.put(q.application(), q);
        return new SystemSnapshot(ms, List.of(), m, List.of(), 0);
    }

    static ApplicationQos qos(String app, long met, long missed) {
        return new ApplicationQos(app, met, missed, met, 10, 10);
    }

    /** QoS adds up over the loop periods of one FMUF period; the low-class app missing most urgent is promoted. */
    @Test
    void promotesTheMostUrgentMissingLowClassApplication() {
        for (long t = 1000; t < 10_000; t += 1000) {
            assertTrue(fmuf.decide(at(t, qos("heavy", 1, 0), qos("sci", 4, 1), qos("slow", 2, 0)), plans).isEmpty(), "collecting at " + t);
        }
        AdaptationDecision d = fmuf.decide(at(11_000, qos("heavy", 1, 0), qos("sci", 4, 1), qos("slow", 1, 1)), plans);
        // both low apps miss > 5 %; sci has the shorter deadline
        assertEquals(new Adjustment("sci", null, Kind.PRIORITY_CLASS, 0, "high"), d.adjustments().get(0));
        // high class now {sci 200 ms, heavy 1000 ms}: sci 98, heavy 97; slow alone in the low class: 49
        assertTrue(d.adjustments().contains(new Adjustment("sci", "s", Kind.PRIORITY, 98, null)), d.toString());
        assertTrue(d.adjustments().contains(new Adjustment("heavy", "h", Kind.PRIORITY, 97, null)), d.toString());
        assertTrue(d.adjustments().contains(new Adjustment("slow", "w", Kind.PRIORITY, 49, null)), d.toString());
        assertEquals(4, d.adjustments().size());
        assertTrue(d.reason().contains("sci misses"), d.reason());
    }

    @Test
    void demotesTheLastPromotedWhenTheHighClassMisses() {
        fmuf.configure(config(1000, 0.05, 1));
        fmuf.decide(at(0), plans);
        AdaptationDecision up = fmuf.decide(at(1000, qos("sci", 1, 1)), plans);
        assertEquals("high", up.adjustments().get(0).text());
        List<DeploymentPlan> after = applied(plans, up);
        AdaptationDecision down = fmuf.decide(at(2000, qos("heavy", 0, 1), qos("sci", 5, 0)), after);
        assertEquals(new Adjustment("sci", null, Kind.PRIORITY_CLASS, 0, "low"), down.adjustments().get(0));
        assertTrue(down.reason().contains("sci back to the low class"), down.reason());
        // nothing left to demote: no change
        assertTrue(fmuf.decide(at(3000, qos("heavy", 0, 1)), applied(after, down)).isEmpty());
    }

    @Test
    void belowTheThresholdOrWithinHysteresisNothingMoves() {
        fmuf.configure(config(1000, 0.25, 2));
        fmuf.decide(at(0), plans);
        assertTrue(fmuf.decide(at(1000, qos("sci", 4, 1)), plans).isEmpty(), "20 % <= 25 %");
        assertTrue(fmuf.decide(at(2000, qos("sci", 1, 1)), plans).isEmpty(), "first period over the threshold");
        assertEquals(Kind.PRIORITY_CLASS, fmuf.decide(at(3000, qos("sci", 1, 1)), plans).adjustments().get(0).kind());
    }

    /** What the effector does: settings of the decision written into the plans. */
    static List<DeploymentPlan> applied(List<DeploymentPlan> plans, AdaptationDecision d) {
        return plans.stream().map(p -> {
            for (Adjustment a : d.adjustments()) {
                if (!a.application().equals(p.name())) continue;
                for (var c : p.application().components()) {
                    if (a.component() != null && !a.component().equals(c.name())) continue;
                    var s = p.settingsOf(c.name());
                    p = p.withSettings(c.name(), a.kind() == Kind.PRIORITY ? s.withPriority((int) a.value()) : s.withPriorityClass(a.text()));
                }
            }
            return p;
        }).toList();
    }
}
