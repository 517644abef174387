package org.race.platform.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.race.platform.jvm.JvmWorldTest.HIGH;
import static org.race.platform.jvm.JvmWorldTest.comp;
import static org.race.platform.jvm.JvmWorldTest.deploy;
import static org.race.platform.jvm.JvmWorldTest.node;
import static org.race.platform.jvm.JvmWorldTest.plan;
import static org.race.platform.jvm.JvmWorldTest.qos;
import static org.race.platform.jvm.JvmWorldTest.world;

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

    /** The conforming connection's application over 1.5 s, with "video" sending {@code flood} times what it declared. */
    private ApplicationQos control(String mode, double flood) throws Exception {
        world = world(1, node("n1", 1.0, 10), node("n2", 1.0, 10));
        world.useLinks(mode, 2);
        deploy(world, plan("video", 100, 100, null, List.of(comp("src", 2, "n1"), comp("sink", 2, "n2")), List.of(new Connection("src", "sink", 2)), HIGH));
        deploy(world, plan("control", 50, 50, null, List.of(comp("c1", 2, "n1"), comp("c2", 2, "n2")), List.of(new Connection("c1", "c2", 1)), HIGH));
        world.offer("video", "src", "sink", flood);
        world.sample("n2");
        Thread.sleep(1500);
        ApplicationQos control = qos(world.sample("n2"), "control");
        System.out.printf("connections %s, flood x%.0f: control %s%n", mode, flood, control); // the README quotes these figures
        world.close();
        world = null;
        return control;
    }

    /**
     * Compared with the same run without the flood rather than with fixed times: on a busy machine the
     * components' own CPU time stretches every latency alike.
     */
    @Test
    void enforcedTheOtherConnectionKeepsItsLatencyAndSharedItDoesNot() throws Exception {
        control(Links.ENFORCED, 1); // warm-up: the first run of a JVM also pays for compiling the platform
        ApplicationQos quiet = control(Links.ENFORCED, 1);
        ApplicationQos enforced = control(Links.ENFORCED, 20);
        ApplicationQos shared = control(Links.SHARED, 20);
        String figures = "without flood " + quiet + "\nenforced " + enforced + "\nshared " + shared;
        assertTrue(quiet.completed() >= 20 && enforced.completed() >= 20, figures);
        assertTrue(enforced.meanLatencyMs() < 2 * quiet.meanLatencyMs() + 10, "enforced, the flood leaves the other connection's latency: " + figures);
        assertTrue(shared.meanLatencyMs() > 5 * enforced.meanLatencyMs() && shared.met() < enforced.met(),
                "shared, it queues behind 40 Mbit/s on a 10 Mbit/s link: " + figures);
    }
}
