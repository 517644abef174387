package org.race.configurator.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.race.api.model.Plans.plan;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.race.api.model.Importance;
import org.race.api.model.PlanSet;

class NetworkConfiguratorTest {
    @Test
    void codePointsByImportanceOnSendingComponents() {
        NetworkConfigurator n = new NetworkConfigurator();
        var high = n.configure(new PlanSet(plan("gnc", Importance.HIGH, 100, "a@n1", "b@n1"), List.of())).candidate();
        assertEquals("EF", high.settingsOf("a").dscp());
        assertEquals("BE", high.settingsOf("b").dscp(), "the sink sends nothing");
        assertEquals("AF41", n.configure(new PlanSet(plan("x", Importance.MEDIUM, 100, "a@n1", "b@n2"), List.of())).candidate().settingsOf("a").dscp());
        assertEquals("AF21", n.configure(new PlanSet(plan("y", Importance.LOW, 100, "a@n1", "b@n2"), List.of())).candidate().settingsOf("a").dscp());
    }
}
