package org.race.node.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.race.node.jvm.JvmWorldTest.HIGH;
import static org.race.node.jvm.JvmWorldTest.comp;
import static org.race.node.jvm.JvmWorldTest.deploy;
import static org.race.node.jvm.JvmWorldTest.node;
import static org.race.node.jvm.JvmWorldTest.plan;
import static org.race.node.jvm.JvmWorldTest.qos;
import static org.race.node.jvm.JvmWorldTest.world;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.race.api.model.Connection;
import org.race.api.monitoring.ApplicationQos;

/**
 * One connection floods the 10 Mbit/s link from n1 to n2 with 20 times the traffic it declared
 * (40 Mbit/s): enforced, the other connection keeps its latency; shared, it queues behind the flood.
 * "video" sends 2 Mbit/s x 100 ms = 0.2 Mbit (as declared), "control" 1 Mbit/s x 50 ms = 0.05 Mbit:
 * 2 + 5 + 1 + 2 ms end to end when nothing is in its way.
 */
class ConnectionFloodTest {
    private JvmWorld world;

    @AfterEach
    void close() {
        if (world != null) world.close();
        assertEquals(List.of(), JvmWorldTest.raceThreads(), "every worker and timer thread is joined");
    }

    private ApplicationQos controlUnderFlood(String mode) throws Exception {
        world = world(1, node("n1", 1.0, 10), node("n2", 1.0, 10));
        world.useLinks(mode, 2, 0.1);
        deploy(world, plan("video", 100, 100, null, List.of(comp("src", 2, "n1"), comp("sink", 2, "n2")), List.of(new Connection("src", "sink", 2)), HIGH));
        deploy(world, plan("control", 50, 50, null, List.of(comp("c1", 2, "n1"), comp("c2", 2, "n2")), List.of(new Connection("c1", "c2", 1)), HIGH));
        world.offer("video", "src", "sink", 20);
        world.sample("n2");
        Thread.sleep(1500);
        ApplicationQos control = qos(world.sample("n2"), "control");
        System.out.printf("flood, connections %s: control %s%n", mode, control); // the README quotes these figures
        return control;
    }

    @Test
    void enforcedTheOtherConnectionKeepsItsLatency() throws Exception {
        ApplicationQos control = controlUnderFlood(Links.ENFORCED);
        assertTrue(control.completed() >= 20, control.toString());
        assertTrue(control.meanLatencyMs() < 25 && control.missed() == 0, "about 10 ms, as without the flood: " + control);
    }

    @Test
    void sharedTheFloodTakesTheOtherConnectionsBandwidth() throws Exception {
        ApplicationQos control = controlUnderFlood(Links.SHARED);
        assertTrue(control.meanLatencyMs() > 100 || control.missed() > control.met(), "queued behind 40 Mbit/s on a 10 Mbit/s link: " + control);
    }
}
