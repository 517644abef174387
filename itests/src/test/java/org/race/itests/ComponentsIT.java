package org.race.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.race.itests.Dist.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.race.api.CentralMonitor;
import org.race.api.Engine;
import org.race.api.component.ComponentType;
import org.race.api.model.DeploymentPlan;
import org.race.api.monitoring.ComponentSample;
import org.race.api.monitoring.NodeSample;
import org.race.api.monitoring.SystemSnapshot;

/**
 * Real components on the jvm platform, as docs/components.md tells a user to run them: the echo
 * example's jar dropped into deploy/ shows up in race:types; a chain of three echo components runs,
 * the checking sink refusing any payload that is changed, of another iteration or out of order (a
 * refusal would be a failed job); an unknown type is refused with the installed ones listed; a
 * component whose jobs throw is counted as failing while its application goes on.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ComponentsIT {
    @Inject
    CommandProcessor processor;

    @Inject
    Engine engine;

    @Inject
    CentralMonitor monitor;

    @Inject
    BundleContext context;

    static Path work(String dir) {
        return Path.of(System.getProperty("race.itest.work")).resolve("components").resolve(dir);
    }

    @Configuration
    public Option[] config() throws Exception {
        return options(Dist.containerOn("jvm"), Dist.fileInstall(Dist.emptied(work("deploy"))));
    }

    @After
    public void tearDown() throws Exception {
        for (DeploymentPlan p : engine.applications()) engine.undeploy(p.name());
    }

    private Shell shellWithEcho() throws Exception {
        Shell shell = new Shell(processor);
        if (!shell.run("race:types").contains("echo ")) {
            Path jar = Dist.exampleBundle("echo-component");
            Files.copy(jar, work("deploy").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            awaitTypes(shell, "echo ");
        }
        if (engine.domain().isEmpty()) {
            Path domain = Files.writeString(work("").resolve("domain.json"),
                    "{\"name\": \"one\", \"nodes\": [{\"name\": \"n1\", \"cpu\": 1, \"memory\": 1024, \"bandwidth\": 100}]}");
            shell.run("race:domain " + domain);
        }
        return shell;
    }

    /** Until race:types' output starts with {@code prefix} (FileInstall and SCR work asynchronously). */
    private static void awaitTypes(Shell shell, String prefix) throws InterruptedException {
        await("race:types starting with '" + prefix + "'", () -> {
            try {
                return shell.run("race:types").startsWith(prefix);
            } catch (Exception e) {
                return false;
            }
        });
    }

    /** src -> mid -> sink, every 20 ms; properties per component. */
    private static Path chain(String name, String mid, String sink) throws Exception {
        return Files.writeString(work("").resolve(name + ".json"), ("{'name': '" + name + "', 'period': 20, 'deadline': 20, 'components': ["
                + "{'name': 'src', 'type': 'echo', 'executionTime': 2, 'properties': {'payloadBytes': 1024}},"
                + "{'name': 'mid', 'type': 'echo', 'executionTime': 2, 'properties': {" + mid + "}},"
                + "{'name': 'sink', 'type': 'echo', 'executionTime': 2, 'properties': {" + sink + "}}],"
                + "'connections': [{'from': 'src', 'to': 'mid'}, {'from': 'mid', 'to': 'sink'}]}").replace('\'', '"'));
    }

    /** The components of {@code app} in the snapshots taken while waiting for {@code seconds}, summed by component. */
    private Map<String, long[]> watch(String app, int seconds) throws Exception {
        Map<String, long[]> sums = new java.util.TreeMap<>(); // jobs, failures, overruns
        long seen = monitor.latest().map(SystemSnapshot::timeMs).orElse(-1L);
        long end = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < end) {
            Thread.sleep(100);
            Optional<SystemSnapshot> s = monitor.latest();
            if (s.isEmpty() || s.get().timeMs() == seen) continue;
            seen = s.get().timeMs();
            for (NodeSample n : s.get().nodes()) {
                for (ComponentSample c : n.components()) {
                    if (!c.application().equals(app)) continue;
                    long[] a = sums.computeIfAbsent(c.component(), k -> new long[3]);
                    a[0] += c.jobs();
                    a[1] += c.failures();
                    a[2] += c.overruns();
                }
            }
        }
        return sums;
    }

    @Test
    public void aChainOfEchoComponentsFromDeployDeliversIntactPayloadsInIterationOrder() throws Exception {
        Shell shell = shellWithEcho();
        String types = shell.run("race:types");
        assertTrue(types, types.matches("(?s)echo  race-example-echo-component \\d+\\.\\d+\\.\\d+.*\n"));
        assertTrue(shell.run("race:types --help").contains("Lists the component types installed now"));
        assertTrue(shell.fail("race:types --bogus").getMessage().contains("race:types: unknown option --bogus"));
        assertTrue(shell.fail("race:types echo").getMessage().contains("race:types: takes no arguments"));

        String out = shell.run("race:deploy " + chain("echoes", "'check': true", "'check': true"));
        assertTrue(out, out.contains("deployed echoes"));
        Map<String, long[]> seen = watch("echoes", 4);
        seen.forEach((c, a) -> System.out.println("ComponentsIT echoes " + c + ": jobs " + a[0] + ", failures " + a[1] + ", overruns " + a[2]));
        assertTrue(seen.toString(), seen.keySet().containsAll(List.of("src", "mid", "sink")));
        long sinkJobs = seen.get("sink")[0];
        assertTrue("about 50 iterations a second for 2 to 3 measured seconds, got " + sinkJobs, sinkJobs >= 40);
        for (Map.Entry<String, long[]> e : seen.entrySet()) {
            assertEquals("every payload checked intact, of its iteration, in order at " + e.getKey(), 0, e.getValue()[1]);
        }
        assertTrue("sources emit as often as the sink receives: " + seen.get("src")[0] + " / " + sinkJobs, Math.abs(seen.get("src")[0] - sinkJobs) <= 3);
    }

    /**
     * The jar in deploy/ replaced by a new version of the bundle: FileInstall updates it, the running
     * instances switch between two jobs, and the application goes on without a failure or a stop.
     */
    @Test
    public void aNewVersionDroppedIntoDeployTakesOverTheRunningChain() throws Exception {
        Shell shell = shellWithEcho();
        shell.run("race:deploy " + chain("updated", "'check': true", "'check': true"));
        assertTrue(watch("updated", 2).get("sink")[0] > 0);
        Path jar = Dist.exampleBundle("echo-component"), dropped = work("deploy").resolve(jar.getFileName());
        Path next = work("").resolve("echo-next.jar");
        try (java.util.jar.JarFile in = new java.util.jar.JarFile(jar.toFile())) {
            java.util.jar.Manifest m = new java.util.jar.Manifest(in.getManifest());
            m.getMainAttributes().putValue("Bundle-Version", "99.0.0");
            try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(next), m)) {
                for (java.util.jar.JarEntry e : java.util.Collections.list(in.entries())) {
                    if (e.getName().equals("META-INF/MANIFEST.MF")) continue;
                    out.putNextEntry(new java.util.jar.JarEntry(e.getName()));
                    in.getInputStream(e).transferTo(out);
                    out.closeEntry();
                }
            }
        }
        Files.move(next, dropped, StandardCopyOption.REPLACE_EXISTING);
        awaitTypes(shell, "echo  race-example-echo-component 99.0.0");
        Map<String, long[]> seen = watch("updated", 5); // beyond the 3 s an uninstalled type's applications get
        assertTrue(engine.application("updated").isPresent());
        assertTrue(engine.events().toString(), engine.events().stream().noneMatch(e -> e.startsWith("stopped updated")));
        for (Map.Entry<String, long[]> e : seen.entrySet()) assertEquals("no failed job at " + e.getKey(), 0, e.getValue()[1]);
        assertTrue("the chain goes on: " + seen.get("sink")[0], seen.get("sink")[0] >= 50);
        assertTrue("every iteration reached the sink: " + seen.get("src")[0] + " / " + seen.get("sink")[0],
                Math.abs(seen.get("src")[0] - seen.get("sink")[0]) <= 3);
        Files.copy(jar, dropped, StandardCopyOption.REPLACE_EXISTING); // back to the built version for the other tests
    }

    /** Removing the jar from deploy/ uninstalls the type: the application using it is stopped, with an event, after the grace. */
    @Test
    public void uninstallingATypeInUseStopsItsApplicationWithAnEvent() throws Exception {
        Shell shell = shellWithEcho();
        shell.run("race:deploy " + chain("orphaned", "", ""));
        assertTrue(watch("orphaned", 2).get("sink")[0] > 0);
        try (var jars = Files.list(work("deploy"))) {
            for (Path p : jars.toList()) Files.delete(p);
        }
        awaitTypes(shell, "no component types installed");
        await("orphaned stopped", () -> engine.application("orphaned").isEmpty());
        assertTrue(engine.events().toString(), engine.events().contains(
                "stopped orphaned: its component type 'echo' was uninstalled (components src, mid, sink); deploy it again once the type is back (race:types)"));
        Exception e = shell.fail("race:deploy " + chain("orphaned", "", ""));
        assertTrue(e.getMessage(), e.getMessage().contains("names type 'echo', which is not installed (installed: none;"));
    }

    /**
     * mid spins 3 ms of CPU a job against a declared executionTime of 2 ms: its overruns and CPU time per job show
     * in race:status -v and race:exectimes, and once chosen, the analysis counts the measured figure.
     */
    @Test
    public void measuredExecutionTimesShowAndReplaceTheDeclaredOnesWhenChosen() throws Exception {
        Shell shell = shellWithEcho();
        shell.run("race:deploy " + chain("timed", "'spinMicros': 3000", ""));
        Map<String, long[]> seen = watch("timed", 3);
        assertTrue("every job of mid overruns its 2 ms budget: " + seen.get("mid")[2] + " of " + seen.get("mid")[0],
                seen.get("mid")[2] >= seen.get("mid")[0] - 2 && seen.get("mid")[0] > 20);
        assertTrue("src stays within its budget but for its first jobs (class loading, the JIT): " + seen.get("src")[2], seen.get("src")[2] <= 3);

        String status = shell.run("race:status -v timed");
        String[] mid = status.lines().filter(l -> l.startsWith("timed") && l.split("\\s+")[1].equals("mid")).findFirst()
                .orElseThrow(() -> new AssertionError(status)).split("\\s+");
        // application component node cpu jobs cpu/job-max response-mean response-max queue failed overruns median p99 max over-jobs
        assertEquals(15, mid.length);
        assertEquals("n1", mid[2]);
        assertTrue("mid's CPU per job, median " + mid[11], Double.parseDouble(mid[11]) >= 3 && Double.parseDouble(mid[11]) < 6);
        assertTrue("overruns in the window " + mid[10], Long.parseLong(mid[10]) > 0);
        assertTrue(shell.run("race:status -v").contains("timed"));
        assertTrue(shell.fail("race:status timed").getMessage().contains("an application name goes with -v"));

        String table = shell.run("race:exectimes timed");
        assertTrue(table, table.startsWith("timed counts the declared execution times"));
        String[] row = table.lines().filter(l -> l.startsWith("mid ")).findFirst().orElseThrow().split("\\s+");
        assertEquals(List.of("mid", "n1", "2"), List.of(row).subList(0, 3));
        double median = Double.parseDouble(row[4]);
        assertTrue(table, median >= 3 && Double.parseDouble(row[7]) == 2);
        double declaredWcet = wcet("timed", "mid");
        assertEquals("declared 2 ms with the analysis's 10 % variation", 2.2, declaredWcet, 1e-9);

        assertTrue(shell.run("race:exectimes --use median timed").startsWith("timed counts the measured median execution times from now on"));
        assertEquals("median", engine.executionTimes("timed"));
        double measuredWcet = wcet("timed", "mid");
        assertTrue("the analysis counts the measured median (node cpu 1) with its variation: " + measuredWcet,
                measuredWcet >= 3 * 1.1 && measuredWcet < 6 * 1.1);
        assertTrue(shell.run("race:exectimes").lines().anyMatch(l -> List.of(l.split("\\s+")).equals(List.of("timed", "median", "3", "3"))));
        Exception bad = shell.fail("race:exectimes --use mean timed");
        assertTrue(bad.getMessage(), bad.getMessage().contains("must be declared, median, p99, max or default, got 'mean'"));
        assertTrue(shell.fail("race:exectimes --use max").getMessage().contains("--use needs the application it is for"));
        assertEquals("median", engine.executionTimes("timed"));
    }

    private double wcet(String app, String component) {
        return engine.bounds().orElseThrow().application(app).orElseThrow().components().stream().filter(c -> c.name().equals(component)).findFirst()
                .orElseThrow().wcetMs();
    }

    @Test
    public void aTypeThatIsNotInstalledIsRefusedWithTheInstalledOnes() throws Exception {
        Shell shell = shellWithEcho();
        Path bad = Files.writeString(work("").resolve("unknown.json"), ("{'name': 'unknown', 'period': 100, 'deadline': 100, 'components': ["
                + "{'name': 'a', 'type': 'echo', 'executionTime': 1}, {'name': 'b', 'type': 'plasma-filter', 'executionTime': 1}],"
                + "'connections': [{'from': 'a', 'to': 'b'}]}").replace('\'', '"'));
        Exception e = shell.fail("race:deploy " + bad);
        assertTrue(e.getMessage(), e.getMessage().contains("component 'b' of unknown names type 'plasma-filter', which is not installed (installed: echo;"));
        assertTrue(engine.applications().isEmpty());
    }

    @Test
    public void aComponentWhoseJobsThrowIsCountedAsFailingAndTheApplicationGoesOn() throws Exception {
        Shell shell = shellWithEcho();
        List<Event> events = new CopyOnWriteArrayList<>();
        Hashtable<String, Object> topic = new Hashtable<>(Map.of(EventConstants.EVENT_TOPIC, ComponentType.FAILED_TOPIC));
        ServiceRegistration<EventHandler> handler = context.registerService(EventHandler.class, events::add, topic);
        try {
            shell.run("race:deploy " + chain("faulty", "'failEvery': 2", ""));
            Map<String, long[]> seen = watch("faulty", 4);
            long[] mid = seen.get("mid"), sink = seen.get("sink");
            assertTrue(seen.toString(), mid[0] >= 40);
            assertEquals("every other job of mid throws: " + mid[1] + " of " + mid[0], mid[0] / 2.0, mid[1], 3);
            assertEquals("the sink goes on, without failing", 0, sink[1]);
            assertTrue("iterations go on past the failures: sink " + sink[0] + ", mid " + mid[0], sink[0] >= mid[0] - 3);
            await("a failure event", () -> !events.isEmpty());
            Event first = events.get(0);
            assertEquals("faulty", first.getProperty("application"));
            assertEquals("mid", first.getProperty("component"));
            assertEquals("echo", first.getProperty("type"));
            assertTrue(String.valueOf(first.getProperty("error")), String.valueOf(first.getProperty("error")).contains("failEvery 2"));
            assertTrue("at most one event a second: " + events.size(), events.size() <= 6);
            // the same reports in race:events, the engine's own log (which the dashboard shows too)
            await("a failed-jobs line in race:events", () -> engine.events().stream().anyMatch(l -> l.startsWith("failed jobs: ")));
            String line = engine.events().stream().filter(l -> l.startsWith("failed jobs: ")).findFirst().orElseThrow();
            assertTrue(line, line.matches("failed jobs: \\d+ of component mid of faulty on n1 \\(type echo\\), last .*failEvery 2.*"));
            assertTrue(shell.run("race:events").contains(line));
            String status = shell.run("race:status -v faulty");
            String midRow = status.lines().filter(l -> l.startsWith("faulty") && l.split("\\s+")[1].equals("mid")).findFirst().orElseThrow(() -> new AssertionError(status));
            assertTrue("mid's failed jobs in the window: " + midRow, Long.parseLong(midRow.split("\\s+")[9]) > 0);
        } finally {
            handler.unregister();
        }
    }
}
