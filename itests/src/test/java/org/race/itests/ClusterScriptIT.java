package org.race.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.race.itests.LauncherIT.Run;

/**
 * {@code bin/race-cluster} from the built distribution: a ZooKeeper server and one node container per
 * node, each its own JVM, on loopback only; central containers deploy on them, monitor them and run the
 * scalability experiment across JVMs; {@code stop} leaves none of their processes.
 */
class ClusterScriptIT {
    /** Where fastbin listens when it starts without its configuration: every interface. */
    private static final int FASTBIN_DEFAULT_PORT = 2543;

    @Test
    void startsNodeContainersThatCentralsUseAndStopsThemAll(@TempDir Path dir) throws Exception {
        Path cluster = dir.resolve("cluster");
        int port = Cluster.freePort();
        List<Long> pids = new ArrayList<>();
        try {
            Run start;
            // holding fastbin's built-in default port: a container whose fastbin started unconfigured would log
            // that it cannot bind it (and, were it free, would have listened on every interface)
            try (ServerSocket unconfigured = listenIfFree(FASTBIN_DEFAULT_PORT)) {
                start = script(dir, "start", cluster.toString(), "--nodes", "sc1,sc2", "--zookeeper-port", Integer.toString(port));
            }
            assertEquals(0, start.status(), start.out() + start.err());
            List<Integer> fastbin = new ArrayList<>();
            for (String n : List.of("sc1", "sc2")) {
                Matcher ready = Pattern.compile("(?m)^race-cluster: " + n + " \\(cpu 1, memory 512 MB, bandwidth 10 Mbps\\) pid (\\d+): "
                        + "RACE node container ready: nodes " + n + ", fastbin tcp://127\\.0\\.0\\.1:(\\d+), zookeeper 127\\.0\\.0\\.1:" + port + "$")
                        .matcher(start.out());
                assertTrue(ready.find(), start.out());
                assertEquals(Long.parseLong(ready.group(1)), pid(cluster.resolve(n + ".pid")));
                fastbin.add(Integer.parseInt(ready.group(2)));
                assertFalse(Files.readString(cluster.resolve(n + ".out")).contains("Failed to bind"), Files.readString(cluster.resolve(n + ".out")));
            }
            pids.add(pid(cluster.resolve("sc1.pid")));
            pids.add(pid(cluster.resolve("sc2.pid")));
            pids.add(pid(cluster.resolve("zookeeper/zookeeper.pid")));
            for (long pid : pids) assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid);
            assertTrue(start.out().contains("RACE_PROFILE=central RACE_PLATFORM=jvm RACE_JAVA_OPTS='-Drace.zookeeper=127.0.0.1:" + port
                    + " -Drace.await.nodes=sc1,sc2' " + Dist.home().resolve("bin/race")), start.out());

            List<Integer> ports = new ArrayList<>(fastbin);
            ports.add(port);
            for (int p : ports) assertReachableOnLoopbackOnly(p);

            Run status = script(dir, "status", cluster.toString());
            assertEquals(0, status.status(), status.out() + status.err());
            assertTrue(status.out().contains("zookeeper  127.0.0.1:" + port + "  pid " + pids.get(2) + "  running"), status.out());
            assertTrue(status.out().contains("sc1  pid " + pids.get(0) + "  running  fastbin tcp://127.0.0.1:" + fastbin.get(0)), status.out());

            // a central as the start printed, on the jvm platform: both nodes up, an application on each, measured there
            Path probe = dir.resolve("probe-sc2.json");
            Files.writeString(probe, "{\"name\":\"probe\",\"importance\":\"medium\",\"period\":100,\"deadline\":100,"
                    + "\"components\":[{\"name\":\"work\",\"cpu\":0.2,\"executionTime\":20,\"node\":\"sc2\"}]}");
            String opts = "-Drace.zookeeper=127.0.0.1:" + port + " -Drace.await.nodes=sc1,sc2";
            Run central = LauncherIT.race(Map.of("RACE_PROFILE", "central", "RACE_PLATFORM", "jvm", "RACE_JAVA_OPTS", opts), Dist.home(),
                    "race:nodes; race:deploy examples/gnc-sc1.json; race:deploy " + probe + "; race:run 3; race:status; race:undeploy gnc-sc1; race:undeploy probe");
            assertEquals(0, central.status(), central.err());
            assertTrue(Pattern.compile("(?m)^\\s+navigation\\s+sc1\\s").matcher(central.out()).find()
                    && Pattern.compile("(?m)^\\s+work\\s+sc2\\s").matcher(central.out()).find(), central.out());
            for (String n : List.of("sc1", "sc2")) {
                assertTrue(Pattern.compile("(?m)^" + n + "\\s+up\\s").matcher(central.out()).find(), central.out());
                Matcher cpu = Pattern.compile("(?m)^" + n + "\\s+[0-9.]+\\s+([0-9.]+)%").matcher(central.out());
                assertTrue(cpu.find() && Double.parseDouble(cpu.group(1)) > 10, "about 25 % and 20 % measured on " + n + ": " + central.out());
            }
            assertTrue(Pattern.compile("(?m)^sc3\\s+down\\s").matcher(central.out()).find(), central.out());

            // the scalability experiment across JVMs (as experiments/scalability/bench-distributed.sh runs it)
            Path home = dir.resolve("central");
            LauncherIT.copyTree(Dist.home(), home);
            Files.copy(Dist.extra("race-experiment-scalability"), home.resolve("deploy").resolve(Dist.extra("race-experiment-scalability").getFileName()));
            Path results = dir.resolve("results");
            Run scalability = LauncherIT.raceAt(home, Map.of("RACE_PROFILE", "central", "RACE_JAVA_OPTS", opts), home,
                    "race:scalability --on sc1,sc2 --iterations 5 --out " + results);
            assertEquals(0, scalability.status(), scalability.err());
            for (String mode : List.of("hierarchical", "flat")) {
                assertTrue(Pattern.compile("(?m)^remote\\s+2\\s+5\\s+" + mode + "(\\s+[0-9.]+){4}$").matcher(scalability.out()).find(), scalability.out());
            }
            List<String> csv = Files.readAllLines(results.resolve("scalability-distributed.csv"));
            assertEquals(3, csv.size(), csv.toString());
            assertTrue(csv.get(1).startsWith("remote,2,5,hierarchical,5,") && csv.get(2).startsWith("remote,2,5,flat,5,"), csv.toString());

            Run stop = script(dir, "stop", cluster.toString());
            assertEquals(0, stop.status(), stop.out() + stop.err());
            assertTrue(stop.out().contains("stopped 2 node container(s) and ZooKeeper in " + cluster), stop.out());
            for (long pid : pids) assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " left running");
            try (var left = Files.list(cluster)) {
                assertTrue(left.noneMatch(f -> f.toString().endsWith(".pid") || f.endsWith("cluster.env")), "pid files and cluster.env removed");
            }
            Run after = script(dir, "status", cluster.toString());
            assertEquals(1, after.status(), after.out());
        } finally {
            if (Files.exists(cluster.resolve("cluster.env"))) script(dir, "stop", cluster.toString());
            for (long pid : pids) ProcessHandle.of(pid).ifPresent(Cluster::kill);
        }
    }

    @Test
    void badInputChangesNothing(@TempDir Path dir) throws Exception {
        Path cluster = dir.resolve("cluster");
        Run unknown = script(dir, "start", cluster.toString(), "--nodes", "sc1,sc9");
        assertEquals(1, unknown.status());
        assertEquals("race-cluster: --nodes: 'sc9' is not a node of the domain (sc1,sc2,sc3,sc4,sc5,ground)\n", unknown.err());
        assertFalse(Files.exists(cluster), "nothing started, nothing written");

        // a node container told to listen on an address that is not this machine's says so and exits
        Run launcher = LauncherIT.race(Map.of("RACE_PROFILE", "node", "RACE_BIND", "203.0.113.7"), Dist.home());
        assertEquals(2, launcher.status(), launcher.out() + launcher.err());
        assertTrue(launcher.err().startsWith("race: race.bind = '203.0.113.7': cannot listen there ("), launcher.err());
    }

    /** A ZooKeeper port someone else holds fails the start: that server must not be taken for ours. */
    @Test
    void aZooKeeperPortInUseFailsTheStart(@TempDir Path dir) throws Exception {
        Path cluster = dir.resolve("cluster");
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Run r = script(dir, "start", cluster.toString(), "--nodes", "sc1", "--zookeeper-port", Integer.toString(taken.getLocalPort()));
            assertEquals(1, r.status(), r.out() + r.err());
            assertFalse(r.out().contains("listening on"), r.out());
            assertTrue(r.err().contains("zookeeper: 127.0.0.1:" + taken.getLocalPort() + " is in use by another process; choose another port"), r.err());
            assertFalse(Files.exists(cluster.resolve("cluster.env")), "no node container started");
        } finally {
            if (Files.exists(cluster.resolve("cluster.env"))) script(dir, "stop", cluster.toString());
        }
    }

    /** Connections to {@code port} are accepted on 127.0.0.1 and refused on every other address of this machine. */
    private static void assertReachableOnLoopbackOnly(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
        }
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || ni.isLoopback()) continue;
            for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                if (!(a instanceof Inet4Address)) continue;
                assertThrows(ConnectException.class, () -> {
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(a, port), 2000);
                    }
                }, "port " + port + " reachable on " + a);
            }
        }
    }

    private static ServerSocket listenIfFree(int port) {
        try {
            return new ServerSocket(port);
        } catch (IOException taken) {
            return null; // someone else holds it: the check of the logs still stands
        }
    }

    private static long pid(Path file) throws IOException {
        return Long.parseLong(Files.readString(file).trim());
    }

    private static Run script(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Dist.home().resolve("bin/race-cluster").toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "script", ".out"), err = Files.createTempFile(dir, "script", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        for (String v : List.of("RACE_PROFILE", "RACE_PLATFORM", "RACE_JAVA_OPTS", "RACE_BIND")) pb.environment().remove(v);
        Process p = pb.start();
        if (!p.waitFor(150, TimeUnit.SECONDS)) {
            Cluster.kill(p.toHandle());
            throw new AssertionError("bin/race-cluster did not return within 150 s: " + cmd);
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
