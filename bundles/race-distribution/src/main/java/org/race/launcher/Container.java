package org.race.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;
import org.race.api.FrameworkProperties;

/**
 * Starts the Felix container of {@code $RACE_HOME}: its framework properties, then the bundles of
 * rsa/ (central and node profiles), bundle/, dashboard/ (when on) and platform/, where every platform
 * bundle is installed and only the one {@code race.platform} names is started.
 */
final class Container {
    /** Not started in a node container: the central samples the node's monitors. */
    static final String CENTRAL_MONITOR = "race-monitor-central";
    /** discovery.local needs a JAXB implementation: these start first, before SCR, in this order. */
    static final List<String> START_FIRST = List.of("jakarta.activation-api", "jakarta.xml.bind-api", "osgi-resource-locator", "jaxb-osgi");
    private static final String LOGGING_API = "org.ops4j.pax.logging.pax-logging-api";
    private static final String FASTBIN = "org.apache.aries.rsa.provider.fastbin";
    private static final String REMOTE_SERVICE_ADMIN = "org.osgi.service.remoteserviceadmin.RemoteServiceAdmin";
    private static final String SCR = "org.apache.felix.scr";
    private static final String ZOOKEEPER_DISCOVERY = "org.apache.aries.rsa.discovery.zookeeper";
    /** ZooKeeper discovery's listener that publishes this container's exports (registered once its ZooKeeper session is up). */
    private static final String PUBLISHER = "(&(objectClass=org.osgi.service.remoteserviceadmin.EndpointEventListener)(" + ZOOKEEPER_DISCOVERY + "=true))";
    private static final List<String> CONFIGURED_BY = List.of("org.apache.felix.configadmin", "org.apache.felix.fileinstall");

    private Container() {
    }

    /** Starts the container without the bundles named in {@code skip} (comma-separated symbolic names). */
    static Framework start(Path home, Path storage, String profile, String skip, boolean batch) throws BundleException, IOException, Settings.BadSetting {
        Path deploy = home.resolve("deploy"), conf = home.resolve("conf");
        Files.createDirectories(deploy);
        Files.createDirectories(conf);
        Map<String, String> p = new HashMap<>();
        p.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        p.put(FrameworkProperties.HOME, home.toString());
        p.put("felix.fileinstall.dir", deploy + "," + conf);
        p.put("felix.fileinstall.noInitialDelay", "true");
        p.put("felix.fileinstall.poll", "500");
        p.put("felix.fileinstall.enableConfigSave", "false"); // it truncated .cfg files in short runs
        p.put("felix.fileinstall.log.default", "jul");
        p.put("org.ops4j.pax.logging.DefaultServiceLog.level", System.getProperty("race.log.level", "WARN"));
        p.put(FrameworkProperties.SIM_SPEED, System.getProperty(FrameworkProperties.SIM_SPEED, batch ? "0" : "1"));
        Map<String, Path> platforms = Platforms.in(home.resolve("platform"));
        Platforms.Choice platform = Platforms.choose(Settings.platform(System.getProperty(FrameworkProperties.PLATFORM), System.getenv("RACE_PLATFORM")),
                platforms.keySet());
        if (platform.error() != null) System.err.println("race: " + platform.error());
        p.put(FrameworkProperties.PLATFORM, platform.platform()); // bundles see the platform that runs, not what was asked
        p.put("gosh.args", batch ? "--nointeractive" : "");
        boolean distributed = !profile.equals("embedded");
        if (distributed) Settings.distributed(home, profile, p);
        boolean dashboard = Settings.dashboard(System.getProperty(FrameworkProperties.DASHBOARD), System.getenv("RACE_DASHBOARD"), batch, profile);
        if (dashboard) dashboard = Settings.http(p);
        Framework fw = new FrameworkFactory().newFramework(p);
        fw.init();
        BundleContext ctx = fw.getBundleContext();
        List<Bundle> installed = new ArrayList<>();
        if (distributed) {
            for (Path jar : jars(home.resolve("rsa"), Comparator.comparingInt(Container::startRank).thenComparing(Path::toString))) {
                installed.add(ctx.installBundle(jar.toUri().toString()));
            }
        }
        for (String folder : dashboard ? List.of("bundle", "dashboard") : List.of("bundle")) {
            for (Path jar : jars(home.resolve(folder), Comparator.naturalOrder())) installed.add(ctx.installBundle(jar.toUri().toString()));
        }
        for (Path jar : platforms.values()) installed.add(ctx.installBundle(jar.toUri().toString()));
        fw.start();
        fw.adapt(FrameworkWiring.class).resolveBundles(installed);
        if (distributed) installed.sort(Comparator.comparingInt(Container::distributedRank));
        // Batch mode uses the plain gogo shell (no terminal); interactive mode the JLine one; headless none.
        List<String> skipped = new ArrayList<>(List.of(skip.split(",")));
        if (profile.equals("node")) skipped.add(CENTRAL_MONITOR);
        platforms.keySet().stream().filter(n -> !n.equals(platform.platform())).forEach(n -> skipped.add(Platforms.PREFIX + n));
        startAll(ctx, installed, skipped);
        return fw;
    }

