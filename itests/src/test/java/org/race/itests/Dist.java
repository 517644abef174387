package org.race.itests;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.ops4j.pax.exam.Option;
import org.race.api.FrameworkProperties;

/** The built distribution (bundles/race-distribution/target/race) the tests run against. */
final class Dist {
    /** Pax Exam brings its own logging API; the JLine shell would grab the terminal. */
    private static final Set<String> NOT_IN_TESTS = Set.of("pax-logging-api", "org.apache.felix.gogo.jline", "jline",
            "org.apache.felix.gogo.shell");

    static Path home() {
        String d = System.getProperty("race.dist");
        if (d == null) throw new IllegalStateException("system property race.dist is not set (run through Maven)");
        return Path.of(d).toAbsolutePath().normalize();
    }

    static Path example(String name) {
        return home().resolve("examples").resolve(name);
    }

    static Path conf(String name) {
        return home().resolve("conf").resolve(name);
    }

    /** A jar of the distribution's extras/ folder (bundles to hot-install), by artifact name. */
    static Path extra(String artifact) throws IOException {
        try (Stream<Path> s = Files.list(home().resolve("extras"))) {
            return s.filter(p -> p.getFileName().toString().startsWith(artifact + "-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + artifact + " in extras/"));
        }
    }

    /** A file of a worked example's folder in bundles/examples, e.g. its descriptors. */
    static Path exampleFile(String module, String file) {
        return Path.of(System.getProperty("race.examples")).resolve(module).resolve(file).toAbsolutePath().normalize();
    }

    /** The jar a worked example of bundles/examples built, by module folder (e.g. round-robin-allocator). */
    static Path exampleBundle(String module) throws IOException {
        Path target = Path.of(System.getProperty("race.examples")).resolve(module).resolve("target").toAbsolutePath().normalize();
        try (Stream<Path> s = Files.list(target)) {
            return s.filter(p -> p.getFileName().toString().matches("race-example-.*-\\d.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no example bundle in " + target + " (build bundles/examples/" + module + ")"));
        }
    }

    /** Jars of the distribution's bundle/ folder whose file name does not start with one of {@code without}. */
    static List<Path> bundles(String... without) throws IOException {
        try (Stream<Path> s = Files.list(home().resolve("bundle"))) {
            return s.filter(p -> p.toString().endsWith(".jar"))
                    .filter(p -> NOT_IN_TESTS.stream().noneMatch(n -> p.getFileName().toString().startsWith(n + "-")))
                    .filter(p -> Stream.of(without).noneMatch(n -> p.getFileName().toString().startsWith(n + "-")))
                    .sorted().toList();
        }
    }

    /** {@code dir}, emptied or created. */
    static Path emptied(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        return Files.createDirectories(dir);
    }

    /** FileInstall watching {@code dirs} (bundles and configurations), every 200 ms, as deploy/ and conf/ are watched. */
    static Option fileInstall(Path... dirs) {
        return composite(frameworkProperty("felix.fileinstall.dir").value(String.join(",", Stream.of(dirs).map(Path::toString).toList())),
                frameworkProperty("felix.fileinstall.poll").value("200"),
                frameworkProperty("felix.fileinstall.noInitialDelay").value("true"),
                frameworkProperty("felix.fileinstall.enableConfigSave").value("false"),
                frameworkProperty("felix.fileinstall.log.default").value("jul"));
    }

    /**
     * Real Felix with the distribution's bundles, virtual time moving only by race:run; of platform/, as
     * the launcher does, every platform installed and the sim started.
     */
    static Option container(String... without) throws IOException {
        return containerOn(FrameworkProperties.DEFAULT_PLATFORM, without);
    }

    /** The same with {@code platform} (sim or jvm) the platform started; on jvm time is the machine's. */
    static Option containerOn(String platform, String... without) throws IOException {
        List<Option> options = new ArrayList<>();
        options.add(junitBundles());
        options.add(frameworkProperty(FrameworkProperties.SIM_SPEED).value("0"));
        for (Path jar : bundles(without)) options.add(bundle(jar.toUri().toString()));
        try (Stream<Path> s = Files.list(home().resolve("platform"))) {
            for (Path jar : s.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                boolean chosen = jar.getFileName().toString().startsWith("race-platform-" + platform + "-");
                options.add(bundle(jar.toUri().toString()).start(chosen));
            }
        }
        return composite(options.toArray(new Option[0]));
    }

    /** An empty folder {@code dir} of test {@code test} under the itests' work folder. */
    static Path emptyWork(String test, String dir) throws IOException {
        return emptied(Path.of(System.getProperty("race.itest.work")).resolve(test).resolve(dir));
    }

    /** Wait up to 15 s for {@code condition} (FileInstall, ConfigAdmin, SCR work asynchronously), failing with what was awaited. */
    /**
     * PID race.engine {@code admission = capacity}, for a test whose applications miss deadlines on purpose (what
     * the schedulability analysis would refuse); returns once the engine runs with it (ConfigAdmin is asynchronous).
     */
    static void admitByCapacity(org.osgi.service.cm.ConfigurationAdmin configAdmin, org.osgi.framework.BundleContext context) throws Exception {
        org.osgi.service.cm.Configuration c = configAdmin.getConfiguration("race.engine", "?");
        java.util.Dictionary<String, Object> props = c.getProperties() == null ? new java.util.Hashtable<>() : c.getProperties();
        props.put("admission", "capacity");
        c.update(props);
        await("race.engine admission = capacity", () -> {
            org.osgi.framework.ServiceReference<org.race.api.Engine> ref = context.getServiceReference(org.race.api.Engine.class);
            return ref != null && "capacity".equals(ref.getProperty("admission"));
        });
    }

    static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(50);
        }
    }

    private Dist() {
    }
}
