package org.race.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.race.itests.LauncherIT.Run;

/**
 * The distributed mode's plumbing, with real processes on loopback: a ZooKeeper server
 * ({@code bin/zookeeper}), a {@code node} container hosting sc1 of the MMS domain and exporting its
 * NodeManager and NodeEffector through Aries RSA fastbin, and a {@code central} container that
 * hosts no node, imports sc1's services through ZooKeeper discovery and deploys on it.
 */
class DistributedIT {
    private static final long READY_TIMEOUT_MS = 30_000;

    @Test
    void theEmbeddedProfileInstallsNoRemoteServices() throws Exception {
        Run r = LauncherIT.race(Dist.home(), "lb");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("RACE core"), r.out());
        assertFalse(r.out().contains("Aries"), r.out());
    }

    @Test
    void anUnknownProfileIsRefused() throws Exception {
        Run r = LauncherIT.race(Map.of("RACE_PROFILE", "cluster"), Dist.home(), "race:nodes");
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("race.profile = 'cluster' names no profile; allowed: embedded, central, node"), r.err());
    }

    @Test
    void theCentralDeploysOnANodeContainerFoundThroughZooKeeper(@TempDir Path dir) throws Exception {
        Path zkDir = dir.resolve("zookeeper"), nodeOut = dir.resolve("node.out"), nodeErr = dir.resolve("node.err");
        int zkPort = freePort();
        String zk = "127.0.0.1:" + zkPort;
        Process node = null;
        try {
            Process start = new ProcessBuilder(Dist.home().resolve("bin/zookeeper").toString(), "start", zkDir.toString(), Integer.toString(zkPort))
                    .redirectErrorStream(true).start();
            assertTrue(start.waitFor(20, TimeUnit.SECONDS), "bin/zookeeper start did not return");
            String started = new String(start.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, start.exitValue(), started);
            assertTrue(started.contains("listening on " + zk), started);

            ProcessBuilder pb = new ProcessBuilder(Dist.home().resolve("bin/race").toString()).directory(Dist.home().toFile())
                    .redirectOutput(nodeOut.toFile()).redirectError(nodeErr.toFile());
            pb.environment().remove("RACE_PLATFORM");
            pb.environment().put("RACE_PROFILE", "node");
            pb.environment().put("RACE_JAVA_OPTS", "-Drace.nodes=sc1 -Drace.zookeeper=" + zk);
            node = pb.start();
            awaitLine(node, nodeOut, nodeErr, "RACE node container ready: nodes sc1, fastbin tcp://127.0.0.1:");

            Run central = LauncherIT.race(Map.of("RACE_PROFILE", "central", "RACE_JAVA_OPTS", "-Drace.zookeeper=" + zk + " -Drace.await.nodes=sc1"),
                    Dist.home(), "race:deploy examples/gnc-sc1.json; race:run 5; race:nodes");
            assertEquals(0, central.status(), central.err());
            // the NodeManager of sc1 deployed the four components: the plan crossed the wire and back
            assertTrue(central.out().contains("deployed gnc-sc1 (importance high, period 100 ms, deadline 100 ms) with allocator static"),
                    central.out());
            assertTrue(Pattern.compile("(?m)^\\s+navigation\\s+sc1\\s").matcher(central.out()).find(), central.out());
            // sc1 is up through the imported service; the central hosts no node itself
            assertTrue(Pattern.compile("(?m)^sc1\\s+up\\s+1\\s+512\\s+10\\s+0\\.25\\s").matcher(central.out()).find(), central.out());
            for (String n : new String[] { "sc2", "sc3", "sc4", "sc5", "ground" }) {
                assertTrue(Pattern.compile("(?m)^" + n + "\\s+down\\s").matcher(central.out()).find(), central.out());
            }
            assertTrue(node.isAlive(), Files.readString(nodeErr));
        } finally {
            if (node != null) kill(node.toHandle());
            Process stop = new ProcessBuilder(Dist.home().resolve("bin/zookeeper").toString(), "stop", zkDir.toString()).redirectErrorStream(true).start();
            if (!stop.waitFor(15, TimeUnit.SECONDS)) stop.destroyForcibly();
            Path pid = zkDir.resolve("zookeeper.pid"); // still there if stop failed
            if (Files.exists(pid)) ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(DistributedIT::kill);
        }
    }

    private static void kill(ProcessHandle p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }

    private static void awaitLine(Process p, Path out, Path err, String line) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT_MS * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (Files.readString(out).contains(line)) return;
            if (!p.isAlive()) throw new AssertionError("the node container exited (" + p.exitValue() + "): " + Files.readString(err));
            Thread.sleep(50);
        }
        throw new AssertionError("the node container was not ready within " + READY_TIMEOUT_MS / 1000 + " s: " + Files.readString(err));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
