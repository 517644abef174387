package org.race.configurator.middleware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.race.api.model.Plans.plan;
import static org.race.api.model.Plans.withConnections;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.race.api.model.Connection;
import org.race.api.model.Importance;
import org.race.api.model.PlanSet;

class MiddlewareConfiguratorTest {
    /** s1..s4 all feed hub; hub feeds out: 4 peers -> lanes, 1 peer -> single thread, sources declare their priority. */
    @Test
    void threadingFromConcurrentPeersAndPriorityModelFromStructure() {
        var p = withConnections(plan("app", Importance.MEDIUM, 100, false, "s1@n1", "s2@n1", "s3@n1", "s4@n2", "hub@n1", "out@n2", "pair@n2"),
                List.of(new Connection("s1", "hub", 1), new Connection("s2", "hub", 1), new Connection("s3", "hub", 1),
                        new Connection("s4", "hub", 1), new Connection("hub", "out", 1), new Connection("s1", "pair", 1),
                        new Connection("s2", "pair", 1)));
        var out = new MiddlewareConfigurator().configure(new PlanSet(p, List.of())).candidate();
        assertEquals("thread-pool-with-lanes", out.settingsOf("hub").threadingModel());
        assertEquals("client-propagated", out.settingsOf("hub").priorityModel());
        assertEquals("thread-pool", out.settingsOf("pair").threadingModel());
        assertEquals("single-thread", out.settingsOf("out").threadingModel());
        assertEquals("single-thread", out.settingsOf("s1").threadingModel());
        assertEquals("server-declared", out.settingsOf("s1").priorityModel());
    }
}
