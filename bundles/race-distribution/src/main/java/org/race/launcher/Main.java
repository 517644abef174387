package org.race.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.race.api.FrameworkProperties;

/**
 * Starts RACE's Felix container from {@code $RACE_HOME}: installs {@code bundle/*.jar}, watches
 * {@code deploy/} (bundles) and {@code conf/} (configurations) with FileInstall, and runs the
 * platform named by RACE_PLATFORM or -Drace.platform (sim by default, or jvm): of the bundles in
 * {@code platform/} it starts that one only. Without arguments
 * it runs the interactive Gogo shell; with arguments it runs them as one Gogo command line, prints
 * the output and exits 0, or 1 with the error on stderr.
 * <p>
 * The profile (-Drace.profile or RACE_PROFILE) is {@code embedded} by default: one container runs
 * everything. {@code central} and {@code node} also install {@code rsa/} (Aries RSA, fastbin,
 * discovery through the ZooKeeper server at -Drace.zookeeper=host:port, 127.0.0.1:2181 by default)
 * and its configurations {@code rsa/conf/}: a node container exports the NodeManager,
 * NodeEffector, NodeMonitor, ResourceMonitors and QosMonitor of the nodes it hosts (-Drace.nodes,
 * every node of its domain by default), leaves monitoring to the central (it does not start
 * {@value Container#CENTRAL_MONITOR}: each sample of a node's monitors closes its window, and the central's
 * windows must be whole) and, without arguments, runs headless until stopped; the central container hosts no node (unless -Drace.nodes
 * says so) and imports the nodes' services. -Drace.await.nodes=a,b makes a batch command line wait
 * until NodeManagers for those nodes are registered. Every endpoint a container opens (fastbin) listens on
 * 127.0.0.1 unless -Drace.bind (or RACE_BIND) names another address of this machine.
 * <p>
 * The dashboard ({@code dashboard/}: Felix HTTP on Jetty and race-dashboard) is installed when
 * -Drace.dashboard or RACE_DASHBOARD says {@code on}, by default in interactive embedded and central
 * containers; it listens on -Drace.http.host (127.0.0.1) and -Drace.http.port (8421, 0 for any free
 * port) through conf/org.apache.felix.http.cfg, and its address is printed at start (on stderr in
 * batch mode).
 */
