package org.race.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/race <command line>}: a fresh container per call, output on stdout, errors on stderr and in the exit status. */
class LauncherIT {
    record Run(int status, String out, String err) {
    }

    static Run race(Path cwd, String... args) throws IOException, InterruptedException {
        return race(Map.of(), cwd, args);
    }

    /** With these environment variables; RACE_PLATFORM only when given, so the default platform is what is tested otherwise. */
    static Run race(Map<String, String> env, Path cwd, String... args) throws IOException, InterruptedException {
        return raceAt(Dist.home(), env, cwd, args);
    }

    /** bin/race of the container at {@code home}. */
    static Run raceAt(Path home, Map<String, String> env, Path cwd, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile("race-out", ".txt"), err = Files.createTempFile("race-err", ".txt");
        Process p = start(home, env, cwd, out, err, args);
        Run r = finish(p, out, err);
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    /** Starts bin/race of the container at {@code home}, its output going to {@code out} and {@code err}. */
    static Process start(Path home, Map<String, String> env, Path cwd, Path out, Path err, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin/race").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("RACE_PLATFORM");
        pb.environment().remove("RACE_PROFILE"); // embedded unless a test says otherwise
        pb.environment().remove("RACE_JMX_PORT");
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Waits up to 60 s for a started bin/race to exit. */
    static Run finish(Process p, Path out, Path err) throws IOException, InterruptedException {
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bin/race did not exit within 60 s: " + p.info().commandLine().orElse("?"));
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void deploysTheShippedExampleAndListsIt() throws Exception {
        Run r = race(Dist.home(), "race:deploy examples/science-slow-survey.json; race:apps");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("deployed science1 (importance medium, period 1000 ms, deadline 1000 ms) with allocator firstfit"), r.out());
        assertTrue(Pattern.compile("(?m)^\\s+plasma-sensor\\s+sc1\\s").matcher(r.out()).find(), r.out());
        assertTrue(Pattern.compile("(?m)^science1\\s+medium\\s+slow-survey\\s+1000\\s+1000\\s+6\\s").matcher(r.out()).find(), r.out());
    }

    @Test
    void theOptaPlannerAllocatorSolvesInsideFelix() throws Exception {
        // OptaPlanner is embedded in its bundle and finds its score implementation through the thread
        // context class loader: only a real container shows that this works
        Run r = race(Dist.home(), "race:deploy -a optaplanner examples/science-slow-survey.json");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("deployed science1 (importance medium, period 1000 ms, deadline 1000 ms) with allocator optaplanner"), r.out());
        assertTrue(Pattern.compile("(?m)^\\s+plasma-sensor\\s+sc1\\s").matcher(r.out()).find(), r.out());
        assertFalse(r.err().contains("time limit"), "the search should end by itself, not by the time limit: " + r.err());
    }

    @Test
    void startsWithTheShippedMmsDomain() throws Exception {
        Run r = race(Dist.home(), "race:nodes");
        assertEquals(0, r.status(), r.err());
        for (String n : List.of("sc1", "sc2", "sc3", "sc4", "sc5", "ground")) {
            assertTrue(Pattern.compile("(?m)^" + n + "\\s+up\\s").matcher(r.out()).find(), r.out());
        }
    }

    @Test
    void aBadDescriptorFailsWithTheErrorOnStderr(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"name\":\"x\",\"period\":0,\"deadline\":10,\"components\":[{\"name\":\"a\",\"cpu\":0.1}]}");
        Run r = race(dir, "race:deploy bad.json; race:apps");
        assertNotEquals(0, r.status());
        assertTrue(r.err().contains(bad.toString() + ": $.period: must be > 0, got 0"), r.err());
        assertFalse(r.out().contains("deployed"), r.out());
    }

    @Test
    void unknownCommandsAndWrongArgumentsFail() throws Exception {
        Run unknown = race(Dist.home(), "race:nosuch");
        assertNotEquals(0, unknown.status());
        assertTrue(unknown.err().contains("race:nosuch"), unknown.err());
        Run wrong = race(Dist.home(), "race:run soon");
        assertNotEquals(0, wrong.status());
        assertTrue(wrong.err().contains("race:run: seconds: 'soon' is not a number\nusage: race:run <seconds>"), wrong.err());
    }

