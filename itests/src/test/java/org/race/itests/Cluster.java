package org.race.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Real processes of the distributed mode on loopback, for the tests: a ZooKeeper server started by
 * {@code bin/zookeeper} on a free port, node containers ({@code RACE_PROFILE=node}, one node each)
 * and any other process the test starts through {@link #track}. {@link #close()} kills them all
 * (SIGKILL, with their children) and stops ZooKeeper.
 */
final class Cluster implements AutoCloseable {
    /** A wait, not a bound under test: a node container starts in about 5 s, 16 s and more on a machine at load 16. */
    static final long READY_TIMEOUT_MS = 90_000;

    private final Path dir;
    /** The distribution the node containers run from, and their platform (null: the default one). */
    private final Path home;
    private final String platform;
    private final Path zkDir;
    private final String zookeeper;
    /** What {@code bin/zookeeper start} printed. */
    private final String zkStarted;
    private final Map<String, Process> nodes = new LinkedHashMap<>();
    private final List<Process> others = new ArrayList<>();

    /** Starts ZooKeeper with its data under {@code dir/zookeeper}; processes write {@code dir/NAME.out|err}. */
    Cluster(Path dir) throws IOException, InterruptedException {
        this(dir, Dist.home(), null);
    }

    /** The same with node containers run from the distribution at {@code home} (e.g. a copy with bundles in its deploy/), on {@code platform}. */
    Cluster(Path dir, Path home, String platform) throws IOException, InterruptedException {
        this.dir = dir;
        this.home = home;
        this.platform = platform;
        this.zkDir = dir.resolve("zookeeper");
        this.zookeeper = "127.0.0.1:" + freePort();
        Process start = new ProcessBuilder(Dist.home().resolve("bin/zookeeper").toString(), "start", zkDir.toString(),
                zookeeper.substring(zookeeper.indexOf(':') + 1)).redirectErrorStream(true).start();
        assertTrue(start.waitFor(20, TimeUnit.SECONDS), "bin/zookeeper start did not return");
        zkStarted = new String(start.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, start.exitValue(), zkStarted);
    }

    /** host:port of the ZooKeeper server. */
    String zookeeper() {
        return zookeeper;
    }

    String zkStarted() {
        return zkStarted;
    }

    /** Starts a node container hosting {@code node} (sim platform, wall time) and waits until it is ready. */
    Process node(String node) throws IOException, InterruptedException {
        return node(node, "");
    }

    /** The same with more launcher options ({@code -D...}) for the node container's JVM. */
    Process node(String node, String javaOpts) throws IOException, InterruptedException {
        Process p = start(node, javaOpts);
        awaitLine(p, node, "RACE node container ready: nodes " + node);
        return p;
    }

    /** Starts one node container per name, side by side, and waits until all are ready. */
    void nodes(String... names) throws IOException, InterruptedException {
        nodesWith("", names);
    }

    /** The same with more launcher options ({@code -D...}) for every node container's JVM. */
    void nodesWith(String javaOpts, String... names) throws IOException, InterruptedException {
        for (String n : names) start(n, javaOpts);
        for (String n : names) awaitLine(nodes.get(n), n, "RACE node container ready: nodes " + n);
    }

    private Process start(String node, String javaOpts) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/race").toString()).directory(home.toFile())
                .redirectOutput(out(node).toFile()).redirectError(err(node).toFile());
        pb.environment().remove("RACE_PLATFORM");
        if (platform != null) pb.environment().put("RACE_PLATFORM", platform);
        pb.environment().put("RACE_PROFILE", "node");
        pb.environment().put("RACE_JAVA_OPTS", "-Drace.nodes=" + node + " -Drace.zookeeper=" + zookeeper + " " + javaOpts);
        Process p = pb.start();
        nodes.put(node, p);
        return p;
    }

    Process process(String node) {
        return nodes.get(node);
    }

    /** Kills the container hosting {@code node} (SIGKILL): no goodbye, ZooKeeper notices when its session expires. */
    void kill(String node) {
        kill(nodes.get(node).toHandle());
    }

    /** A process the test started, killed on close. */
    Process track(Process p) {
        others.add(p);
        return p;
    }

    Path out(String name) {
        return dir.resolve(name + ".out");
    }

    Path err(String name) {
        return dir.resolve(name + ".err");
    }

    /** Waits until the process writing {@code dir/NAME.out} printed {@code line}. */
    void awaitLine(Process p, String name, String line) throws IOException, InterruptedException {
        awaitOutput(p, out(name), err(name), Pattern.compile(Pattern.quote(line)));
    }

    /** Waits until the process has printed something matching; a process prints a command's lines one by one. */
    static void awaitOutput(Process p, Path out, Path err, Pattern expected) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_TIMEOUT_MS * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (expected.matcher(Files.readString(out)).find()) return;
            if (!p.isAlive()) throw new AssertionError("the process exited (" + p.exitValue() + ") before printing " + expected + ": " + Files.readString(err));
            Thread.sleep(50);
        }
        throw new AssertionError("nothing matching " + expected + " within " + READY_TIMEOUT_MS / 1000 + " s: " + Files.readString(out) + Files.readString(err));
    }

    static void kill(ProcessHandle p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        for (Process p : others) kill(p.toHandle());
        for (Process p : nodes.values()) kill(p.toHandle());
        Process stop = new ProcessBuilder(Dist.home().resolve("bin/zookeeper").toString(), "stop", zkDir.toString()).redirectErrorStream(true).start();
        if (!stop.waitFor(15, TimeUnit.SECONDS)) stop.destroyForcibly();
        Path pid = zkDir.resolve("zookeeper.pid"); // still there if stop failed
        if (Files.exists(pid)) ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(Cluster::kill);
    }
}
