package org.race.effector.tcp_front;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The front in front of a real, unmodified Python http.server. */
class TcpFrontTest {
    @TempDir
    Path dir;

    @Test
    void forwardsEachClassToTheServerAndCountsIt() throws Exception {
        try (HttpServerProcess server = new HttpServerProcess(dir, 4096);
             TcpFront front = new TcpFront(new InetSocketAddress("127.0.0.1", 0), server.address(), Experiment.CLASSES)) {
            try (ClientClass premium = new ClientClass("127.0.0.2", 1, front.address())) {
                Thread.sleep(300);
            }
            ClassSensors p = front.sensors("premium"), b = front.sensors("basic");
            assertTrue(p.accepted() > 0 && p.delayed() > 0, "premium connections forwarded and answered: " + p);
            assertEquals(0, b.accepted(), "nothing came from a basic address");
            assertTrue(p.meanDelaySince(null) > 0, "a delay was measured");
        }
    }

    @Test
    void theAcceptRateActuatorBoundsAClassAndLeavesTheOtherAlone() throws Exception {
        try (HttpServerProcess server = new HttpServerProcess(dir, 4096);
             TcpFront front = new TcpFront(new InetSocketAddress("127.0.0.1", 0), server.address(), Experiment.CLASSES)) {
            front.acceptRate("basic", 10);
            ClassSensors p0 = front.sensors("premium"), b0 = front.sensors("basic");
            try (ClientClass premium = new ClientClass("127.0.0.2", 2, front.address());
                 ClientClass basic = new ClientClass("127.0.0.3", 4, front.address())) {
                Thread.sleep(2000);
                ClassSensors p = front.sensors("premium"), b = front.sensors("basic");
                long basicAccepted = b.accepted() - b0.accepted();
                assertTrue(basicAccepted >= 15 && basicAccepted <= 23, "10/s for 2 s, was " + basicAccepted);
                assertTrue(b.waiting() > 0, "the other basic clients wait in the class's queue: " + b);
                assertTrue(p.accepted() - p0.accepted() > 4 * basicAccepted, "premium is not limited: " + p + " vs " + b);
                front.acceptRate("basic", Double.POSITIVE_INFINITY); // release the waiting clients
            }
            assertThrows(IllegalArgumentException.class, () -> front.acceptRate("basic", 0));
            assertThrows(IllegalArgumentException.class, () -> front.acceptRate("gold", 5));
        }
    }
}