    /**
     * Issue 17 item 9: every race: command answers a bad argument with its own message, what was wrong
     * and the usage line; not Gogo's "Cannot coerce", "argument type mismatch" or "wrong number of
     * arguments", nor a bare path. Item 6: race:adopt refuses an overbooking quota and init.
     */
    @Test
    void everyRaceCommandRefusesABadArgumentWithWhatWasWrongAndTheUsage() throws Exception {
        long self = ProcessHandle.current().pid(); // a process that exists and is neither init nor the container
        Map<String, String> refusals = new java.util.LinkedHashMap<>();
        refusals.put("race:deploy --bogus f", "race:deploy: unknown option --bogus");
        refusals.put("race:deploy", "race:deploy: expects 1 argument, got 0");
        refusals.put("race:controller ''", "race:controller: the controller name is empty");
        refusals.put("race:apps extra", "race:apps: expects 0 arguments, got 1: extra");
        refusals.put("race:run 1e400", "race:run: seconds must be between 0.001 and 10000000, got 1e400");
        refusals.put("race:mms --seed soon", "race:mms: option --seed: 'soon' is not a whole number");
        refusals.put("race:mms --out /proc/nope", "race:mms: --out /proc/nope: cannot create the folder");
        refusals.put("race:calibrate -n lots", "race:calibrate: option --repetitions: 'lots' is not a whole number");
        refusals.put("race:adopt --cpu lots 1 x", "race:adopt: option --cpu: 'lots' is not a number");
        refusals.put("race:adopt --node sc1 --cpu 100 " + self + " x", "race:adopt: --cpu 100 is more than node sc1 has available (1 of 1 cpu");
        refusals.put("race:adopt --node sc1 1 init", "race:adopt: PID 1 is init");
        refusals.put("race:abandon", "race:abandon: expects 1 argument, got 0");
        refusals.put("race:adopted --all", "race:adopted: unknown option --all");
        refusals.put("race:front --bogus", "race:front: unknown option --bogus");
        refusals.put("race:allocate --bogus f", "race:allocate: unknown option --bogus");
        refusals.put("race:allocate f -a", "race:allocate: option -a needs a value");
        refusals.put("race:allocate -a nosuch --generate 10x2", "race:allocate: allocator 'nosuch' is not installed (installed: ");
        refusals.put("race:allocate", "race:allocate: give application files or --generate, not both or neither");
        refusals.put("race:analyze --bogus x", "race:analyze: unknown option --bogus");
        refusals.put("race:analyze --json", "race:analyze: give at least one application descriptor");
        // issue 17 item 10: these ran for minutes before failing; refused at once now
        refusals.put("race:allocate --generate triplets:999999999",
                "race:allocate: --generate triplets:999999999: triplet bins must be between 1 and 8000, got 999999999");
        refusals.put("race:allocate --generate triplets:1000000",
                "race:allocate: --generate triplets:1000000: triplet bins must be between 1 and 8000, got 1000000");
        refusals.put("race:allocate --generate 100000000x10",
                "race:allocate: --generate 100000000x10: components must be between 1 and 100000, got 100000000");
        refusals.put("exit foo", "exit: status: 'foo' is not a whole number");
        refusals.put("exit 300", "exit: status must be between 0 and 255, got 300");
        for (Map.Entry<String, String> r : refusals.entrySet()) {
            Run run = race(Dist.home(), r.getKey());
            assertEquals(1, run.status(), r.getKey() + ": " + run.out() + run.err());
            assertTrue(run.err().contains(r.getValue()), r.getKey() + ": " + run.err());
            String command = r.getKey().split(" ")[0];
            assertTrue(run.err().contains("\nusage: " + command), r.getKey() + " shows the usage line: " + run.err());
            assertFalse(run.err().contains("Cannot coerce") || run.err().contains("argument type mismatch"), run.err());
        }
    }

