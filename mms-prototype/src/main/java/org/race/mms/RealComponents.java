package org.race.mms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.race.api.DescriptorReader;
import org.race.api.Engine;
import org.race.api.FrameworkProperties;
import org.race.api.component.ComponentType;
import org.race.api.monitoring.ComponentSample;
import org.race.api.monitoring.NodeSample;
import org.race.api.monitoring.SystemSnapshot;
import org.race.mms.MmsResults.ComponentTotal;

/**
 * What {@code race:mms --real} adds to a run: the MMS component types' bundle installed from extras/ when
 * needed, the components' measured figures summed over a run, and what the ground archives kept.
 */
final class RealComponents {
    /** The bundle of the MMS component types in the distribution's extras/. */
    private static final String TYPES_JAR = "race-mms-components-";

    private final Engine engine;
    private final DescriptorReader descriptors;
    private final BundleContext context;
    /** Whether a service matching an LDAP filter is registered. */
    private final Predicate<String> present;

    RealComponents(Engine engine, DescriptorReader descriptors, BundleContext context, Predicate<String> present) {
        this.engine = engine;
        this.descriptors = descriptors;
        this.context = context;
        this.present = present;
    }

    /**
     * For --real: the component types the scenarios' descriptors name, installed from extras/ for the run
     * (returned, to be uninstalled after) when some are not installed; null when all are.
     */
    Bundle install(List<Scenario> scenarios) throws Exception {
        Set<String> needed = new TreeSet<>();
        for (Scenario s : scenarios) {
            org.race.api.model.Domain domain = descriptors.readDomain(s.domain());
            for (Scenario.Event e : s.timeline()) {
                if (!(e.action() instanceof Scenario.Deploy d)) continue;
                for (Path p : d.descriptors()) {
                    for (org.race.api.model.Component x : descriptors.readApplication(p, domain).components()) {
                        if (x.typed()) needed.add(x.type());
                    }
                }
            }
        }
        if (needed.stream().allMatch(this::installed)) return null;
        Optional<Path> jar = MmsExperiment.extrasJar(context, TYPES_JAR);
        if (jar.isEmpty()) {
            throw new IllegalStateException("race:mms --real: component types " + needed.stream().filter(t -> !installed(t)).toList()
                    + " are not installed and extras/ has no " + TYPES_JAR + "*.jar (drop that bundle into deploy/)");
        }
        Bundle b = context.installBundle(jar.get().toUri().toString());
        try {
            b.start();
            MmsExperiment.await("component types " + needed, () -> needed.stream().allMatch(this::installed));
        } catch (Exception e) {
            b.uninstall();
            throw e;
        }
        System.out.println("race:mms: installed " + b.getSymbolicName() + " " + b.getVersion() + " from extras/ for this run (types " + String.join(", ", needed) + ")");
        return b;
    }

    private boolean installed(String type) {
        return present.test("(&(objectClass=" + ComponentType.class.getName() + ")(" + ComponentType.TYPE + "=" + type + "))");
    }

    /** A new sum of the components' figures of one run. */
    Totals totals() {
        return new Totals();
    }

    /** The components' figures of a run, summed over the snapshots, with each one's budget on its node. */
    final class Totals {
        private final Map<String, ComponentTotal> totals = new LinkedHashMap<>();

        void add(SystemSnapshot snap) {
            for (NodeSample n : snap.nodes()) {
                for (ComponentSample x : n.components()) {
                    ComponentTotal t = totals.get(x.application() + "/" + x.component());
                    if (t == null) t = new ComponentTotal(x.application(), x.component(), n.node(), 0, 0, 0, 0, 0, 0, budgetMs(x.application(), x.component(), n.node()));
                    totals.put(x.application() + "/" + x.component(), new ComponentTotal(t.application(), t.component(), t.node(), t.jobs() + x.jobs(),
                            t.cpuMs() + x.utilization() * n.windowMs(), Math.max(t.maxJobCpuMs(), x.maxJobCpuMs()), Math.max(t.maxResponseMs(), x.maxResponseMs()),
                            t.failures() + x.failures(), t.overruns() + x.overruns(), t.budgetMs()));
                }
            }
        }

        List<ComponentTotal> totals() {
            return List.copyOf(totals.values());
        }
    }

    /** executionTime / node cpu: the CPU time a job of the component may use there (0 when unknown). */
    private double budgetMs(String app, String component, String node) {
        double cpu = engine.domain().flatMap(d -> d.node(node)).map(n -> n.capacity().cpu()).orElse(0.0);
        return engine.application(app).flatMap(p -> p.application().components().stream().filter(x -> x.name().equals(component)).findFirst())
                .map(x -> cpu > 0 ? x.executionTimeMs() / cpu : 0).orElse(0.0);
    }

    /** What the ground archives wrote since {@code since} (ms) and kept: files and bytes under ${race.home}/data/archive (the mms-ground type's folder). */
    String archived(long since) throws IOException {
        String home = context.getProperty(FrameworkProperties.HOME);
        Path root = home == null ? null : Path.of(home, "data", "archive");
        if (root == null || !Files.isDirectory(root)) return "archived nothing under data/archive" + (home == null ? " (race.home is not set)" : "");
        long files = 0, bytes = 0;
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(p -> p.toString().endsWith(".json.gz")).toList()) {
                try {
                    if (Files.getLastModifiedTime(p).toMillis() < since) continue;
                    bytes += Files.size(p);
                    files++;
                } catch (NoSuchFileException e) {
                    // removed by the archive's cap while a ground instance was still stopping
                }
            }
        }
        return String.format(Locale.ROOT, "archived %d files, %.1f MB under %s", files, bytes / 1e6, root);
    }
}
