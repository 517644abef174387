package org.race.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.race.itests.LauncherIT.Run;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The distributed mode's plumbing, with real processes on loopback: a ZooKeeper server
 * ({@code bin/zookeeper}), a {@code node} container hosting sc1 of the MMS domain and exporting its
 * NodeManager, NodeEffector, NodeMonitor, ResourceMonitors and QosMonitor through Aries RSA fastbin,
 * and {@code central} containers that host no node, import sc1's services through ZooKeeper
 * discovery, deploy on it, monitor it (hierarchically and flat) and change its periods (EUCON).
 */
class DistributedIT {
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
        try (Cluster cluster = new Cluster(dir)) {
            String zk = cluster.zookeeper();
            assertTrue(cluster.zkStarted().contains("listening on " + zk), cluster.zkStarted());
            Process node = cluster.node("sc1");
            assertTrue(Files.readString(cluster.out("sc1")).contains("RACE node container ready: nodes sc1, fastbin tcp://127.0.0.1:"));

            // The central runs on the jvm platform: its clock is the system clock, so race:run waits in wall
            // time, as the node container's sim does (speed 1 without a shell), and its control loop samples
            // sc1's imported NodeMonitor every second of that time.
            String opts = "-Drace.zookeeper=" + zk + " -Drace.await.nodes=sc1";
            Run central = LauncherIT.race(Map.of("RACE_PROFILE", "central", "RACE_PLATFORM", "jvm", "RACE_JAVA_OPTS", opts),
                    Dist.home(), "race:deploy examples/gnc-sc1.json; race:run 3; race:nodes; race:status; race:undeploy gnc-sc1");
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
            // hierarchical monitoring: sc1's measurements came through its exported NodeMonitor
            assertMeasured(central);
            assertTrue(central.out().contains("undeployed gnc-sc1"), central.out());

            // flat monitoring, in a copy of the distribution configured so: the central polls sc1's exported
            // ResourceMonitors and QosMonitor itself, and the same figures arrive
            Path flat = dir.resolve("central-flat");
            LauncherIT.copyTree(Dist.home(), flat);
            Files.writeString(flat.resolve("conf/race.monitor.cfg"), "mode = flat\n");
            Run polled = LauncherIT.raceAt(flat, Map.of("RACE_PROFILE", "central", "RACE_PLATFORM", "jvm", "RACE_JAVA_OPTS",
                    opts + " -Drace.log.level=INFO"), flat, "race:deploy examples/gnc-sc1.json; race:run 3; race:status; race:undeploy gnc-sc1");
            assertEquals(0, polled.status(), polled.err());
            assertTrue(polled.err().contains("race.monitor: flat monitoring"), polled.err());
            assertMeasured(polled);

            // effecting across JVMs: EUCON (from extras/) in the central raises gnc-sc1's rate within its
            // periodRange; the central's CentralEffector applies the PERIOD change through sc1's imported
            // NodeEffector, and sc1's own measurements show the heavier load
            Files.delete(flat.resolve("conf/race.monitor.cfg"));
            Files.copy(Dist.extra("race-controller-eucon"), flat.resolve("deploy").resolve(Dist.extra("race-controller-eucon").getFileName()));
            Files.writeString(flat.resolve("examples/gnc-eucon.json"), Files.readString(flat.resolve("examples/gnc-sc1.json"))
                    .replace("\"deadline\": 100,", "\"deadline\": 100,\n  \"periodRange\": {\"min\": 40, \"max\": 200},"));
            Run controlled = LauncherIT.raceAt(flat, Map.of("RACE_PROFILE", "central", "RACE_PLATFORM", "jvm", "RACE_JAVA_OPTS", opts), flat,
                    "race:deploy examples/gnc-eucon.json; race:run 3; race:status; race:apps; race:controller; race:undeploy gnc-sc1");
            assertEquals(0, controlled.status(), controlled.err());
            assertTrue(controlled.out().contains("active: eucon"), controlled.out());
            assertTrue(controlled.out().contains("actuation delay "), controlled.out());
            Matcher period = Pattern.compile("(?m)^gnc-sc1\\s+high\\s+nominal\\s+([0-9.]+)\\s").matcher(controlled.out());
            assertTrue(period.find() && Double.parseDouble(period.group(1)) < 100, controlled.out());
            assertMeasured(controlled);
            Matcher cpu = Pattern.compile("(?m)^sc1\\s+[0-9.]+\\s+([0-9.]+)%").matcher(controlled.out());
            assertTrue(cpu.find() && Double.parseDouble(cpu.group(1)) > 35, "25 % at period 100 ms: " + controlled.out());
            assertTrue(node.isAlive(), Files.readString(cluster.err("sc1")));
        }
    }

    /**
     * Two node containers; the central places an application on sc1. sc1's container first pauses for
     * 500 ms (SIGSTOP, SIGCONT): no loss, the application stays. Then it is killed (SIGKILL): the central's
     * watch on its container sees its connection closed and a new one refused, and places the application
     * again on sc2 within 2 s (well before ZooKeeper's session of 3 s ends), where it runs on. The central's
     * dashboard (asked for in batch mode) shows sc1 and sc2 as remote nodes, then sc1 lost, and the event
     * log has the loss and the move.
     */
    @Test
    void aKilledNodeContainersApplicationMovesToTheNodeLeft(@TempDir Path dir) throws Exception {
        try (Cluster cluster = new Cluster(dir)) {
            cluster.nodes("sc1", "sc2");
            Path app = dir.resolve("probe.json");
            Files.writeString(app, "{\"name\":\"probe\",\"importance\":\"medium\",\"period\":100,\"deadline\":100,"
                    + "\"components\":[{\"name\":\"work\",\"cpu\":0.2,\"executionTime\":20}]}");

            Path out = dir.resolve("central.out"), err = dir.resolve("central.err");
            ProcessBuilder pb = new ProcessBuilder(Dist.home().resolve("bin/race").toString(),
                    "race:deploy " + app + "; race:run 16; race:status; race:apps -v").directory(Dist.home().toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("RACE_PROFILE", "central");
            pb.environment().put("RACE_PLATFORM", "jvm");
            pb.environment().put("RACE_JAVA_OPTS", "-Drace.zookeeper=" + cluster.zookeeper() + " -Drace.await.nodes=sc1,sc2 -Drace.http.port=0");
            pb.environment().put("RACE_DASHBOARD", "on");
            Process central = cluster.track(pb.start());
            // first fit: sc1 (the component lines follow the "deployed" line)
            Cluster.awaitOutput(central, out, err, Pattern.compile("(?m)^\\s+work\\s+sc1\\s"));
            Matcher address = Pattern.compile("(?m)^race: dashboard (http://127\\.0\\.0\\.1:\\d+/race/)$").matcher(Files.readString(err));
            assertTrue(address.find(), Files.readString(err));
            String api = address.group(1) + "api/";
            Map<String, JsonObject> nodes = nodes(api);
            for (String n : new String[] { "sc1", "sc2" }) {
                assertEquals("up", nodes.get(n).get("state").getAsString(), nodes.toString());
                assertTrue(nodes.get(n).get("remote").getAsBoolean(), nodes.toString());
            }
            assertEquals("down", nodes.get("sc3").get("state").getAsString(), "no container hosts sc3: " + nodes);

            // a pause of 500 ms is no loss: wait beyond the ZooKeeper session (3 s) for what it might set off
            NodeTimeoutIT.signal(cluster.process("sc1"), "STOP");
            Thread.sleep(500);
            NodeTimeoutIT.signal(cluster.process("sc1"), "CONT");
            Thread.sleep(4000);
            String paused = Files.readString(err);
            assertFalse(paused.contains("node sc1 lost") || paused.contains("not answering"), "no loss after a pause of 500 ms: " + paused);
            assertEquals("up", nodes(api).get("sc1").get("state").getAsString(), "sc1 still in use after its pause");
            assertFalse(Files.readString(out).contains("re-allocated"), Files.readString(out));

            long killed = System.nanoTime();
            cluster.kill("sc1");
            Pattern moved = Pattern.compile("probe \\(medium\\) re-allocated by firstfit: work sc1 -> sc2");
            while (!moved.matcher(Files.readString(err)).find()) {
                assertTrue(System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(20), "not re-allocated: " + Files.readString(err));
                Thread.sleep(10);
            }
            long detectMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
            System.out.println("DistributedIT: kill -9 of sc1's container -> probe running on sc2 after " + detectMs + " ms");
            // the goal is 2 s (0.6 to 0.8 s measured); the bound leaves room for a loaded machine, the event's text shows the watch noticed
            assertTrue(detectMs < 5000, "re-placed " + detectMs + " ms after the kill: " + Files.readString(err));
            assertTrue(Files.readString(err).contains("node sc1 lost: its container at 127.0.0.1:"), Files.readString(err));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!nodes(api).get("sc1").get("state").getAsString().equals("lost")) {
                assertTrue(System.nanoTime() < deadline, "the dashboard did not mark sc1 lost: " + nodes(api));
                Thread.sleep(200);
            }
            // the event log follows the engine by polling (Recorder.LOOK_MS): it may show the loss a moment after the node state
            String events = get(api + "events").toString();
            Pattern failure = Pattern.compile("\"kind\":\"failure\",\"text\":\"node sc1 lost: its container at [^\"]* is gone [^\"]*; re-allocating \\[probe\\]\"");
            while (!(failure.matcher(events).find() && events.contains("\"text\":\"node sc1 lost\"")) && System.nanoTime() < deadline) {
                Thread.sleep(200);
                events = get(api + "events").toString();
            }
            assertTrue(failure.matcher(events).find(), events);
            assertTrue(events.contains("\"text\":\"node sc1 lost\""), events);

            assertTrue(central.waitFor(60, TimeUnit.SECONDS), "the central did not finish");
            String printed = Files.readString(out);
            assertEquals(0, central.exitValue(), Files.readString(err));
            assertTrue(printed.contains("node sc1 lost: its container at 127.0.0.1:"), printed);
            assertTrue(printed.contains("probe (medium) re-allocated by firstfit: work sc1 -> sc2"), printed);
            assertTrue(Pattern.compile("(?m)^\\s+work\\s+sc2\\s").matcher(printed).find(), printed);
            // a deadline met every 100 ms of sc2's window (about 1 s; shorter on a loaded machine), one less at its edges
            Matcher window = Pattern.compile("(?m)^sc2\\s+([0-9.]+)\\s+[0-9.]+%").matcher(printed);
            assertTrue(window.find(), printed);
            Matcher qos = Pattern.compile("(?m)^probe\\s+medium\\s+(\\d+)\\s").matcher(printed);
            assertTrue(qos.find() && Long.parseLong(qos.group(1)) >= Math.floor(Double.parseDouble(window.group(1)) * 10) - 1
                    && Long.parseLong(qos.group(1)) > 0, "measured on sc2 after the move: " + printed);
            assertTrue(cluster.process("sc2").isAlive());
        }
    }

    /**
     * A central with a state file is killed (SIGKILL) while its application runs on a node container;
     * a new central restores the application from the file and adopts the running instance instead
     * of deploying it again (sc1 would refuse a second deployment, and its cpu would double).
     */
    @Test
    void aRestartedCentralRestoresItsRegistryAndRunsNothingTwice(@TempDir Path dir) throws Exception {
        try (Cluster cluster = new Cluster(dir)) {
            cluster.node("sc1");
            Path home = dir.resolve("central");
            LauncherIT.copyTree(Dist.home(), home);
            Files.writeString(home.resolve("conf/race.engine.cfg"), "\nstateFile = ${race.home}/data/registry.json\n",
                    java.nio.file.StandardOpenOption.APPEND);
            Map<String, String> env = Map.of("RACE_PROFILE", "central", "RACE_PLATFORM", "jvm", "RACE_JAVA_OPTS",
                    "-Drace.zookeeper=" + cluster.zookeeper() + " -Drace.await.nodes=sc1");

            Path out = dir.resolve("first.out"), err = dir.resolve("first.err");
            ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/race").toString(), "race:deploy examples/gnc-sc1.json; race:run 60")
                    .directory(home.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(env);
            Process first = cluster.track(pb.start());
            Cluster.awaitOutput(first, out, err, Pattern.compile("(?m)^\\s+navigation\\s+sc1\\s"));
            Cluster.kill(first.toHandle());
            assertTrue(Files.readString(home.resolve("data/registry.json")).contains("\"gnc-sc1\""));

            Run second = LauncherIT.raceAt(home, env, home, "race:run 3; race:apps; race:status");
            assertEquals(0, second.status(), second.err());
            assertTrue(Pattern.compile("(?m)^gnc-sc1\\s+high\\s+nominal\\s").matcher(second.out()).find(), "restored: " + second.out());
            assertMeasured(second);
            Matcher cpu = Pattern.compile("(?m)^sc1\\s+[0-9.]+\\s+([0-9.]+)%").matcher(second.out());
            assertTrue(cpu.find() && Double.parseDouble(cpu.group(1)) < 35, "one instance (25 %), not two: " + second.out());
            assertFalse(second.err().contains("cannot restore"), second.err());
        }
    }

    /**
     * The evidence in one run: ZooKeeper, three node containers and a central with a state file.
     * An application spans all three (sensor on sc1, process on sc2, downlink on sc3; its outputs cross
     * containers through their exported NodeLinks) and is measured end to end. sc3's container is
     * killed: the central moves downlink to a node left and the QoS keeps being measured. Then the
     * central is killed and restarted: it restores the application where it runs now, deploying nothing twice.
     */
    @Test
    void anApplicationAcrossThreeNodeContainersSurvivesANodeAndTheCentral(@TempDir Path dir) throws Exception {
        try (Cluster cluster = new Cluster(dir)) {
            cluster.nodes("sc1", "sc2", "sc3");
            Path home = dir.resolve("central");
            LauncherIT.copyTree(Dist.home(), home);
            Files.writeString(home.resolve("conf/race.engine.cfg"), "\nstateFile = ${race.home}/data/registry.json\n",
                    java.nio.file.StandardOpenOption.APPEND);
            // 10 + (5 + 0.5 Mbit/s x 0.2 s over 10 Mbit/s) + 20 + 15 + 10 = 70 ms end to end
            Files.writeString(home.resolve("chain.json"), """
                    {"name": "chain", "importance": "medium", "period": 200, "deadline": 200,
                     "components": [
                       {"name": "sensor", "cpu": 0.05, "executionTime": 10, "node": "sc1"},
                       {"name": "process", "cpu": 0.1, "executionTime": 20, "node": "sc2"},
                       {"name": "downlink", "cpu": 0.05, "executionTime": 10, "node": "sc3"}],
                     "connections": [
                       {"from": "sensor", "to": "process", "bandwidth": 0.5},
                       {"from": "process", "to": "downlink", "bandwidth": 0.5}]}
                    """);
            Path out = dir.resolve("first.out"), err = dir.resolve("first.err");
            ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/race").toString(),
                    "race:deploy chain.json; race:run 4; race:status; race:run 120").directory(home.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(Map.of("RACE_PROFILE", "central", "RACE_PLATFORM", "jvm", "RACE_JAVA_OPTS",
                    "-Drace.zookeeper=" + cluster.zookeeper() + " -Drace.await.nodes=sc1,sc2,sc3"));
            Process first = cluster.track(pb.start());
            Cluster.awaitOutput(first, out, err, Pattern.compile("(?m)^application\\s+importance"));
            Cluster.awaitOutput(first, out, err, Pattern.compile("(?m)^chain\\s+medium\\s"));
            String measured = Files.readString(out);
            for (String line : new String[] { "sensor\\s+sc1", "process\\s+sc2", "downlink\\s+sc3" }) {
                assertTrue(Pattern.compile("(?m)^\\s+" + line + "\\s").matcher(measured).find(), line + ": " + measured);
            }
            assertEndToEnd(measured, "across sc1, sc2, sc3");

            cluster.kill("sc3");
            Cluster.awaitOutput(first, err, err, Pattern.compile("chain \\(medium\\) re-allocated by firstfit: downlink sc3 -> sc[12]"));
            assertTrue(Pattern.compile("node sc3 lost: its container at 127\\.0\\.0\\.1:\\d+ is gone .*; re-allocating \\[chain\\]").matcher(Files.readString(err)).find(),
                    Files.readString(err));
            Cluster.kill(first.toHandle());

            Run second = LauncherIT.raceAt(home, Map.of("RACE_PROFILE", "central", "RACE_PLATFORM", "jvm", "RACE_JAVA_OPTS",
                    "-Drace.zookeeper=" + cluster.zookeeper() + " -Drace.await.nodes=sc1,sc2"), home, "race:run 4; race:apps -v; race:status");
            assertEquals(0, second.status(), second.err());
            assertFalse(second.err().contains("cannot restore"), second.err());
            Matcher moved = Pattern.compile("(?m)^\\s+downlink\\s+(sc[12])\\s").matcher(second.out());
            assertTrue(moved.find(), "restored where it runs now: " + second.out());
            assertTrue(Pattern.compile("(?m)^\\s+sensor\\s+sc1\\s").matcher(second.out()).find(), second.out());
            assertEndToEnd(second.out(), "after the move, measured by the restarted central");
            for (String n : new String[] { "sc1", "sc2" }) {
                Matcher cpu = Pattern.compile("(?m)^" + n + "\\s+[0-9.]+\\s+([0-9.]+)%").matcher(second.out());
                assertTrue(cpu.find(), second.out());
                // sc1 runs sensor (5 %) and maybe downlink (5 %), sc2 process (10 %) and maybe downlink: a second instance would add 5-10 %
                assertTrue(Double.parseDouble(cpu.group(1)) < 18, n + " runs nothing twice: " + second.out());
            }
        }
    }

    /** chain met deadlines with a latency near its 70 ms, and missed few (the grace of the releasing node aside). */
    /** The central dashboard's nodes by name. */
    private static Map<String, JsonObject> nodes(String api) throws IOException, InterruptedException {
        Map<String, JsonObject> out = new java.util.TreeMap<>();
        get(api + "nodes").getAsJsonArray("nodes").forEach(n -> out.put(n.getAsJsonObject().get("name").getAsString(), n.getAsJsonObject()));
        return out;
    }

    private static JsonObject get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private static void assertEndToEnd(String status, String when) {
        Matcher qos = Pattern.compile("(?m)^chain\\s+medium\\s+(\\d+)\\s+(\\d+)\\s+[0-9.]+%\\s+([0-9.]+)\\s").matcher(status);
        assertTrue(qos.find(), when + ": " + status);
        assertTrue(Long.parseLong(qos.group(1)) >= 3, when + ": met " + qos.group(1) + " in " + status);
        double latency = Double.parseDouble(qos.group(3));
        assertTrue(latency >= 65 && latency < 120, when + ": mean latency " + latency + " in " + status);
    }

    /**
     * race:status of a central: sc1 measured busy (not stale), and gnc-sc1 met deadlines on it. gnc-sc1 alone is
     * 25 % of sc1 at its period of 100 ms (more when EUCON shortens the period, to 40 ms at least): in sc1's
     * window (about 1 s, shorter on a loaded machine) it meets a deadline every 40 to 100 ms.
     */
    private static void assertMeasured(Run central) {
        assertFalse(central.out().contains("stale:"), central.out());
        Matcher cpu = Pattern.compile("(?m)^sc1\\s+([0-9.]+)\\s+([0-9.]+)%").matcher(central.out());
        assertTrue(cpu.find(), central.out());
        assertTrue(Double.parseDouble(cpu.group(2)) >= 20, "gnc-sc1 is 25 % of sc1: " + central.out());
        double windowMs = Double.parseDouble(cpu.group(1)) * 1000;
        Matcher qos = Pattern.compile("(?m)^gnc-sc1\\s+high\\s+(\\d+)\\s+(\\d+)\\s").matcher(central.out());
        assertTrue(qos.find(), central.out());
        long met = Long.parseLong(qos.group(1));
        assertTrue(met >= Math.floor(windowMs / 100) - 1 && met <= Math.ceil(windowMs / 40) + 1, met + " met in " + windowMs + " ms: " + central.out());
    }
}