    /** Issue 17 items 7 and 8, as a user meets them: the key given twice, and figures printed readably. */
    @Test
    void duplicateKeysAndAbsurdFiguresAreRefusedReadably(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("twice.json"), "{\"name\":\"x\",\"period\":100,\"deadline\":100,\"period\":1e-9,"
                + "\"components\":[{\"name\":\"a\",\"cpu\":0.1}]}");
        Run twice = race(dir, "race:deploy twice.json");
        assertEquals(1, twice.status(), twice.out());
        assertTrue(twice.err().contains("twice.json: $.period: duplicate key 'period'"), twice.err());
        Files.writeString(dir.resolve("huge.json"), "{\"name\":\"x\",\"period\":100,\"deadline\":100,"
                + "\"components\":[{\"name\":\"a\",\"cpu\":1e308}]}");
        Run huge = race(dir, "race:deploy huge.json");
        assertEquals(1, huge.status(), huge.out());
        assertTrue(huge.err().contains("huge.json: $.components[0].cpu: must be 0 or between") && huge.err().contains("got 1.0e308"), huge.err());
    }

    @Test
    void helpIsPrintedOnStdout() throws Exception {
        Run r = race(Dist.home(), "race:status --help");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("race:status"), r.out());
    }

    /** Same seed and commands, same measurements: the sim runs in virtual time, not wall time. */
    @Test
    void batchRunsAreReproducible() throws Exception {
        String line = "race:deploy examples/science-slow-survey.json; race:deploy examples/gnc-sc1.json; race:run 30; race:status";
        Run a = race(Dist.home(), line), b = race(Dist.home(), line);
        assertEquals(0, a.status(), a.err());
        assertTrue(a.out().contains("snapshot at 30 s"), a.out());
        assertTrue(Pattern.compile("(?m)^science1\\s+medium\\s+1\\s+0\\s+0\\.0%\\s+\\d").matcher(a.out()).find(), a.out());
        assertEquals(withoutWallTime(a.out()), withoutWallTime(b.out()));
    }

    /**
     * RACE_PLATFORM=jvm: the same command line runs on real threads. gnc-sc1 burns 25 ms of CPU every
     * 100 ms on sc1 and meets its deadlines; without the variable it is the sim, in virtual time.
     */
    @Test
    void theJvmPlatformRunsTheComponentsOnRealThreads() throws Exception {
        String line = "race:deploy examples/gnc-sc1.json; race:run 3; race:status";
        Run jvm = race(Map.of("RACE_PLATFORM", "jvm"), Dist.home(), line);
        assertEquals(0, jvm.status(), jvm.err());
        assertTrue(jvm.out().contains(" s on the jvm platform"), jvm.out());
        Matcher sc1 = Pattern.compile("(?m)^sc1\\s+\\S+\\s+(\\d+\\.\\d)%").matcher(jvm.out());
        assertTrue(sc1.find(), jvm.out());
        double cpu = Double.parseDouble(sc1.group(1));
        assertTrue(cpu >= 10 && cpu <= 50, "about 25 % cpu on sc1: " + jvm.out());
        Matcher gnc = Pattern.compile("(?m)^gnc-sc1\\s+high\\s+(\\d+)\\s+(\\d+)\\s").matcher(jvm.out());
        assertTrue(gnc.find() && Integer.parseInt(gnc.group(1)) > 0, jvm.out());
        assertTrue(Pattern.compile("(?m)^sc2\\s+\\S+\\s+0\\.0%").matcher(jvm.out()).find(), "nothing runs on sc2: " + jvm.out());

        Run sim = race(Dist.home(), line);
        assertEquals(0, sim.status(), sim.err());
        assertTrue(sim.out().contains("time is now 3 s") && sim.out().contains("snapshot at 3 s on the sim platform"), sim.out());
    }

    @Test
    void anUnknownPlatformIsReportedAndTheSimRuns() throws Exception {
        Run r = race(Map.of("RACE_PLATFORM", "real"), Dist.home(), "race:run 1; race:status");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("race.platform = 'real' names no platform; allowed: jvm, sim"), r.err());
        assertTrue(r.out().contains("snapshot at 1 s on the sim platform"), r.out());
    }

    /**
     * The descriptor examples of the README and docs/descriptors.md are real: the first domain, and every
     * application (the annotated jsonc one without its comments), load and deploy as printed.
     */
    @Test
    void theReadmeExamplesDeploy(@TempDir Path dir) throws Exception {
        // the tour's application in the README, the domain and the reference examples in the guide's descriptor page
        Path root = Dist.home().resolve("../../../..").normalize();
        String readme = Files.readString(root.resolve("README.md")) + Files.readString(root.resolve("docs/descriptors.md"));
        Matcher m = Pattern.compile("```jsonc?\n(.*?)```", Pattern.DOTALL).matcher(readme);
        StringBuilder line = new StringBuilder();
        List<String> names = new ArrayList<>();
        while (m.find()) {
            String json = m.group(1).replaceAll("(?m)\\s*//.*$", "");
            if (json.contains("\"nodes\"") && line.length() == 0) {
                Files.writeString(dir.resolve("domain.json"), json);
                line.append("race:domain domain.json");
            } else if (json.contains("\"components\"")) {
                String name = com.google.gson.JsonParser.parseString(json).getAsJsonObject().get("name").getAsString();
                Files.writeString(dir.resolve(name + ".json"), json);
                names.add(name);
            }
        }
        assertTrue(line.length() > 0, "a domain example");
        assertTrue(names.size() >= 3, "the applications of the guide, the annotated one and the reference: " + names);
        for (String n : names) line.append("; race:deploy ").append(n).append(".json");
        Run r = race(dir, line.toString());
        assertEquals(0, r.status(), r.err());
        for (String n : names) assertTrue(r.out().contains("deployed " + n + " "), r.out());
    }

    /** race:allocate prints one JSON object and deploys nothing; 10,000 components in one file are fine. */
    @Test
    void allocateComputesAPlacementOfTenThousandComponentsFromAFile(@TempDir Path dir) throws Exception {
        StringBuilder nodes = new StringBuilder(), comps = new StringBuilder(), conns = new StringBuilder();
        for (int j = 0; j < 1000; j++) nodes.append(j == 0 ? "" : ",").append("{\"name\":\"n").append(j).append("\",\"cpu\":1,\"memory\":1024,\"bandwidth\":100}");
        for (int i = 0; i < 10000; i++) {
            comps.append(i == 0 ? "" : ",").append("{\"name\":\"c").append(i).append("\",\"cpu\":0.0").append(1 + i % 9)
                    .append(",\"memory\":10}");
            if (i > 0) conns.append(i == 1 ? "" : ",").append("{\"from\":\"c").append(i - 1).append("\",\"to\":\"c").append(i)
                    .append("\",\"bandwidth\":0.1}");
        }
        Files.writeString(dir.resolve("big-domain.json"), "{\"nodes\":[" + nodes + "]}");
        Files.writeString(dir.resolve("big-app.json"), "{\"name\":\"big\",\"period\":1000,\"deadline\":1000,\"components\":[" + comps
                + "],\"connections\":[" + conns + "]}");
        Run r = race(dir, "race:allocate --allocator pbfd --domain big-domain.json big-app.json");
        assertEquals(0, r.status(), r.err());
        com.google.gson.JsonObject out = com.google.gson.JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(10000, out.getAsJsonObject("placement").size());
        assertTrue(out.getAsJsonObject("placement").has("big/c9999"));
        // cpu 0.01-0.09 (500 in all) on 1,000 nodes of 1: at least the lower bound of 500 nodes
        assertTrue(out.get("lowerBound").getAsInt() >= 500);
        assertTrue(out.get("nodesUsed").getAsInt() >= out.get("lowerBound").getAsInt());
        assertTrue(out.get("millis").getAsDouble() >= 0);
    }

    @Test
    void allocateOfAGeneratedProblemAndAnInfeasibleOne() throws Exception {
        Run ok = race(Dist.home(), "race:allocate -a firstfit --generate 300x30,seed=2,tightness=0.7");
        assertEquals(0, ok.status(), ok.err());
        com.google.gson.JsonObject out = com.google.gson.JsonParser.parseString(ok.out()).getAsJsonObject();
        assertEquals(300, out.getAsJsonObject("placement").size());
        assertTrue(out.get("nodesUsed").getAsInt() <= 30);

        Run no = race(Dist.home(), "race:allocate -a pbfd --generate 300x30,seed=2,tightness=1.3");
        assertNotEquals(0, no.status());
        assertTrue(no.err().contains("fits on no node") && no.err().contains("lower bound"), no.err());
        assertEquals("", no.out().trim());
    }

    /** A relative descriptor path not found where bin/race was started is looked up in the container's folder. */
    @Test
    void aRelativeDescriptorPathFallsBackToTheContainerFolder(@TempDir Path elsewhere) throws Exception {
        Run r = race(elsewhere, "race:deploy examples/gnc-sc1.json");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("deployed gnc-sc1"), r.out());
        Run missing = race(elsewhere, "race:deploy examples/none.json");
        assertEquals(1, missing.status(), missing.out());
        assertTrue(missing.err().contains(elsewhere.toRealPath().resolve("examples/none.json") + ": $: file not found")
                || missing.err().contains(elsewhere.resolve("examples/none.json") + ": $: file not found"), missing.err());
    }

    /** With a state file configured, a restarted container redeploys what was deployed before. */
    @Test
    void aConfiguredStateFileCarriesDeploymentsAcrossRestarts(@TempDir Path dir) throws Exception {
        Path home = dir.resolve("race");
        copyTree(Dist.home(), home);
        Files.writeString(home.resolve("conf/race.engine.cfg"), "\nstateFile = ${race.home}/data/registry.json\n",
                java.nio.file.StandardOpenOption.APPEND);
        Run first = raceAt(home, Map.of(), home, "race:deploy examples/gnc-sc1.json");
        assertEquals(0, first.status(), first.err());
        assertTrue(Files.exists(home.resolve("data/registry.json")));
        Run second = raceAt(home, Map.of(), home, "race:run 2; race:status");
        assertEquals(0, second.status(), second.err());
        assertTrue(Pattern.compile("(?m)^gnc-sc1\\s+high\\s+10\\s+0\\s").matcher(second.out()).find(), second.out());
    }

    /**
     * RACE_JMX_PORT opens JConsole's way in: a JMX connector on 127.0.0.1 only. While gnc-sc1 runs on
     * real threads, the test JVM connects to it and reads the figures race-jmx registers; the container
     * listens on that port of 127.0.0.1 and nowhere else.
     */
    @Test
    void raceJmxPortOpensAJmxConnectorOnLoopbackOnly(@TempDir Path dir) throws Exception {
        int port = Cluster.freePort();
        Path out = dir.resolve("out.txt"), err = dir.resolve("err.txt");
        Process p = start(Dist.home(), Map.of("RACE_JMX_PORT", Integer.toString(port), "RACE_PLATFORM", "jvm"), Dist.home(), out, err,
                "race:deploy examples/gnc-sc1.json; race:run 8");
        Run r;
        try {
            JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
            ObjectName engine = new ObjectName("org.race:type=Engine"), sc1 = new ObjectName("org.race:type=Node,name=sc1"),
                    gnc = new ObjectName("org.race:type=Application,name=gnc-sc1");
            long deadline = System.nanoTime() + 30_000_000_000L;
            String seen = "nothing";
            while (true) {
                assertTrue(System.nanoTime() < deadline && p.isAlive(), "no measured gnc-sc1 over JMX; last seen " + seen + "\n" + Files.readString(err));
                try (JMXConnector c = JMXConnectorFactory.connect(url)) {
                    MBeanServerConnection jmx = c.getMBeanServerConnection();
                    if (jmx.isRegistered(gnc)) {
                        double cpu = (double) jmx.getAttribute(sc1, "CpuUtilization");
                        long deadlines = (long) jmx.getAttribute(gnc, "MetDeadlines") + (long) jmx.getAttribute(gnc, "MissedDeadlines");
                        seen = "sc1 cpu " + cpu + ", gnc-sc1 deadlines " + deadlines;
                        if (cpu > 0 && deadlines > 0) {
                            assertEquals(10.0, (double) jmx.getAttribute(gnc, "RateHz"), 1e-9);
                            assertEquals("jvm", jmx.getAttribute(engine, "Platform"));
                            assertEquals("none", jmx.getAttribute(engine, "ActiveController"));
                            assertTrue((int) jmx.getAttribute(engine, "MonitoringDelaySamples") > 0);
                            break;
                        }
                    }
                } catch (IOException notYet) {
                    seen = notYet.toString(); // the connector or the container is still starting
                }
                Thread.sleep(200);
            }
            // the registry and the RMI server share the one port; the process listens nowhere else
            assertEquals(List.of(new InetSocketAddress("127.0.0.1", port)), Listeners.of(p.pid()));
            for (InetAddress a : Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                    .flatMap(NetworkInterface::inetAddresses).filter(a -> !a.isLoopbackAddress()).toList()) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(a, port), 1000);
                    throw new AssertionError("the JMX port answers on " + a);
                } catch (IOException refused) {
                    // bound to 127.0.0.1 only
                }
            }
        } finally {
            r = finish(p, out, err);
        }
        assertEquals(0, r.status(), r.err());
        Run bad = race(Map.of("RACE_JMX_PORT", "jconsole"), Dist.home(), "race:nodes");
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("RACE_JMX_PORT = 'jconsole' is not a port number"), bad.err());
    }

    /**
     * The Felix cache ({@code race-felix-<pid>-*} in the temporary directory) goes at the end of a batch run and
     * on SIGTERM; a start removes the folder of a process that is gone (kill -9).
     */
    @Test
    void felixCachesGoAtExitAndStaleOnesAtStart(@TempDir Path dir) throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path stale = tmp.resolve("race-felix-99999999-test"); // beyond any pid_max: no such process
        Files.createDirectories(stale.resolve("bundle1"));
        Path out = dir.resolve("out.txt"), err = dir.resolve("err.txt");
        Process batch = start(Dist.home(), Map.of(), Dist.home(), out, err, "race:nodes");
        Run r = finish(batch, out, err);
        assertEquals(0, r.status(), r.err());
        assertFalse(Files.exists(stale), "a dead process's cache is removed at start");
        assertEquals(List.of(), caches(tmp, batch.pid()));

        Process term = start(Dist.home(), Map.of("RACE_DASHBOARD", "off"), Dist.home(), out, err);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!Files.readString(out).contains("RACE container at")) {
            assertTrue(System.nanoTime() < deadline && term.isAlive(), Files.readString(err));
            Thread.sleep(100);
        }
        assertEquals(1, caches(tmp, term.pid()).size());
        term.destroy(); // SIGTERM
        assertTrue(term.waitFor(30, TimeUnit.SECONDS));
        assertEquals(List.of(), caches(tmp, term.pid()));
    }

    /**
     * {@code exit [status]} typed in the interactive shell on a terminal (a pseudo-terminal by util-linux
     * {@code script}, sized like a window): bin/race ends with that status, quietly (Gogo's own exit stopped the
     * shell under itself: an InterruptedException every time).
     */
    @ParameterizedTest
    @CsvSource({ "exit 3, 3", "exit, 0" })
    void exitLeavesTheInteractiveShellQuietlyWithItsStatus(String line, int status, @TempDir Path dir) throws Exception {
        Path out = dir.resolve("terminal.txt");
        ProcessBuilder pb = new ProcessBuilder("script", "-qfec", "stty cols 120 rows 40; exec '" + Dist.home().resolve("bin/race") + "'", "/dev/null")
                .directory(Dist.home().toFile()).redirectOutput(out.toFile()).redirectErrorStream(true);
        interactiveEnvironment(pb);
        Process p = pb.start();
        try {
            // the prompt after the greeting: the shell starts once RACE's commands are there
            awaitPrompt(p, out);
            p.getOutputStream().write((line + "\r").getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().flush();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "bin/race did not leave after '" + line + "': " + Files.readString(out));
            String printed = Files.readString(out);
            assertEquals(status, p.exitValue(), printed);
            assertQuiet(printed);
        } finally {
            Cluster.kill(p.toHandle());
        }
    }

    /**
     * Lines piped into the interactive shell (no terminal: JLine's dumb terminal) run as typed, and {@code exit 3}
     * ends it with status 3. JLine 3.21 spun at full CPU on a terminal of no width and never read a line.
     */
    @Test
    void linesPipedIntoTheShellRunAndExitEndsIt(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in.txt"), out = dir.resolve("out.txt");
        Files.writeString(in, "race:nodes\nexit 3\n");
        ProcessBuilder pb = new ProcessBuilder(Dist.home().resolve("bin/race").toString()).directory(Dist.home().toFile())
                .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectErrorStream(true);
        interactiveEnvironment(pb);
        Process p = pb.start();
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "bin/race did not leave: " + Files.readString(out));
            String printed = Files.readString(out);
            assertEquals(3, p.exitValue(), printed);
            assertTrue(Pattern.compile("(?m)^sc1\\s+up\\s").matcher(printed).find(), printed);
            assertQuiet(printed);
        } finally {
            Cluster.kill(p.toHandle());
        }
    }

    private static void interactiveEnvironment(ProcessBuilder pb) {
        pb.environment().remove("RACE_PLATFORM");
        pb.environment().remove("RACE_PROFILE");
        pb.environment().remove("RACE_JMX_PORT");
        pb.environment().put("RACE_DASHBOARD", "off");
        pb.environment().put("TERM", "xterm");
    }

    private static void awaitPrompt(Process p, Path out) throws Exception {
        long deadline = System.nanoTime() + Cluster.READY_TIMEOUT_MS * 1_000_000;
        Pattern prompt = Pattern.compile("RACE container at (?s).*g!");
        while (!prompt.matcher(Files.readString(out)).find()) {
            assertTrue(System.nanoTime() < deadline && p.isAlive(), "no prompt: " + Files.readString(out));
            Thread.sleep(50);
        }
    }

    /** Nothing but the shell's own lines: no exception, no stack trace, no executor Gogo could not stop. */
    private static void assertQuiet(String printed) {
        assertFalse(printed.contains("Exception"), printed);
        assertFalse(Pattern.compile("(?m)^\\s+at ").matcher(printed).find(), printed);
        assertFalse(printed.contains("FAILED TO STOP"), printed);
    }

    private static List<Path> caches(Path tmp, long pid) throws IOException {
        try (var s = Files.list(tmp)) {
            return s.filter(f -> f.getFileName().toString().startsWith("race-felix-" + pid + "-")).toList();
        }
    }

    /** A dashboard port in use is one line on stderr, not Jetty's stack traces before it. */
    @Test
    void aDashboardPortInUseIsOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run r = race(Map.of("RACE_DASHBOARD", "on", "RACE_JAVA_OPTS", "-Drace.http.port=" + taken.getLocalPort()), Dist.home(), "race:allocators");
            assertEquals(0, r.status(), r.err());
            assertEquals("race: dashboard not started: cannot serve HTTP on 127.0.0.1:" + taken.getLocalPort()
                    + " (port in use? set -Drace.http.port=... in RACE_JAVA_OPTS, 0 for any free port)", r.err().strip());
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    /** Monitoring and actuation delays and decision times are wall-clock times: the only figures that may differ between runs. */
    private static String withoutWallTime(String s) {
        return s.replaceAll("(?m)^(monitoring delay|actuation delay|decision time) .*$", "$1 N");
    }
}
