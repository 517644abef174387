package org.race.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A node container that hangs, with real processes on loopback: two node containers (sc1, sc2)
 * whose ZooKeeper sessions outlast the test, so that only the central's own bound on its calls can
 * notice; a central (jvm platform, hierarchical or flat monitoring, {@code race.calls timeoutMs = 1000})
 * places an application on sc1, and sc1's JVM is stopped with SIGSTOP. The central keeps measuring
 * sc2 and shows sc1 stale; after 3 timed-out calls it treats sc1 as failed and moves the application
 * to sc2, where its QoS is measured; when sc1 runs again (SIGCONT) it is told to stop the application
 * it still runs before it is used again.
 */
class NodeTimeoutIT {
    /** Longer than the test: ZooKeeper must not end the frozen container's session (RSA would unbind it). */
    private static final String LONG_SESSION = "-Drace.zookeeper.timeout=60000";

    @ParameterizedTest
    @ValueSource(strings = { "hierarchical", "flat" })
    void aFrozenNodeIsStaleThenFailedItsApplicationMovesAndItRejoinsRunningNothingTwice(String mode, @TempDir Path dir) throws Exception {
        try (Cluster cluster = new Cluster(dir)) {
            cluster.nodesWith(LONG_SESSION, "sc1", "sc2");
            Process sc1 = cluster.process("sc1");
            Path home = dir.resolve("central");
            LauncherIT.copyTree(Dist.home(), home);
            Files.writeString(home.resolve("conf/race.calls.cfg"), "timeoutMs = 1000\nattempts = 3\n");
            Files.writeString(home.resolve("conf/race.monitor.cfg"), "mode = " + mode + "\n");
            Path app = dir.resolve("probe.json");
            Files.writeString(app, "{\"name\":\"probe\",\"importance\":\"medium\",\"period\":100,\"deadline\":100,"
                    + "\"components\":[{\"name\":\"work\",\"cpu\":0.2,\"executionTime\":20}]}");

            Path out = dir.resolve("central.out"), err = dir.resolve("central.err");
            ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/race").toString(), "race:deploy " + app
                    + "; race:run 3; race:status; race:run 6; race:status; race:apps -v; race:run 6; race:status; race:nodes")
                    .directory(home.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("RACE_PROFILE", "central");
            pb.environment().put("RACE_PLATFORM", "jvm");
            pb.environment().put("RACE_JAVA_OPTS", "-Drace.zookeeper=" + cluster.zookeeper() + " -Drace.await.nodes=sc1,sc2");
            Process central = cluster.track(pb.start());
            // first fit: sc1 (the component lines follow the "deployed" line)
            Cluster.awaitOutput(central, out, err, Pattern.compile("(?m)^\\s+work\\s+sc1\\s"));
            signal(sc1, "STOP");
            try {
                // race:apps -v after the second race:status: the application has moved
                Cluster.awaitOutput(central, out, err, Pattern.compile("(?m)^\\s+work\\s+sc2\\s"));
            } finally {
                signal(sc1, "CONT");
            }
            assertTrue(central.waitFor(60, TimeUnit.SECONDS), "the central did not finish");
            String printed = Files.readString(out), log = Files.readString(err);
            assertEquals(0, central.exitValue(), log);
            // hierarchical: the NodeMonitor's sample; flat: the first of sc1's resource or QoS monitors, then no more of them
            String asked = mode.equals("flat") ? "(utilization of (cpu|memory|bandwidth)|QoS sample)" : "sample";
            for (int n = 1; n <= 3; n++) {
                assertTrue(Pattern.compile("node sc1: " + asked + " did not answer within 1000 ms \\(" + n + " of 3 in a row\\)").matcher(log).find(), log);
            }
            String[] status = printed.split("(?m)^snapshot at ");
            assertEquals(4, status.length, printed);

            // 3 s after the freeze: sc1 stale, sc2 measured; no snapshot waited beyond the bound
            assertTrue(firstLine(status[1]).endsWith(", stale: [sc1]"), status[1]);
            assertFalse(Pattern.compile("(?m)^sc1\\s").matcher(status[1]).find(), status[1]);
            assertTrue(Pattern.compile("(?m)^sc2\\s+[0-9.]+\\s+[0-9.]+%").matcher(status[1]).find(), status[1]);
            Matcher delay = Pattern.compile("p99 ([0-9.]+) ms").matcher(status[2]);
            assertTrue(delay.find() && Double.parseDouble(delay.group(1)) < 1500, "monitoring delay within the 1000 ms bound: " + status[2]);

            // 9 s: sc1 failed (still stale, no longer asked), probe re-allocated to sc2 and measured there
            assertTrue(firstLine(status[2]).endsWith(", stale: [sc1]"), status[2]);
            assertTrue(status[2].contains("node sc1 not answering: 3 calls timed out after 1000 ms; treated as failed; re-allocating [probe]"),
                    status[2] + log);
            assertTrue(status[2].contains("probe (medium) re-allocated by firstfit: work sc1 -> sc2"), status[2]);
            Matcher last = Pattern.compile("monitoring delay last ([0-9.]+) ms").matcher(status[2]);
            assertTrue(last.find() && Double.parseDouble(last.group(1)) < 500, "a failed node is not waited for: " + status[2]);
            assertTrue(cpu(status[2], "sc2") > 5, "probe (20 % cpu) runs on sc2: " + status[2]);
            Matcher qos = Pattern.compile("(?m)^probe\\s+medium\\s+(\\d+)\\s").matcher(status[2]);
            assertTrue(qos.find() && Long.parseLong(qos.group(1)) > 0, "QoS measured on sc2 after the move: " + status[2]);

            // 15 s, 6 s after SIGCONT: sc1 was told to stop probe, then used again; it runs nothing
            assertTrue(status[3].contains("node sc1 answers again; stopped [probe] there, placed elsewhere meanwhile"), status[3]);
            assertTrue(status[3].contains("node sc1 answers again and runs nothing placed elsewhere: in use again"), status[3]);
            assertFalse(firstLine(status[3]).contains("stale"), status[3]);
            assertTrue(cpu(status[3], "sc1") < 5, "probe runs once, on sc2: " + status[3]);
            assertTrue(cpu(status[3], "sc2") > 5, status[3]);
            assertTrue(Pattern.compile("(?m)^sc1\\s+up\\s").matcher(status[3]).find(), status[3]);
            assertTrue(sc1.isAlive() && cluster.process("sc2").isAlive());
        }
    }

    private static String firstLine(String s) {
        int n = s.indexOf('\n');
        return n < 0 ? s : s.substring(0, n);
    }

    /** The cpu column of a node's row in race:status. */
    private static double cpu(String status, String node) {
        Matcher m = Pattern.compile("(?m)^" + node + "\\s+[0-9.]+\\s+([0-9.]+)%").matcher(status);
        assertTrue(m.find(), "no row of " + node + ": " + status);
        return Double.parseDouble(m.group(1));
    }

    /** kill -STOP / -CONT: the JVM itself (bin/race execs java), frozen or running on. */
    static void signal(Process p, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).redirectErrorStream(true).start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, kill.exitValue(), new String(kill.getInputStream().readAllBytes()));
    }
}