    private static List<Path> jars(Path folder, Comparator<Path> order) throws IOException {
        try (Stream<Path> jars = Files.list(folder)) {
            return jars.filter(j -> j.toString().endsWith(".jar")).sorted(order).toList();
        }
    }

    /** Gogo's interactive shell on JLine. */
    static final String JLINE_SHELL = "org.apache.felix.gogo.jline";

    /** Starts the interactive shell left out by {@link #start}: it takes the terminal and reads the first line. */
    static void startShell(BundleContext ctx) throws BundleException {
        for (Bundle b : ctx.getBundles()) {
            if (!JLINE_SHELL.equals(b.getSymbolicName())) continue;
            ClassLoader tccl = Thread.currentThread().getContextClassLoader();
            try {
                Thread.currentThread().setContextClassLoader(jlineLoader(ctx));
                b.start();
            } finally {
                Thread.currentThread().setContextClassLoader(tccl);
            }
        }
    }

    /** JLine finds its terminal providers through the context class loader. */
    private static ClassLoader jlineLoader(BundleContext ctx) {
        for (Bundle b : ctx.getBundles()) {
            if ("org.jline".equals(b.getSymbolicName())) return b.adapt(BundleWiring.class).getClassLoader();
        }
        return Thread.currentThread().getContextClassLoader();
    }

    private static void startAll(BundleContext ctx, List<Bundle> installed, List<String> skipped) {
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        boolean discovery = installed.stream().anyMatch(b -> ZOOKEEPER_DISCOVERY.equals(b.getSymbolicName()));
        for (Bundle b : installed) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null || skipped.contains(b.getSymbolicName())) continue;
            // JLine finds its terminal providers through the context class loader
            if ("org.jline".equals(b.getSymbolicName())) Thread.currentThread().setContextClassLoader(b.adapt(BundleWiring.class).getClassLoader());
            try {
                b.start();
            } catch (BundleException e) {
                System.err.println("race: cannot start " + b.getSymbolicName() + ": " + e.getMessage());
            }
            // The RemoteServiceAdmin first, then the services to export: Aries RSA 1.16's topology manager can fail
            // (ConcurrentModificationException) when it arrives while they register, and then exports none of them.
            if (FASTBIN.equals(b.getSymbolicName()) && !awaitService(ctx, REMOTE_SERVICE_ADMIN, null)) {
                System.err.println("race: no RemoteServiceAdmin from " + FASTBIN + " within " + Readiness.READY_TIMEOUT_MS / 1000 + " s");
            }
            // SCR activates ZooKeeper discovery, whose publishing listener comes once the ZooKeeper session is up. Aries
            // RSA 1.16's topology manager hands a new listener the exports it has, then adds it: an export made in
            // between reaches no one and is never published (a node container "ready" whose NodeManager the central
            // never sees). So the bundles that export start once the listener is there.
            if (discovery && SCR.equals(b.getSymbolicName()) && !awaitService(ctx, null, PUBLISHER)) {
                System.err.println("race: no ZooKeeper session at " + ctx.getProperty(FrameworkProperties.ZOOKEEPER) + " within "
                        + Readiness.READY_TIMEOUT_MS / 1000 + " s; this container's services are published once it connects");
            }
        }
        Thread.currentThread().setContextClassLoader(tccl);
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

    private static boolean awaitService(BundleContext ctx, String type, String filter) {
        long deadline = System.nanoTime() + Readiness.READY_TIMEOUT_MS * 1_000_000;
        try {
            while (ctx.getServiceReferences(type, filter) == null) {
                if (System.nanoTime() > deadline) return false;
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(filter, e);
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
}
