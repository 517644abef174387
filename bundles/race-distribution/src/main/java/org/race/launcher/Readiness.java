package org.race.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.race.api.FrameworkProperties;

/** When a started container is ready to take commands, and what it then tells the user. */
final class Readiness {
    static final String COMMAND_PROCESSOR = "org.apache.felix.service.command.CommandProcessor";
    /** Services, bundles and configurations settle within this long after the last framework event. */
    private static final long QUIET_MS = 150;
    static final long READY_TIMEOUT_MS = 30_000;
    static final long AWAIT_NODES_TIMEOUT_MS = 30_000;
    private static final String HTTP_RUNTIME = "org.osgi.service.servlet.runtime.HttpServiceRuntime";
    /** How long the dashboard's address is waited for (Jetty starts once its configuration has arrived, later under load). */
    private static final long HTTP_TIMEOUT_MS = 5_000;

    private Readiness() {
    }

    /**
     * The command processor, once RACE's commands are registered, the bundles of deploy/ started (FileInstall
     * starts them on its own thread, later under load) and the framework has gone quiet. A deploy/ bundle
     * that does not start is reported after the timeout, and the container runs without it.
     */
    static ServiceReference<?> awaitReady(BundleContext ctx, Path deploy) throws Exception {
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
    static String awaitNodes(BundleContext ctx, String nodes) throws Exception {
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

    /**
     * The dashboard's address once Felix HTTP has bound its port, or a line saying why there is none;
     * null when this container serves no dashboard.
     */
    static String dashboardLine(BundleContext ctx) throws Exception {
        if (!"on".equals(ctx.getProperty(FrameworkProperties.DASHBOARD))) return null;
        // Jetty starts when its configuration arrives, the runtime service follows; a port it cannot bind never brings one
        ServiceReference<?>[] runtime = ctx.getAllServiceReferences(HTTP_RUNTIME, null);
        for (long deadline = System.nanoTime() + HTTP_TIMEOUT_MS * 1_000_000; runtime == null && System.nanoTime() < deadline;) {
            Thread.sleep(20);
            runtime = ctx.getAllServiceReferences(HTTP_RUNTIME, null);
        }
        if (runtime == null) {
            return Settings.httpRefused(ctx.getProperty(FrameworkProperties.HTTP_HOST), ctx.getProperty(FrameworkProperties.HTTP_PORT));
        }
        Object endpoints = runtime[0].getProperty("osgi.http.endpoint");
        String endpoint = endpoints instanceof String[] a && a.length > 0 ? a[0] : String.valueOf(endpoints);
        if (!endpoint.endsWith("/")) endpoint += "/";
        return "dashboard " + endpoint + "race/";
    }
}
