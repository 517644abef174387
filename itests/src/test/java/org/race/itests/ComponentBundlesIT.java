package org.race.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;

/**
 * Component bundles served by the central, with real processes on loopback: three node containers on
 * the jvm platform start without the echo example (their deploy/ is empty); only the central has its
 * jar in deploy/. A chain of three echo components spans sc1 (src, sink) and sc2 (mid): at the
 * deployment sc1 and sc2 fetch the jar from the central, check its SHA-256 and install exactly that
 * version, and every component runs jobs on its node (the central's snapshot counts them). Then sc2's
 * container is killed (SIGKILL): mid is placed again on sc3 (sc1 has no room left for it), sc3 gets the
 * bundle installed the same way, and mid's jobs are counted there.
 */
class ComponentBundlesIT {
    /** The central's latest snapshot, printed by Gogo's echo: the per-component figures (race:status shows none yet). */
    private static final String SNAPSHOT = "echo (($.context getService ($.context getServiceReference org.race.api.CentralMonitor)) latest)";

    @Test
    void theCentralServesTheEchoBundleToTheNodeContainersThatRunIt(@TempDir Path dir) throws Exception {
        try (Stream<Path> deploy = Files.list(Dist.home().resolve("deploy"))) {
            assertFalse(deploy.anyMatch(p -> p.getFileName().toString().contains("echo")), "node containers must start without the echo bundle");
        }
        Path jar = Dist.exampleBundle("echo-component");
        String version, sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
        try (JarFile f = new JarFile(jar.toFile())) {
            version = Version.parseVersion(f.getManifest().getMainAttributes().getValue("Bundle-Version")).toString();
        }
        // the central's event when a node container's installer reports the jar fetched, checked and installed
        String installed = " installed type 'echo' (bundle race-example-echo-component " + version + ") from this container (" + Files.size(jar)
                + " bytes, SHA-256 " + sha + ")";

        try (Cluster cluster = new Cluster(dir)) {
            // sessions that outlast a machine at load 30: a kill -9 is noticed by the central's watch on the container, not by ZooKeeper
            cluster.nodesWith("-Drace.platform=jvm -Drace.zookeeper.timeout=20000", "sc1", "sc2", "sc3");
            Path home = dir.resolve("central");
            LauncherIT.copyTree(Dist.home(), home);
            Files.copy(jar, home.resolve("deploy").resolve(jar.getFileName()));
            // a bound on the calls to the node containers that a machine at load 30 keeps: this test is not about hung nodes
            Files.writeString(home.resolve("conf/race.calls.cfg"), "timeoutMs = 10000\nattempts = 3\n");
            // sc1 (cpu 1) holds src and sink (0.45 each): mid (0.3) fits no longer there once sc2 is gone
            Files.writeString(home.resolve("echoes.json"), """
                    {"name": "echoes", "importance": "medium", "period": 100, "deadline": 100,
                     "components": [
                       {"name": "src", "type": "echo", "cpu": 0.45, "executionTime": 1, "node": "sc1", "properties": {"payloadBytes": 1024}},
                       {"name": "mid", "type": "echo", "cpu": 0.3, "executionTime": 1, "node": "sc2", "properties": {"spinMicros": 200}},
                       {"name": "sink", "type": "echo", "cpu": 0.45, "executionTime": 1, "node": "sc1", "properties": {"check": true}}],
                     "connections": [{"from": "src", "to": "mid"}, {"from": "mid", "to": "sink"}]}
                    """);
            Path out = dir.resolve("central.out"), err = dir.resolve("central.err");
            ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/race").toString(),
                    "race:deploy echoes.json; race:run 6; race:events; " + SNAPSHOT + "; race:run 30; " + SNAPSHOT + "; race:apps -v; race:events")
                    .directory(home.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(Map.of("RACE_PROFILE", "central", "RACE_PLATFORM", "jvm", "RACE_JAVA_OPTS",
                    "-Drace.zookeeper=" + cluster.zookeeper() + " -Drace.await.nodes=sc1,sc2,sc3"));
            Process central = cluster.track(pb.start());

            try {
                Cluster.awaitOutput(central, out, err, Pattern.compile("SystemSnapshot\\["));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n--- central\n" + Files.readString(out) + nodeLogs(cluster), e);
            }
            String first = Files.readString(out);
            assertTrue(first.contains("deployed echoes"), first + Files.readString(err));
            // the exact jar of the central's deploy/, on the two nodes that run the chain, and not on the third
            assertTrue(first.contains("sc1" + installed), first);
            assertTrue(first.contains("sc2" + installed), first);
            assertFalse(first.contains("sc3" + installed), "sc3 runs nothing yet: " + first);
            Map<String, Long> before = jobs(first.substring(first.indexOf("SystemSnapshot[")));
            System.out.println("ComponentBundlesIT jobs in the window before the kill: " + before);
            assertTrue(before.getOrDefault("sc1/src", 0L) > 0 && before.getOrDefault("sc1/sink", 0L) > 0, "src and sink run on sc1: " + before);
            assertTrue(before.getOrDefault("sc2/mid", 0L) > 0, "mid runs on sc2: " + before);

            cluster.kill("sc2");
            Cluster.awaitOutput(central, err, err, Pattern.compile("echoes \\(medium\\) re-allocated by firstfit: mid sc2 -> sc3"));
            assertTrue(central.waitFor(90, TimeUnit.SECONDS), "the central did not finish");
            String printed = Files.readString(out), log = Files.readString(err);
            assertEquals(0, central.exitValue(), log);
            assertTrue(printed.contains("sc3" + installed), printed);
            String events = printed.substring(printed.lastIndexOf("SystemSnapshot["));
            assertEquals(2, events.split(Pattern.quote("sc1" + installed), -1).length, "sc1 installed it once, not again: " + events);
            assertTrue(Pattern.compile("(?m)^\\s+mid\\s+sc3\\s").matcher(printed).find(), printed);
            String second = printed.substring(printed.lastIndexOf("SystemSnapshot["));
            Map<String, Long> after = jobs(second);
            System.out.println("ComponentBundlesIT jobs in the window after mid moved to sc3: " + after);
            assertTrue(after.getOrDefault("sc3/mid", 0L) > 0, "mid runs on sc3: " + after);
            assertTrue(after.getOrDefault("sc1/src", 0L) > 0 && after.getOrDefault("sc1/sink", 0L) > 0, "the chain runs on: " + after);
            assertFalse(after.containsKey("sc2/mid"), after.toString());
            // sink checks every payload (intact, of its iteration, in order): src's crossed to sc3 and mid's back to sc1
            Map<String, Long> failed = figure(second, "failures");
            System.out.println("ComponentBundlesIT failed jobs in that window: " + failed);
            assertEquals(0L, failed.get("sc1/sink"), "payloads across containers intact and in order: " + second);
        }
    }

