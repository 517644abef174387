package org.race.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.race.itests.LauncherIT.Run;

/**
 * Payloads of typed components across node containers, with real processes on loopback: ZooKeeper, two
 * node containers on the jvm platform hosting sc1 and sc2, and a central, all run from one copy of the
 * distribution whose deploy/ holds the echo example's bundle. A checked echo chain goes sc1 -> sc2 ->
 * sc1: mid and sink throw on any payload that is missing, changed, of another iteration or out of
 * order, so no failed job in either node container means every payload crossed intact and in order.
 * Then an echo emitting 2 KB over a connection limited to 1 KB: every job of it fails, its node
 * container says which application, connection, size and limit, and the checking echo after it, in
 * the other container, fails for want of the payload (which shows that a missing one would be seen).
 */
class CrossContainerPayloadsIT {
    private static final String THREW = "a job threw";

    @Test
    void payloadsCrossNodeContainersIntactInOrderAndWithinTheirLimit(@TempDir Path dir) throws Exception {
        Path home = dir.resolve("race");
        LauncherIT.copyTree(Dist.home(), home);
        Path echo = Dist.exampleBundle("echo-component");
        Files.copy(echo, home.resolve("deploy").resolve(echo.getFileName()));
        // no modelled link latency: what an iteration takes end to end is the jobs and the wire
        Files.writeString(home.resolve("conf/two.json"), """
                {"name": "two", "linkLatency": 0, "nodes": [
                  {"name": "sc1", "cpu": 1, "memory": 512, "bandwidth": 100},
                  {"name": "sc2", "cpu": 1, "memory": 512, "bandwidth": 100}]}
                """);
        Files.writeString(home.resolve("conf/race.engine.cfg"), "domain = ${race.home}/conf/two.json\nallocator = firstfit\n");
        // a deadline of 2 s: an iteration given up after its deadline would be a gap that the checking echoes refuse; what is
        // tested is what crosses, not this (shared, loaded) machine's timing
        Files.writeString(home.resolve("echoes.json"), """
                {"name": "echoes", "period": 20, "deadline": 2000,
                 "components": [
                   {"name": "src",  "type": "echo", "executionTime": 1, "node": "sc1", "properties": {"payloadBytes": 1024}},
                   {"name": "mid",  "type": "echo", "executionTime": 1, "node": "sc2", "properties": {"check": true}},
                   {"name": "sink", "type": "echo", "executionTime": 1, "node": "sc1", "properties": {"check": true}}],
                 "connections": [{"from": "src", "to": "mid"}, {"from": "mid", "to": "sink", "maxPayloadBytes": 1024}]}
                """);
        Files.writeString(home.resolve("big.json"), """
                {"name": "big", "period": 50, "deadline": 2000,
                 "components": [
                   {"name": "src", "type": "echo", "executionTime": 1, "node": "sc1", "properties": {"payloadBytes": 2048}},
                   {"name": "mid", "type": "echo", "executionTime": 1, "node": "sc2", "properties": {"check": true}}],
                 "connections": [{"from": "src", "to": "mid", "maxPayloadBytes": 1024}]}
                """);

        try (Cluster cluster = new Cluster(dir, home, "jvm")) {
            cluster.nodes("sc1", "sc2");
            Map<String, String> env = Map.of("RACE_PROFILE", "central", "RACE_PLATFORM", "jvm", "RACE_JAVA_OPTS",
                    "-Drace.zookeeper=" + cluster.zookeeper() + " -Drace.await.nodes=sc1,sc2");
            Run chain = LauncherIT.raceAt(home, env, home, "race:types; race:deploy echoes.json; race:run 6; race:status; race:undeploy echoes");
            assertEquals(0, chain.status(), chain.out() + chain.err());
            assertTrue(Pattern.compile("(?m)^echo  race-example-echo-component ").matcher(chain.out()).find(), chain.out());
            assertTrue(Pattern.compile("(?m)^\\s+mid\\s+sc2\\s").matcher(chain.out()).find(), "mid on sc2: " + chain.out());
            Matcher qos = Pattern.compile("(?m)^echoes\\s+\\S+\\s+(\\d+)\\s+(\\d+)\\s+[0-9.]+%\\s+([0-9.]+)\\s+([0-9.]+)").matcher(chain.out());
            assertTrue(qos.find(), chain.out());
            long met = Long.parseLong(qos.group(1));
            assertTrue(met >= 20, "iterations completed across sc1 -> sc2 -> sc1 within their deadline: " + chain.out());
            String sc1 = log(cluster, "sc1"), sc2 = log(cluster, "sc2");
            assertFalse(sc1.contains(THREW) || sc2.contains(THREW), "no failed job: every payload intact, of its iteration, in order:\n" + sc1 + sc2);
            // two hops over the node links plus three jobs of microseconds and the release timer's lateness
            System.out.printf("CrossContainerPayloadsIT: echoes src(sc1) -> mid(sc2) -> sink(sc1), 1 KB payloads at 50 Hz: %d met, %s missed, "
                    + "end-to-end latency mean %s ms, max %s ms (two hops across node containers)%n", met, qos.group(2), qos.group(3), qos.group(4));

            Run big = LauncherIT.raceAt(home, env, home, "race:deploy big.json; race:run 2; race:undeploy big");
            assertEquals(0, big.status(), big.out() + big.err());
            sc1 = log(cluster, "sc1");
            sc2 = log(cluster, "sc2");
            assertTrue(sc1.contains("component src of big on sc1 (type echo): " + THREW), sc1);
            assertTrue(sc1.contains("payload of 2048 bytes refused: connection src -> mid of big carries at most 1024 bytes (maxPayloadBytes)"), sc1);
            assertTrue(sc2.contains("component mid of big on sc2 (type echo): " + THREW) && sc2.contains("no payload from src in iteration"), sc2);
        }
    }

    /** What a node container printed: its log (WARN and above) goes to standard output. */
    private static String log(Cluster cluster, String node) throws java.io.IOException {
        return Files.readString(cluster.out(node)) + Files.readString(cluster.err(node));
    }
}
