package org.race.launcher;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Starts RACE's Felix container from {@code $RACE_HOME}: installs {@code bundle/*.jar}, watches
 * {@code deploy/} (bundles) and {@code conf/} (configurations) with FileInstall, and runs the
 * platform named by RACE_PLATFORM or -Drace.platform (sim by default, or jvm). Without arguments
 * it runs the interactive Gogo shell; with arguments it runs them as one Gogo command line, prints
 * the output and exits 0, or 1 with the error on stderr.
 * <p>
 * The profile (-Drace.profile or RACE_PROFILE) is {@code embedded} by default: one container runs
 * everything. {@code central} and {@code node} also install {@code rsa/} (Aries RSA, fastbin,
 * discovery through the ZooKeeper server at -Drace.zookeeper=host:port, 127.0.0.1:2181 by default)
 * and its configurations {@code rsa/conf/}: a node container exports the NodeManager,
 * NodeEffector, NodeMonitor, ResourceMonitors and QosMonitor of the nodes it hosts (-Drace.nodes,
 * every node of its domain by default), leaves monitoring to the central (it does not start
 * {@value #CENTRAL_MONITOR}: each sample of a node's monitors closes its window, and the central's
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
    private static final String COMMAND_PROCESSOR = "org.apache.felix.service.command.CommandProcessor";
    private static final String COMMAND_SESSION = "org.apache.felix.service.command.CommandSession";
    /** Services, bundles and configurations settle within this long after the last framework event. */
    private static final long QUIET_MS = 150;
    private static final long READY_TIMEOUT_MS = 30_000;
    private static final String PLATFORM = "race.platform";
    static final String PROFILE = "race.profile";
    static final List<String> PROFILES = List.of("embedded", "central", "node");
    static final String ZOOKEEPER = "race.zookeeper";
    static final String DEFAULT_ZOOKEEPER = "127.0.0.1:2181";
    static final String FASTBIN_PORT = "race.fastbin.port";
    /** The address fastbin listens on and announces; loopback unless set explicitly. */
    static final String BIND = "race.bind";
    static final String DEFAULT_BIND = "127.0.0.1";
    static final String HOSTED = "race.nodes";
    static final String EXPORT = "race.export";
    static final String AWAIT_NODES = "race.await.nodes";
    private static final long AWAIT_NODES_TIMEOUT_MS = 30_000;
    /** on or off: whether this container serves the dashboard (dashboard/: Felix HTTP on Jetty and race-dashboard). */
    static final String DASHBOARD = "race.dashboard";
    static final String HTTP_HOST = "race.http.host";
    static final String HTTP_PORT = "race.http.port";
    static final String DEFAULT_HTTP_HOST = "127.0.0.1";
    static final String DEFAULT_HTTP_PORT = "8421";
    private static final String HTTP_RUNTIME = "org.osgi.service.servlet.runtime.HttpServiceRuntime";
    /** How long the dashboard's address is waited for (Jetty starts once its configuration has arrived, later under load). */
    private static final long HTTP_TIMEOUT_MS = 5_000;
    /** Not started in a node container: the central samples the node's monitors. */
    static final String CENTRAL_MONITOR = "race-monitor-central";
    /** discovery.local needs a JAXB implementation: these start first, before SCR, in this order. */
    private static final String LOGGING_API = "org.ops4j.pax.logging.pax-logging-api";
    private static final String FASTBIN = "org.apache.aries.rsa.provider.fastbin";
    private static final String REMOTE_SERVICE_ADMIN = "org.osgi.service.remoteserviceadmin.RemoteServiceAdmin";
    private static final List<String> CONFIGURED_BY = List.of("org.apache.felix.configadmin", "org.apache.felix.fileinstall");
    static final List<String> START_FIRST = List.of("jakarta.activation-api", "jakarta.xml.bind-api", "osgi-resource-locator", "jaxb-osgi");

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream stdout = System.out, stderr = System.err;
        boolean batch = args.length > 0;
        if (batch) System.setOut(stderr); // keep everything but command output off stdout
        Path home = Path.of(System.getProperty("race.home", ".")).toAbsolutePath().normalize();
        String profile;
        try {
            profile = profile(System.getProperty(PROFILE), System.getenv("RACE_PROFILE"));
            dashboard(System.getProperty(DASHBOARD), System.getenv("RACE_DASHBOARD"), batch, profile);
            httpPort(System.getProperty(HTTP_PORT, DEFAULT_HTTP_PORT));
        } catch (IllegalArgumentException e) {
            stderr.println("race: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path storage = Files.createTempDirectory("race-felix-");
        int status;
        try {
            if (batch) status = runBatch(home, storage, profile, String.join(" ", args), stdout, stderr);
            else if (profile.equals("node")) status = runHeadless(home, storage, profile, stdout);
            else status = runInteractive(home, storage, profile);
        } catch (BadSetting e) {
            stderr.println("race: " + e.getMessage());
            status = 2;
        } finally {
            deleteTree(storage);
        }
        System.exit(status);
    }

    private static Framework start(Path home, Path storage, String profile, boolean batch) throws BundleException, IOException, BadSetting {
        return start(home, storage, profile, batch ? "org.apache.felix.gogo.jline" : "org.apache.felix.gogo.shell", batch);
    }

    /** Starts the container without the bundles named in {@code skip} (comma-separated symbolic names). */
    private static Framework start(Path home, Path storage, String profile, String skip, boolean batch) throws BundleException, IOException, BadSetting {
        Path deploy = home.resolve("deploy"), conf = home.resolve("conf");
        Files.createDirectories(deploy);
        Files.createDirectories(conf);
        Map<String, String> p = new HashMap<>();
        p.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        p.put("race.home", home.toString());
        p.put("felix.fileinstall.dir", deploy + "," + conf);
        p.put("felix.fileinstall.noInitialDelay", "true");
        p.put("felix.fileinstall.poll", "500");
        p.put("felix.fileinstall.enableConfigSave", "false"); // it truncated .cfg files in short runs
        p.put("felix.fileinstall.log.default", "jul");
        p.put("org.ops4j.pax.logging.DefaultServiceLog.level", System.getProperty("race.log.level", "WARN"));
        p.put("race.sim.speed", System.getProperty("race.sim.speed", batch ? "0" : "1"));
        String platform = platform(System.getProperty(PLATFORM), System.getenv("RACE_PLATFORM"));
        if (platform != null) p.put(PLATFORM, platform);
        p.put("gosh.args", batch ? "--nointeractive" : "");
        boolean distributed = !profile.equals("embedded");
        if (distributed) distributed(home, profile, p);
        boolean dashboard = dashboard(System.getProperty(DASHBOARD), System.getenv("RACE_DASHBOARD"), batch, profile);
        if (dashboard) http(p);
        Framework fw = new FrameworkFactory().newFramework(p);
        fw.init();
        BundleContext ctx = fw.getBundleContext();
        List<Bundle> installed = new ArrayList<>();
        if (distributed) {
            List<Path> rsa;
            try (Stream<Path> jars = Files.list(home.resolve("rsa"))) {
                rsa = jars.filter(j -> j.toString().endsWith(".jar")).sorted(Comparator.comparingInt(Main::startRank).thenComparing(Path::toString)).toList();
            }
            for (Path jar : rsa) installed.add(ctx.installBundle(jar.toUri().toString()));
        }
        for (String folder : dashboard ? List.of("bundle", "dashboard") : List.of("bundle")) {
            try (Stream<Path> jars = Files.list(home.resolve(folder))) {
                for (Path jar : jars.filter(j -> j.toString().endsWith(".jar")).sorted().toList()) {
                    installed.add(ctx.installBundle(jar.toUri().toString()));
                }
            }
        }
        fw.start();
        fw.adapt(FrameworkWiring.class).resolveBundles(installed);
        if (distributed) installed.sort(Comparator.comparingInt(Main::distributedRank));
        // Batch mode uses the plain gogo shell (no terminal); interactive mode the JLine one; headless none.
        List<String> skipped = new ArrayList<>(List.of(skip.split(",")));
        if (profile.equals("node")) skipped.add(CENTRAL_MONITOR);
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        for (Bundle b : installed) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null || skipped.contains(b.getSymbolicName())) continue;
            // JLine finds its terminal providers through the context class loader
            if ("org.jline".equals(b.getSymbolicName())) Thread.currentThread().setContextClassLoader(b.adapt(org.osgi.framework.wiring.BundleWiring.class).getClassLoader());
            try {
                b.start();
            } catch (BundleException e) {
                System.err.println("race: cannot start " + b.getSymbolicName() + ": " + e.getMessage());
            }
            // The RemoteServiceAdmin first, then the services to export: Aries RSA 1.16's topology manager can fail
            // (ConcurrentModificationException) when it arrives while they register, and then exports none of them.
            if (FASTBIN.equals(b.getSymbolicName()) && !awaitService(ctx, REMOTE_SERVICE_ADMIN)) {
                System.err.println("race: no RemoteServiceAdmin from " + FASTBIN + " within " + READY_TIMEOUT_MS / 1000 + " s");
            }
        }
        Thread.currentThread().setContextClassLoader(tccl);
        return fw;
    }

    /**
     * Start order of the central and node profiles: the logging API, or the rsa/ bundles log at DEBUG before
     * it has read its level; ConfigAdmin and FileInstall, which hands ConfigAdmin the rsa/conf files as it
     * starts, so that fastbin starts configured (without a configuration it first listens on its built-in
     * default, every interface at port 2543); the rsa/ bundles, the JAXB implementation before SCR, fastbin
     * last; then the others.
     */
    private static int distributedRank(Bundle b) {
        String name = b.getSymbolicName();
        if (LOGGING_API.equals(name)) return 0;
        if (CONFIGURED_BY.contains(name)) return 1;
        if (FASTBIN.equals(name)) return 3;
        return b.getLocation().contains("/rsa/") ? 2 : 4;
    }

    private static boolean awaitService(BundleContext ctx, String type) {
        long deadline = System.nanoTime() + READY_TIMEOUT_MS * 1_000_000;
        while (ctx.getServiceReference(type) == null) {
            if (System.nanoTime() > deadline) return false;
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** rsa/ jars of the JAXB implementation first (in {@link #START_FIRST} order), then the others. */
    private static int startRank(Path jar) {
        String name = jar.getFileName().toString();
        for (int i = 0; i < START_FIRST.size(); i++) {
            if (name.startsWith(START_FIRST.get(i) + "-")) return i;
        }
        return START_FIRST.size();
    }

    /**
     * Framework properties of the central and node profiles: where ZooKeeper is, the fastbin port
     * (a free loopback port unless -Drace.fastbin.port), which nodes this container hosts and whether
     * it exports them; rsa/conf/ holds the configurations that use them.
     */
    private static void distributed(Path home, String profile, Map<String, String> p) throws IOException, BadSetting {
        p.put(PROFILE, profile);
        p.put("felix.fileinstall.dir", p.get("felix.fileinstall.dir") + "," + home.resolve("rsa").resolve("conf"));
        String zk = System.getProperty(ZOOKEEPER, System.getenv().getOrDefault("RACE_ZOOKEEPER", DEFAULT_ZOOKEEPER)).trim();
        int colon = zk.lastIndexOf(':');
        if (colon <= 0 || !zk.substring(colon + 1).matches("\\d{1,5}")) throw new BadSetting(ZOOKEEPER + " = '" + zk + "': expected host:port");
        p.put(ZOOKEEPER, zk);
        p.put(ZOOKEEPER + ".host", zk.substring(0, colon));
        p.put(ZOOKEEPER + ".port", zk.substring(colon + 1));
        p.put(ZOOKEEPER + ".timeout", System.getProperty(ZOOKEEPER + ".timeout", "3000"));
        String bind = System.getProperty(BIND, System.getenv().getOrDefault("RACE_BIND", DEFAULT_BIND)).trim();
        int free = freePort(BIND, bind); // also shows that this machine can listen there
        p.put(BIND, bind);
        String port = System.getProperty(FASTBIN_PORT);
        p.put(FASTBIN_PORT, port != null && !port.isBlank() ? port.trim() : Integer.toString(free));
        String hosted = System.getProperty(HOSTED);
        if (hosted != null) p.put(HOSTED, hosted);
        else if (profile.equals("central")) p.put(HOSTED, "none");
        p.put(EXPORT, System.getProperty(EXPORT, Boolean.toString(profile.equals("node"))));
        String await = System.getProperty(AWAIT_NODES);
        if (await != null) p.put(AWAIT_NODES, await);
    }

    /** A free port on {@code address}, the value of {@code setting}; refused when the address is not one of this machine's. */
    private static int freePort(String setting, String address) throws BadSetting {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new BadSetting(setting + " = '" + address + "': cannot listen there (" + e.getMessage()
                    + "); expected an address of this machine, " + DEFAULT_BIND + " by default");
        }
    }

    /** A launcher option that cannot be used, reported as {@code race: <message>} with exit status 2. */
    static final class BadSetting extends Exception {
        private static final long serialVersionUID = 1L;

        BadSetting(String message) {
            super(message);
        }
    }

    /**
     * Whether to serve the dashboard: -Drace.dashboard before RACE_DASHBOARD, {@code on} or {@code off}; by
     * default on in an interactive embedded or central container, off in batch mode (parallel runs would
     * compete for the port, and most end before anyone could look) and in node containers (the central's
     * dashboard shows their nodes).
     */
    static boolean dashboard(String systemProperty, String environment, boolean batch, String profile) {
        String v = systemProperty != null && !systemProperty.isBlank() ? systemProperty
                : environment != null && !environment.isBlank() ? environment : null;
        if (v == null) return !batch && !profile.equals("node");
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw new IllegalArgumentException(DASHBOARD + " = '" + v.trim() + "': expected on or off");
        };
    }

    /**
     * The dashboard's address: -Drace.http.host (127.0.0.1, loopback only) and -Drace.http.port (8421; 0
     * takes a free port, chosen here so that the address can be printed). conf/org.apache.felix.http.cfg
     * hands them to Felix HTTP through ConfigAdmin, and Jetty waits for that configuration (else it would
     * bind, then bind again when it arrives); the same values as framework properties are the defaults of
     * keys the configuration leaves out.
     */
    private static void http(Map<String, String> p) throws BadSetting {
        String host = System.getProperty(HTTP_HOST, DEFAULT_HTTP_HOST).trim();
        int n = httpPort(System.getProperty(HTTP_PORT, DEFAULT_HTTP_PORT));
        int free = freePort(HTTP_HOST, host); // also shows that this machine can listen there
        if (n == 0) n = free;
        p.put(DASHBOARD, "on");
        p.put(HTTP_HOST, host);
        p.put(HTTP_PORT, Integer.toString(n));
        p.put("org.apache.felix.http.host", host);
        p.put("org.osgi.service.http.port", Integer.toString(n));
        p.put("org.apache.felix.http.require.config", "true");
        p.put("org.apache.felix.http.jetty.sendServerHeader", "false");
    }

    static int httpPort(String port) {
        int n;
        try {
            n = Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(HTTP_PORT + " = '" + port.trim() + "': expected a port number (0: any free port)");
        }
        if (n < 0 || n > 65535) throw new IllegalArgumentException(HTTP_PORT + " = " + n + ": expected 0 to 65535");
        return n;
    }


    /**
     * The dashboard's address once Felix HTTP has bound its port, or a line saying why there is none;
     * null when this container serves no dashboard.
     */
    static String dashboardLine(BundleContext ctx) throws Exception {
        if (!"on".equals(ctx.getProperty(DASHBOARD))) return null;
        // Jetty starts when its configuration arrives, the runtime service follows; a port it cannot bind never brings one
        ServiceReference<?>[] runtime = ctx.getAllServiceReferences(HTTP_RUNTIME, null);
        for (long deadline = System.nanoTime() + HTTP_TIMEOUT_MS * 1_000_000; runtime == null && System.nanoTime() < deadline;) {
            Thread.sleep(20);
            runtime = ctx.getAllServiceReferences(HTTP_RUNTIME, null);
        }
        if (runtime == null) {
            return "dashboard not started: cannot serve HTTP on " + ctx.getProperty(HTTP_HOST) + ":" + ctx.getProperty(HTTP_PORT)
                    + " (port in use? set -D" + HTTP_PORT + "=... in RACE_JAVA_OPTS, 0 for any free port)";
        }
        Object endpoints = runtime[0].getProperty("osgi.http.endpoint");
        String endpoint = endpoints instanceof String[] a && a.length > 0 ? a[0] : String.valueOf(endpoints);
        if (!endpoint.endsWith("/")) endpoint += "/";
        return "dashboard " + endpoint + "race/";
    }

    /** embedded (the default), central or node: the system property before the environment variable. */
    static String profile(String systemProperty, String environment) {
        String v = systemProperty != null && !systemProperty.isBlank() ? systemProperty
                : environment != null && !environment.isBlank() ? environment : "embedded";
        v = v.trim().toLowerCase(Locale.ROOT);
        if (!PROFILES.contains(v)) throw new IllegalArgumentException(PROFILE + " = '" + v + "' names no profile; allowed: " + String.join(", ", PROFILES));
        return v;
    }

    /**
     * The platform to run on: the system property race.platform (e.g. in RACE_JAVA_OPTS) before the
     * environment variable RACE_PLATFORM; null leaves the choice to race-node (sim). The value is
     * checked there, where the platforms are.
     */
    static String platform(String systemProperty, String environment) {
        if (systemProperty != null && !systemProperty.isBlank()) return systemProperty.trim();
        if (environment != null && !environment.isBlank()) return environment.trim();
        return null;
    }

    /** A node container without a shell: prints one line when ready, runs until stopped (SIGTERM stops the framework). */
    private static int runHeadless(Path home, Path storage, String profile, PrintStream stdout) throws Exception {
        Framework fw = start(home, storage, profile, "org.apache.felix.gogo.jline,org.apache.felix.gogo.shell", false);
        stopOnSignal(fw, storage);
        BundleContext ctx = fw.getBundleContext();
        if (awaitReady(ctx, home.resolve("deploy")) == null) {
            System.err.println("race: the container did not become ready within " + READY_TIMEOUT_MS / 1000 + " s");
            return 1;
        }
        stdout.println("RACE " + profile + " container ready: nodes " + (ctx.getProperty(HOSTED) == null ? "all" : ctx.getProperty(HOSTED))
                + ", fastbin tcp://" + ctx.getProperty(BIND) + ":" + ctx.getProperty(FASTBIN_PORT) + ", zookeeper " + ctx.getProperty(ZOOKEEPER));
        String dashboard = dashboardLine(ctx);
        if (dashboard != null) stdout.println(dashboard);
        stdout.flush();
        fw.waitForStop(0);
        return 0;
    }

    /** SIGTERM or SIGHUP (a closed terminal) stops the framework, so that bundles stop and the storage is removed. */
    private static void stopOnSignal(Framework fw, Path storage) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                fw.stop();
                fw.waitForStop(10_000);
            } catch (Exception ignored) {
                // exiting anyway
            }
            deleteTree(storage);
        }, "race-stop"));
    }

    private static int runInteractive(Path home, Path storage, String profile) throws Exception {
        Framework fw = start(home, storage, profile, false);
        stopOnSignal(fw, storage);
        System.out.println("RACE container at " + home + " (deploy/ for bundles, conf/ for configuration). "
                + "Type 'help' or 'race:deploy --help'; Ctrl-D or 'exit 0' leaves.");
        String dashboard = dashboardLine(fw.getBundleContext());
        if (dashboard != null) System.out.println(dashboard);
        fw.waitForStop(0);
        return 0;
    }

    private static int runBatch(Path home, Path storage, String profile, String line, PrintStream stdout, PrintStream stderr) throws Exception {
        Framework fw = start(home, storage, profile, true);
        try {
            BundleContext ctx = fw.getBundleContext();
            ServiceReference<?> ref = awaitReady(ctx, home.resolve("deploy"));
            if (ref == null) {
                stderr.println("race: the container did not become ready within " + READY_TIMEOUT_MS / 1000 + " s");
                return 1;
            }
            String dashboard = dashboardLine(ctx);
            if (dashboard != null) stderr.println("race: " + dashboard); // stdout is the command's
            String missing = awaitNodes(ctx, ctx.getProperty(AWAIT_NODES));
            if (!missing.isEmpty()) {
                stderr.println("race: no NodeManager for " + missing + " within " + AWAIT_NODES_TIMEOUT_MS / 1000 + " s (" + AWAIT_NODES + ")");
                return 1;
            }
            Bundle gogo = ref.getBundle();
            Class<?> processorType = gogo.loadClass(COMMAND_PROCESSOR), sessionType = gogo.loadClass(COMMAND_SESSION);
            Object processor = ctx.getService(ref);
            Object session = processorType.getMethod("createSession", InputStream.class, OutputStream.class, OutputStream.class)
                    .invoke(processor, InputStream.nullInputStream(), stdout, stderr);
            try {
                Object result = sessionType.getMethod("execute", CharSequence.class).invoke(session, line);
                if (result != null) {
                    Method format = sessionType.getMethod("format", Object.class, int.class);
                    stdout.println(format.invoke(session, result, 0)); // Converter.INSPECT
                }
                stdout.flush();
                return 0;
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                stdout.flush();
                stderr.println("Error: " + (cause.getMessage() != null ? cause.getMessage() : cause.toString()));
                return 1;
            } finally {
                sessionType.getMethod("close").invoke(session);
            }
        } finally {
            fw.stop();
            fw.waitForStop(10_000);
        }
    }

    /**
     * The command processor, once RACE's commands are registered, the bundles of deploy/ started (FileInstall
     * starts them on its own thread, later under load) and the framework has gone quiet. A deploy/ bundle
     * that does not start is reported after the timeout, and the container runs without it.
     */
    private static ServiceReference<?> awaitReady(BundleContext ctx, Path deploy) throws Exception {
        AtomicLong last = new AtomicLong(System.nanoTime());
        ctx.addServiceListener(e -> last.set(System.nanoTime()));
        ctx.addBundleListener(e -> last.set(System.nanoTime()));
        ctx.addFrameworkListener(e -> last.set(System.nanoTime()));
        long deadline = System.nanoTime() + READY_TIMEOUT_MS * 1_000_000;
        ServiceReference<?> ref = null;
        ServiceReference<?>[] race = null;
        List<String> pending = List.of();
        while (System.nanoTime() < deadline) {
            ref = ctx.getServiceReference(COMMAND_PROCESSOR);
            race = ctx.getAllServiceReferences(null, "(osgi.command.scope=race)");
            pending = notStarted(ctx, deploy);
            if (ref != null && race != null && pending.isEmpty() && System.nanoTime() - last.get() > QUIET_MS * 1_000_000) return ref;
            Thread.sleep(10);
        }
        if (ref == null || race == null) return null;
        System.err.println("race: not started within " + READY_TIMEOUT_MS / 1000 + " s: " + deploy + "/" + pending);
        return ref;
    }

    /** Jars in deploy/ that are not yet installed and started (a fragment: resolved). */
    private static List<String> notStarted(BundleContext ctx, Path deploy) throws IOException {
        List<String> jars;
        try (Stream<Path> s = Files.list(deploy)) {
            jars = new ArrayList<>(s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).toList());
        }
        for (Bundle b : ctx.getBundles()) {
            boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            if (b.getState() == Bundle.ACTIVE || fragment && b.getState() == Bundle.RESOLVED) {
                jars.removeIf(j -> b.getLocation().endsWith("/deploy/" + j));
            }
        }
        return jars;
    }

    /** Waits until a NodeManager with race.node = each of the comma-separated names is registered; returns those still missing. */
    private static String awaitNodes(BundleContext ctx, String nodes) throws Exception {
        if (nodes == null || nodes.isBlank()) return "";
        long deadline = System.nanoTime() + AWAIT_NODES_TIMEOUT_MS * 1_000_000;
        while (true) {
            List<String> missing = new ArrayList<>();
            for (String n : nodes.split(",")) {
                if (n.isBlank()) continue;
                String filter = "(&(objectClass=org.race.api.NodeManager)(race.node=" + n.trim() + "))";
                if (ctx.getAllServiceReferences(null, filter) == null) missing.add(n.trim());
            }
            if (missing.isEmpty() || System.nanoTime() > deadline) return String.join(",", missing);
            Thread.sleep(50);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