    /** What a node container printed (its log goes to stderr, its ready line to stdout). */
    private static String log(Cluster cluster, String node) throws IOException {
        return Files.readString(cluster.out(node)) + Files.readString(cluster.err(node));
    }

    private static String nodeLogs(Cluster cluster) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String n : new String[] { "sc1", "sc2", "sc3" }) {
            String log = log(cluster, n);
            b.append("\n--- ").append(n).append(" (end of its log)\n").append(log.substring(Math.max(0, log.length() - 4000)));
        }
        return b.toString();
    }

    /** Jobs of each component in a printed SystemSnapshot's window, by "node/component". */
    private static Map<String, Long> jobs(String snapshot) throws IOException {
        return figure(snapshot, "jobs");
    }

    /** One whole-number figure of each component in a printed SystemSnapshot's window, by "node/component". */
    private static Map<String, Long> figure(String snapshot, String name) throws IOException {
        Map<String, Long> out = new TreeMap<>();
        String[] nodes = snapshot.split("NodeSample\\[node=");
        for (int i = 1; i < nodes.length; i++) {
            String node = nodes[i].substring(0, nodes[i].indexOf(','));
            Matcher m = Pattern.compile("ComponentSample\\[application=echoes, component=(\\w+), [^\\]]*?\\b" + name + "=(\\d+)").matcher(nodes[i]);
            while (m.find()) out.put(node + "/" + m.group(1), Long.parseLong(m.group(2)));
        }
        return out;
    }
}