public final class Main {
    /** The status the shell's {@code exit} asks for (race-shell ExitCommand, same name); 0 when it is not set. */
    static final String EXIT_STATUS = "race.exit.status";
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream stdout = System.out, stderr = System.err;
        boolean batch = args.length > 0;
        if (batch) System.setOut(stderr); // keep everything but command output off stdout
        Path home = Path.of(System.getProperty(FrameworkProperties.HOME, ".")).toAbsolutePath().normalize();
        String profile;
        try {
            profile = Settings.profile(System.getProperty(FrameworkProperties.PROFILE), System.getenv("RACE_PROFILE"));
            Settings.dashboard(System.getProperty(FrameworkProperties.DASHBOARD), System.getenv("RACE_DASHBOARD"), batch, profile);
            Settings.httpPort(System.getProperty(FrameworkProperties.HTTP_PORT, Settings.DEFAULT_HTTP_PORT));
            JmxConnector.start(System.getProperty(JmxConnector.PORT), Settings.bind());
        } catch (IllegalArgumentException | Settings.BadSetting e) {
            stderr.println("race: " + e.getMessage());
            System.exit(2);
            return;
        }
        String refused = null;
        try {
            refused = StateFileCheck.refusal(home);
        } catch (IOException | RuntimeException unreadable) {
            // the engine reports what is wrong with its configuration itself
        }
        if (refused != null) {
            stderr.println("race: " + refused);
            System.exit(1);
            return;
        }
        FelixCache cache = FelixCache.create(Path.of(System.getProperty("java.io.tmpdir")));
        int status;
        try {
            if (batch) status = runBatch(home, cache, profile, String.join(" ", args), stdout, stderr);
            else if (profile.equals("node")) status = runHeadless(home, cache, profile, stdout);
            else status = runInteractive(home, cache, profile);
        } catch (Settings.BadSetting e) {
            stderr.println("race: " + e.getMessage());
            status = 2;
        } finally {
            cache.close();
        }
        System.exit(status);
    }

    /** A node container without a shell: prints one line when ready, runs until stopped (SIGTERM stops the framework). */
    private static int runHeadless(Path home, FelixCache cache, String profile, PrintStream stdout) throws Exception {
        Framework fw = Container.start(home, cache.dir(), profile, Container.JLINE_SHELL + ",org.apache.felix.gogo.shell", false);
        cache.runs(fw);
        BundleContext ctx = fw.getBundleContext();
        if (Readiness.awaitReady(ctx, home.resolve("deploy")) == null) {
            System.err.println("race: the container did not become ready within " + Readiness.READY_TIMEOUT_MS / 1000 + " s");
            return 1;
        }
        String hosted = ctx.getProperty(FrameworkProperties.NODES);
        stdout.println("RACE " + profile + " container ready: nodes " + (hosted == null ? "all" : hosted) + ", fastbin tcp://"
                + ctx.getProperty(FrameworkProperties.BIND) + ":" + ctx.getProperty(FrameworkProperties.FASTBIN_PORT) + ", zookeeper "
                + ctx.getProperty(FrameworkProperties.ZOOKEEPER));
        String dashboard = Readiness.dashboardLine(ctx);
        if (dashboard != null) stdout.println(dashboard);
        stdout.flush();
        fw.waitForStop(0);
        return 0;
    }

    private static int runInteractive(Path home, FelixCache cache, String profile) throws Exception {
        Framework fw = Container.start(home, cache.dir(), profile, "org.apache.felix.gogo.shell," + Container.JLINE_SHELL, false);
        cache.runs(fw); // SIGTERM or SIGHUP (a closed terminal) stops the framework, then the cache goes
        // The shell reads its first line once RACE's commands are there: typed-ahead or piped lines would
        // otherwise meet "Command not found", and an early exit Gogo's own, which stops the shell under itself.
        BundleContext ctx = fw.getBundleContext();
        if (Readiness.awaitReady(ctx, home.resolve("deploy")) == null) {
            System.err.println("race: the container did not become ready within " + Readiness.READY_TIMEOUT_MS / 1000 + " s");
        }
        System.out.println("RACE container at " + home + " (deploy/ for bundles, conf/ for configuration). "
                + "Type 'help' or 'race:deploy --help'; Ctrl-D or 'exit 0' leaves.");
        String dashboard = Readiness.dashboardLine(ctx);
        if (dashboard != null) System.out.println(dashboard);
        Container.startShell(ctx);
        fw.waitForStop(0);
        return Integer.getInteger(EXIT_STATUS, 0); // set by the shell's exit command (race-shell ExitCommand)
    }

    private static int runBatch(Path home, FelixCache cache, String profile, String line, PrintStream stdout, PrintStream stderr) throws Exception {
        Framework fw = Container.start(home, cache.dir(), profile, Container.JLINE_SHELL, true);
        cache.runs(fw);
        try {
            BundleContext ctx = fw.getBundleContext();
            ServiceReference<?> ref = Readiness.awaitReady(ctx, home.resolve("deploy"));
            if (ref == null) {
                stderr.println("race: the container did not become ready within " + Readiness.READY_TIMEOUT_MS / 1000 + " s");
                return 1;
            }
            String dashboard = Readiness.dashboardLine(ctx);
            if (dashboard != null) stderr.println("race: " + dashboard); // stdout is the command's
            String awaited = ctx.getProperty(FrameworkProperties.AWAIT_NODES);
            String missing = Readiness.awaitNodes(ctx, awaited);
            if (!missing.isEmpty()) {
                stderr.println("race: no NodeManager for " + missing + " within " + Readiness.AWAIT_NODES_TIMEOUT_MS / 1000 + " s ("
                        + FrameworkProperties.AWAIT_NODES + ")");
                return 1;
            }
            return BatchSession.run(ctx, ref, line, stdout, stderr);
        } finally {
            fw.stop();
            fw.waitForStop(10_000);
        }
    }
}
