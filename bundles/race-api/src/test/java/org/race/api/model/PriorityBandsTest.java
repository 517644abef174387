package org.race.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.race.api.model.Plans.plan;

import java.util.List;

import org.junit.jupiter.api.Test;

class PriorityBandsTest {
    /** Periods 100, 250, 250, 1000 on one node: priorities 98, 97, 97, 96. */
    @Test
    void rateMonotonicRanksDistinctPeriodsPerNode() {
        var fast = plan("fast", Importance.LOW, 100, "a@n1");
        var mid1 = plan("mid1", Importance.LOW, 250, "b@n1");
        var mid2 = plan("mid2", Importance.HIGH, 250, "c@n1", "d@n2");
        var slow = plan("slow", Importance.HIGH, 1000, "e@n1");
        PlanSet out = PriorityBands.rateMonotonic().assign(new PlanSet(slow, List.of(fast, mid1, mid2)), p -> null);
        assertEquals(96, out.candidate().settingsOf("e").priority());
        assertEquals(98, out.deployed().get(0).settingsOf("a").priority());
        assertEquals(97, out.deployed().get(1).settingsOf("b").priority());
        assertEquals(97, out.deployed().get(2).settingsOf("c").priority());
        // n2 has only mid2: the top of the band
        assertEquals(98, out.deployed().get(2).settingsOf("d").priority());
    }

    @Test
    void classesKeepTheirBands() {
        PriorityBands muf = PriorityBands.muf();
        var important = plan("gnc", Importance.HIGH, 1000, "a@n1");
        var frequent = plan("sci", Importance.LOW, 10, "b@n1");
        PlanSet out = muf.assign(new PlanSet(important, List.of(frequent)), p -> p.application().importance() == Importance.HIGH ? "high" : "low");
        assertEquals(98, out.candidate().settingsOf("a").priority(), "the long-period high class still tops the node");
        assertEquals("high", out.candidate().settingsOf("a").priorityClass());
        assertEquals(49, out.deployed().get(0).settingsOf("b").priority());
        assertEquals("low", out.deployed().get(0).settingsOf("b").priorityClass());
    }
}
