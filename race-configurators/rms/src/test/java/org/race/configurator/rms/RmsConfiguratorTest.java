package org.race.configurator.rms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.race.api.model.Plans.plan;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.race.api.model.Importance;
import org.race.api.model.PlanSet;

class RmsConfiguratorTest {
    /** A new faster application on a node pushes the deployed one down: RMS ignores importance. */
    @Test
    void aFasterNewcomerOutranksAMoreImportantResident() {
        var resident = plan("gnc", Importance.HIGH, 500, "a@n1", "b@n2");
        var newcomer = plan("sci", Importance.LOW, 100, "c@n1");
        PlanSet out = new RmsConfigurator().configure(new PlanSet(newcomer, List.of(resident)));
        assertEquals(98, out.candidate().settingsOf("c").priority());
        assertEquals(97, out.deployed().get(0).settingsOf("a").priority(), "re-prioritised on n1");
        assertEquals(98, out.deployed().get(0).settingsOf("b").priority(), "alone on n2");
        assertEquals(null, out.candidate().settingsOf("c").priorityClass());
    }
}
