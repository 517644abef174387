package org.race.launcher;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
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
 */
public final class Main {
    private static final String COMMAND_PROCESSOR = "org.apache.felix.service.command.CommandProcessor";
    private static final String COMMAND_SESSION = "org.apache.felix.service.command.CommandSession";
    /** Services, bundles and configurations settle within this long after the last framework event. */
    private static final long QUIET_MS = 150;
    private static final long READY_TIMEOUT_MS = 30_000;
    private static final String PLATFORM = "race.platform";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream stdout = System.out, stderr = System.err;
        boolean batch = args.length > 0;
        if (batch) System.setOut(stderr); // keep everything but command output off stdout
        Path home = Path.of(System.getProperty("race.home", ".")).toAbsolutePath().normalize();
        Path storage = Files.createTempDirectory("race-felix-");
        int status;
        try {
            status = batch ? runBatch(home, storage, String.join(" ", args), stdout, stderr) : runInteractive(home, storage);
        } finally {
            deleteTree(storage);
        }
        System.exit(status);
    }

    private static Framework start(Path home, Path storage, boolean batch) throws BundleException, IOException {
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
        Framework fw = new FrameworkFactory().newFramework(p);
        fw.init();
        BundleContext ctx = fw.getBundleContext();
        List<Bundle> installed = new ArrayList<>();
        try (Stream<Path> jars = Files.list(home.resolve("bundle"))) {
            for (Path jar : jars.filter(j -> j.toString().endsWith(".jar")).sorted().toList()) {
                installed.add(ctx.installBundle(jar.toUri().toString()));
            }
        }
        fw.start();
        fw.adapt(FrameworkWiring.class).resolveBundles(installed);
        // Batch mode uses the plain gogo shell (no terminal); interactive mode the JLine one.
        String skip = batch ? "org.apache.felix.gogo.jline" : "org.apache.felix.gogo.shell";
        ClassLoader tccl = Thread.currentThread().getContextClassLoader();
        for (Bundle b : installed) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null || skip.equals(b.getSymbolicName())) continue;
            // JLine finds its terminal providers through the context class loader
            if ("org.jline".equals(b.getSymbolicName())) Thread.currentThread().setContextClassLoader(b.adapt(org.osgi.framework.wiring.BundleWiring.class).getClassLoader());
            try {
                b.start();
            } catch (BundleException e) {
                System.err.println("race: cannot start " + b.getSymbolicName() + ": " + e.getMessage());
            }
        }
        Thread.currentThread().setContextClassLoader(tccl);
        return fw;
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

    private static int runInteractive(Path home, Path storage) throws Exception {
        Framework fw = start(home, storage, false);
        System.out.println("RACE container at " + home + " (deploy/ for bundles, conf/ for configuration). "
                + "Type 'help' or 'race:deploy --help'; Ctrl-D or 'exit 0' leaves.");
        fw.waitForStop(0);
        return 0;
    }

    private static int runBatch(Path home, Path storage, String line, PrintStream stdout, PrintStream stderr) throws Exception {
        Framework fw = start(home, storage, true);
        try {
            BundleContext ctx = fw.getBundleContext();
            ServiceReference<?> ref = awaitReady(ctx);
            if (ref == null) {
                stderr.println("race: the container did not become ready within " + READY_TIMEOUT_MS / 1000 + " s");
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

    /** The command processor, once RACE's commands are registered and the framework has gone quiet. */
    private static ServiceReference<?> awaitReady(BundleContext ctx) throws Exception {
        AtomicLong last = new AtomicLong(System.nanoTime());
        ctx.addServiceListener(e -> last.set(System.nanoTime()));
        ctx.addBundleListener(e -> last.set(System.nanoTime()));
        ctx.addFrameworkListener(e -> last.set(System.nanoTime()));
        long deadline = System.nanoTime() + READY_TIMEOUT_MS * 1_000_000;
        while (System.nanoTime() < deadline) {
            ServiceReference<?> ref = ctx.getServiceReference(COMMAND_PROCESSOR);
            ServiceReference<?>[] race = ctx.getAllServiceReferences(null, "(osgi.command.scope=race)");
            if (ref != null && race != null && System.nanoTime() - last.get() > QUIET_MS * 1_000_000) return ref;
            Thread.sleep(10);
        }
        return null;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
