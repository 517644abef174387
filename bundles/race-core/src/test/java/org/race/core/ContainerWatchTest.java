package org.race.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real sockets on loopback stand for a node container's Remote Services endpoint. */
class ContainerWatchTest {
    private final BlockingQueue<String> gone = new LinkedBlockingQueue<>();
    private final ContainerWatch watch = new ContainerWatch((node, evidence) -> gone.add(node + ": " + evidence));

    @AfterEach
    void close() {
        watch.close();
    }

    private static Map<String, Object> at(ServerSocket s) {
        return Map.of(ContainerWatch.FASTBIN_ADDRESS, "tcp://127.0.0.1:" + s.getLocalPort(), "service.imported", "true");
    }

    @Test
    void aContainerWhoseProcessEndsIsReportedGoneForEachOfItsNodes() throws Exception {
        ServerSocket endpoint = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        watch.watch("sc1", at(endpoint));
        watch.watch("sc2", at(endpoint));
        Socket accepted = endpoint.accept(); // one connection for the container, whatever its nodes
        // the process ends: the OS closes its listening socket and its connections
        endpoint.close();
        accepted.close();
        String first = gone.poll(5, TimeUnit.SECONDS), second = gone.poll(5, TimeUnit.SECONDS);
        assertEquals("sc1: its container at 127.0.0.1:" + endpoint.getLocalPort() + " is gone (its connection closed, a new one refused)", first);
        assertTrue(second != null && second.startsWith("sc2: "), String.valueOf(second));
        assertNull(gone.poll(300, TimeUnit.MILLISECONDS), "reported once");
    }

    @Test
    void aContainerThatPausesIsNotReported() throws Exception {
        // a stopped process accepts nothing itself, yet its kernel completes connections and keeps them open
        try (ServerSocket endpoint = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            watch.watch("sc1", at(endpoint));
            assertNull(gone.poll(ContainerWatch.CONNECT_MS * 2, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void aNodeNoLongerWatchedIsNotReported() throws Exception {
        ServerSocket endpoint = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        watch.watch("sc1", at(endpoint));
        Socket accepted = endpoint.accept();
        watch.unwatch("sc1");
        assertEquals(-1, accepted.getInputStream().read(), "the watch closed its connection");
        endpoint.close();
        accepted.close();
        assertNull(gone.poll(1, TimeUnit.SECONDS));
    }

    @Test
    void anEndpointNothingListensOnIsGoneAtOnceAndALocalNodeIsNotWatched() throws Exception {
        ServerSocket closed = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        closed.close();
        watch.watch("local", Map.of());
        watch.watch("sc1", at(closed));
        assertTrue(gone.poll(5, TimeUnit.SECONDS).startsWith("sc1: its container at 127.0.0.1:" + closed.getLocalPort() + " is gone"));
        assertNull(gone.poll(300, TimeUnit.MILLISECONDS));
    }

    @Test
    void onlyATcpAddressIsWatched() {
        assertEquals(4711, ContainerWatch.address("tcp://127.0.0.1:4711").getPort());
        assertNull(ContainerWatch.address("http://127.0.0.1:4711"));
        assertNull(ContainerWatch.address("tcp://127.0.0.1"));
        assertNull(ContainerWatch.address("not a uri"));
        assertNull(ContainerWatch.address(null));
    }
}
