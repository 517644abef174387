package org.race.mms;

import org.race.api.DescriptorReader;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.EnumMap;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.race.api.AdaptationLoop;
import org.race.api.CentralEffector;
import org.race.api.CentralMonitor;
import org.race.api.Clock;
import org.race.api.Controller;
import org.race.api.Engine;
import org.race.api.FrameworkProperties;
import org.race.api.RoleProperties;
import org.race.api.model.AdaptationDecision;
import org.race.api.model.Adjustment;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.EffectReport;
import org.race.api.model.Importance;
import org.race.api.monitoring.ApplicationQos;
import org.race.api.monitoring.DelayStats;
import org.race.api.monitoring.SystemSnapshot;
import org.race.text.Arguments;
import org.race.text.CommandLine;
import org.race.mms.MmsResults.Run;
import org.race.mms.MmsResults.Sample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MMS mission experiments of the paper (section 5.4) as a Gogo command: plays a scenario's
 * timeline under each configuration (baseline RMS, MUF, MUF + FMUF, and MUF + EUCON when that
 * controller exists) from a clean state, on the platform clock, and records every application's
 * deadline-miss ratio per sampling period from the CentralMonitor's snapshots.
 */
@Component(service = MmsExperiment.class, property = { "osgi.command.scope=race", "osgi.command.function=mms" })
public class MmsExperiment {
    static final String USAGE = "race:mms [--scenario moderate|heavy|qos|FILE[,...]] [--configurations baseline,muf,fmuf,eucon,region] [--seed N] [--out DIR]\n"
            + "         [--duration S] [--real]\n"
            + "  Runs an MMS scenario (paper section 5.4) once per configuration, each from a clean state, on platform time\n"
            + "  (sim: as fast as it can, the same figures for the same seed), and writes into DIR (default mms-results):\n"
            + "  mms-<scenario>.csv (miss ratio per application per sampling period), mms-<scenario>-<configuration>.svg,\n"
            + "  mms-<scenario>-summary.csv (miss ratio per importance class) and, when a rate changed in a run,\n"
            + "  mms-<scenario>-<configuration>-rates.svg (every application's rate over time), then prints the summary.\n"
            + "  Configurations: baseline (rms,middleware,network, no controller), muf (muf,middleware,network), fmuf (muf\n"
            + "  chain + FMUF controller), eucon (muf chain + EUCON controller); region (muf chain + region controller) runs only\n"
            + "  when named, on scenarios with QoS regions such as qos. A controller that is not installed is\n"
            + "  installed from extras/ for its run; a configuration whose controller is in neither place is skipped\n"
            + "  (default list) or refused (named). Undeploys every application; domain and configuration are restored after.\n"
            + "  --duration S plays the timeline scaled to S seconds of platform time (a whole number of sampling periods).\n"
            + "  --real (jvm platform) deploys the typed descriptors of real/ beside the scenario instead: the MMS component\n"
            + "  types' code (installed from extras/race-mms-components-*.jar for the run when not installed) runs and is\n"
            + "  measured; adds mms-<scenario>-real-components.csv (jobs, CPU per job, budget, failures, overruns).";

    private static final Logger LOG = LoggerFactory.getLogger(MmsExperiment.class);
    private static final long SETTLE_MS = 15_000;
    private static final List<String> BUILT_IN = List.of("moderate", "heavy", "qos");

    @Reference
    Engine engine;

    @Reference
    DescriptorReader descriptors;

    @Reference
    ConfigurationAdmin configAdmin;

    @Reference
    CentralMonitor monitor;

    @Reference
    CentralEffector effector;

    @Reference
    AdaptationLoop loop;

    @Reference
    Clock clock;

    private final AtomicLong steps = new AtomicLong(System.nanoTime());
    private BundleContext context;
    /** What --real adds: the component types' bundle, their measured figures, the ground archives. */
    private RealComponents realComponents;

    @Activate
    void activate(BundleContext ctx) {
        context = ctx;
        realComponents = new RealComponents(engine, descriptors, ctx, this::present);
    }

    @Descriptor("run an MMS scenario under each configuration")
    public synchronized void mms(CommandSession session,
            @Descriptor("[-s|--scenario <names or files>] [-c|--configurations <names>] [--seed N] [-o|--out <dir>] [-d|--duration S] [--real]") String... args)
            throws Exception {
        Arguments a = new CommandLine("race:mms", USAGE).option("--scenario", "-s").option("--configurations", "-c").option("--seed")
                .option("--out", "-o").option("--duration", "-d").flag("--real").parse(args);
        if (a.help()) {
            System.out.println(USAGE);
            return;
        }
        a.positional(0, 0);
        long seed = a.whole("--seed", 42, Long.MIN_VALUE, Long.MAX_VALUE);
        long duration = a.whole("--duration", 0, 1, 86_400);
        boolean real = a.has("--real");
        if (real && !platform().equals("jvm")) {
            throw a.error("--real runs the components' code, which only the jvm platform does (RACE_PLATFORM=jvm; this container runs " + platform() + ")");
        }
        List<MmsConfiguration> chosen = configurations(a, a.value("--configurations", ""));
        Path dir = a.outputFolder("--out", resolve(session, a.value("--out", "mms-results")));
        Path extracted = Files.createTempDirectory("race-mms");
        try {
            List<Scenario> list = new ArrayList<>();
            for (String s : a.value("--scenario", "moderate").split(",")) {
                if (s.isBlank()) continue;
                Scenario x = Scenario.read(scenarioFile(a, session, s.trim(), extracted));
                if (duration > 0) {
                    try {
                        x = x.scaled(duration * 1000);
                    } catch (IllegalArgumentException e) {
                        throw a.error("--duration " + duration + " for " + x.name() + ": " + e.getMessage());
                    }
                }
                list.add(real ? x.real() : x);
            }
            // only now, with every scenario readable, does the container change
            Settings settings = new Settings(configAdmin, steps, this::present);
            Optional<String> domainBefore = configuredDomain();
            Bundle types = real ? realComponents.install(list) : null;
            try {
                for (Scenario s : list) runScenario(s, chosen, seed, dir, settings, real);
            } finally {
                undeployAll();
                settings.restore();
                restoreDomain(domainBefore);
                if (types != null) types.uninstall();
            }
        } finally {
            delete(extracted);
        }
    }

    private void runScenario(Scenario s, List<MmsConfiguration> chosen, long seed, Path dir, Settings settings, boolean real) throws Exception {
        System.out.printf(Locale.ROOT, "race:mms %s (%s): %s s on the %s platform, seed %d, sampling every %d ms; configurations %s%n", s.name(),
                s.description(), MmsResults.seconds(s.durationMs()), platform(), seed, s.samplingPeriodMs(),
                String.join(", ", chosen.stream().map(MmsConfiguration::name).toList()));
        List<Run> runs = new ArrayList<>();
        int width = chosen.stream().mapToInt(c -> c.name().length()).max().orElse(0) + s.name().length() + 1;
        for (MmsConfiguration c : chosen) runs.add(run(s, c, seed, settings, String.format("%-" + width + "s", s.name() + "/" + c.name()), real));
        String base = "mms-" + s.name();
        MmsResults.writeCsv(dir.resolve(base + ".csv"), runs);
        MmsResults.writeSummary(dir.resolve(base + "-summary.csv"), s, runs);
        if (real) MmsResults.writeComponents(dir.resolve(base + "-components.csv"), runs);
        double top = MmsResults.chartTop(s, runs);
        List<String> charts = new ArrayList<>();
        for (Run r : runs) {
            String chart = base + "-" + r.configuration().name() + ".svg";
            MmsResults.writeChart(dir.resolve(chart), s, r, top);
            charts.add(chart);
        }
        if (runs.stream().anyMatch(MmsResults::ratesChanged)) {
            for (Run r : runs) {
                String chart = base + "-" + r.configuration().name() + "-rates.svg";
                MmsResults.writeRateChart(dir.resolve(chart), s, r);
                charts.add(chart);
            }
        }
        System.out.println();
        System.out.print(MmsResults.table(s, runs));
        if (real) System.out.print(MmsResults.componentTable(s, runs));
        System.out.println("wrote " + dir.resolve(base + ".csv") + ", " + base + "-summary.csv, " + (real ? base + "-components.csv, " : "")
                + String.join(", ", charts));
        System.out.println();
    }

    /** One configuration from a clean state: settings, controller, domain, then the timeline in sampling-period steps. */
    private Run run(Scenario s, MmsConfiguration c, long seed, Settings settings, String tag, boolean real) throws Exception {
        undeployAll();
        String platform = platform();
        Map<String, Object> platformValues = new LinkedHashMap<>(Map.of("seed", seed, "workload", 1.0));
        if (platform.equals("sim")) platformValues.put("speed", 0.0); // virtual time moves only by our steps
        settings.apply(platformPid(), clockFilter(), platformValues);
        clock.elapse(0); // a step of the sim's pacer still under way ends before anything is set up
        Bundle installed = c.controller() == null ? null : freshController(c.controller());
        try {
            for (MmsConfiguration.Setting x : c.settings()) settings.apply(x.pid(), x.consumer(), x.values());
            settings.apply("race.engine", "(objectClass=" + Engine.class.getName() + ")",
                    Map.of("configurators", c.configurators(), "admission", s.admission()));
            // a name no controller has means none; the update also restarts the loop's schedule now
            settings.apply("race.control", "(objectClass=" + AdaptationLoop.class.getName() + ")",
                    Map.of("controller", c.controller() == null ? "none" : c.controller(), "samplingPeriod", s.samplingPeriodMs()));
            String active = loop.activeController().orElse(null);
            if (!Objects.equals(active, c.controller())) {
                throw new IllegalStateException("race:mms: controller " + c.controller() + " expected, the loop uses " + active);
            }
            engine.loadDomain(descriptors.readDomain(s.domain()));
            Run r = play(s, c, settings, tag, real);
            undeployAll();
            if (real) System.out.printf(Locale.ROOT, "  %s %s%n", tag, realComponents.archived(r.wallStartMillis()));
            return r;
        } finally {
            undeployAll();
            if (installed != null) installed.uninstall();
        }
    }

    private Run play(Scenario s, MmsConfiguration c, Settings settings, String tag, boolean real) throws Exception {
        long wallStart = System.nanoTime(), wallStartMillis = System.currentTimeMillis(), cpuStart = cpuNanos(), t0 = clock.nowMillis(),
                progressStep = progressStep(s);
        List<Sample> samples = new ArrayList<>();
        RealComponents.Totals measured = realComponents.totals();
        long t = 0, nextSample = s.samplingPeriodMs(), nextProgress = progressStep, lastSnapshot = Long.MIN_VALUE;
        int event = 0, progressFrom = 0, unsampled = 0;
        while (true) {
            while (event < s.timeline().size() && s.timeline().get(event).atMs() <= t) apply(tag, s.timeline().get(event++), settings);
            if (t >= s.durationMs()) break;
            long next = Math.min(nextSample, event < s.timeline().size() ? s.timeline().get(event).atMs() : Long.MAX_VALUE);
            // on a real-time platform deploying takes platform time too: steps keep to the timeline, not add to it
            long behind = clock.nowMillis() - t0 - next;
            clock.elapse(Math.max(0, -behind));
            t = next;
            if (t < nextSample) continue;
            nextSample += s.samplingPeriodMs();
            if (behind > 0) continue; // this period ended while an event was applied: the next step samples
            SystemSnapshot snap = monitor.latest().orElse(null);
            if (snap == null || snap.timeMs() <= lastSnapshot) {
                // the sim samples exactly at the step; a real-time platform may now and then be late
                if (++unsampled > 3) throw new IllegalStateException("race:mms: the control loop takes no snapshots (is a CentralMonitor running?)");
                continue;
            }
            unsampled = 0;
            lastSnapshot = snap.timeMs();
            if (!snap.staleNodes().isEmpty()) LOG.warn("{} t={} s: stale nodes {}", tag, t / 1000.0, snap.staleNodes());
            if (real) measured.add(snap);
            for (DeploymentPlan p : engine.applications()) {
                ApplicationQos q = snap.applications().getOrDefault(p.name(), ApplicationQos.empty(p.name()));
                samples.add(new Sample(snap.timeMs() - t0, p.name(), p.application().importance(), p.application().periodMs(), q.met(), q.missed()));
            }
            if (t >= nextProgress) {
                System.out.printf(Locale.ROOT, "  %s %5s/%s s  last %s s: %s%n", tag, MmsResults.seconds(t), MmsResults.seconds(s.durationMs()),
                        MmsResults.seconds(progressStep), classRatios(samples.subList(progressFrom, samples.size())));
                progressFrom = samples.size();
                nextProgress += progressStep;
            }
        }
        long wall = (System.nanoTime() - wallStart) / 1_000_000, cpu = (cpuNanos() - cpuStart) / 1_000_000;
        DelayStats decisions = loop.decisionTimes();
        System.out.printf(Locale.ROOT, "  %s done: %s s of platform time in %.1f s (%.0fx real time), cpu %.1f s%s%n", tag,
                MmsResults.seconds(s.durationMs()), wall / 1000.0, s.durationMs() / (double) Math.max(1, wall), cpu / 1000.0,
                decisions.samples() == 0 ? "" : String.format(Locale.ROOT, ", decisions median %.3f ms, p99 %.3f ms over the last %d",
                        decisions.medianMs(), decisions.p99Ms(), decisions.samples()));
        return new Run(c, List.copyOf(samples), measured.totals(), wallStartMillis);
    }

    /**
     * Cpu time of every live Java thread of the container (the sim, the control loop, the node monitors):
     * what a run costs whatever else the machine is doing, where its wall time grows with the load.
     */
    private static long cpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long id : threads.getAllThreadIds()) sum += Math.max(0, threads.getThreadCpuTime(id));
        return sum;
    }

    private void apply(String tag, Scenario.Event e, Settings settings) throws Exception {
        Scenario.Action a = e.action();
        if (a instanceof Scenario.Deploy d) {
            for (Path p : d.descriptors()) engine.deploy(descriptors.readApplication(p, engine.domain().orElse(null)), null);
        } else if (a instanceof Scenario.Undeploy u) {
            for (String app : u.applications()) engine.undeploy(app);
        } else if (a instanceof Scenario.Workload w) {
            settings.apply(platformPid(), clockFilter(), Map.of("workload", w.factor()));
        } else {
            Map<String, Double> periods = ((Scenario.Period) a).periodsMs();
            List<Adjustment> changes = new ArrayList<>();
            periods.forEach((app, ms) -> changes.add(new Adjustment(app, null, Adjustment.Kind.PERIOD, ms, null)));
            EffectReport r = effector.apply(new AdaptationDecision("scenario", changes, e.label()), engine.applications());
            if (!r.rejected().isEmpty()) throw new IllegalStateException("race:mms: " + e.label() + ": rejected " + r.rejected());
            for (Map.Entry<String, Double> x : periods.entrySet()) {
                double now = engine.application(x.getKey()).orElseThrow().application().periodMs();
                if (now != x.getValue()) {
                    throw new IllegalStateException("race:mms: " + x.getKey() + " period " + x.getValue() + " ms became " + now
                            + " ms: outside its periodRange?");
                }
            }
        }
        System.out.printf(Locale.ROOT, "  %s t=%s s: %s%n", tag, MmsResults.seconds(e.atMs()), e.label());
    }

    /** Progress every tenth of the run, on a sampling-period boundary. */
    private static long progressStep(Scenario s) {
        long p = s.samplingPeriodMs();
        return Math.max(p, s.durationMs() / 10 / p * p);
    }

    private static String classRatios(List<Sample> samples) {
        Map<Importance, long[]> t = new EnumMap<>(Importance.class);
        for (Sample x : samples) {
            long[] v = t.computeIfAbsent(x.importance(), k -> new long[2]);
            v[0] += x.met() + x.missed();
            v[1] += x.missed();
        }
        List<String> parts = new ArrayList<>();
        for (Importance i : List.of(Importance.HIGH, Importance.MEDIUM, Importance.LOW)) {
            long[] v = t.get(i);
            if (v != null) parts.add(String.format(Locale.ROOT, "%s %.3f", i.label(), v[0] == 0 ? 0 : (double) v[1] / v[0]));
        }
        return parts.isEmpty() ? "nothing deployed" : "miss ratio " + String.join("  ", parts);
    }

    // ---------------------------------------------------------------- configurations and controllers

    private List<MmsConfiguration> configurations(Arguments a, String names) throws IOException {
        List<MmsConfiguration> out = new ArrayList<>();
        if (names.isBlank()) {
            for (MmsConfiguration c : MmsConfiguration.ALL) {
                if (!c.byDefault()) continue;
                if (c.controller() == null || available(c.controller())) {
                    out.add(c);
                } else {
                    System.out.println("race:mms: configuration " + c.name() + " skipped: no controller named " + c.controller()
                            + " is installed or in extras/");
                }
            }
            return out;
        }
        for (String n : names.split(",")) {
            String name = n.trim();
            MmsConfiguration c = MmsConfiguration.ALL.stream().filter(x -> x.name().equals(name)).findFirst()
                    .orElseThrow(() -> a.error("unknown configuration '" + name + "' (known: "
                            + String.join(", ", MmsConfiguration.ALL.stream().map(MmsConfiguration::name).toList()) + ")"));
            if (c.controller() != null && !available(c.controller())) {
                throw a.error("configuration " + name + " needs the controller " + c.controller()
                        + ", which is neither installed nor in extras/");
            }
            out.add(c);
        }
        return out;
    }

    private boolean available(String controller) throws IOException {
        return loop.controllers().contains(controller) || extra(controller).isPresent();
    }

    /** {@code extras/race-controller-<name>-*.jar} of the container, if any. */
    private Optional<Path> extra(String controller) throws IOException {
        return extrasJar(context, "race-controller-" + controller + "-");
    }

    /** {@code extras/<prefix>*.jar} of the container ({@code race.home}), if any. */
    static Optional<Path> extrasJar(BundleContext context, String prefix) throws IOException {
        String home = context.getProperty(FrameworkProperties.HOME);
        if (home == null || !Files.isDirectory(Path.of(home, "extras"))) return Optional.empty();
        try (Stream<Path> s = Files.list(Path.of(home, "extras"))) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".jar")).sorted().findFirst();
        }
    }

    /**
     * A controller with no memory of earlier runs: an installed one has its bundle restarted, else it
     * is installed from extras/ and returned, to be uninstalled after the run.
     */
    private Bundle freshController(String name) throws Exception {
        ServiceReference<?>[] refs = context.getServiceReferences(Controller.class.getName(), "(" + RoleProperties.NAME + "=" + name + ")");
        Bundle installed = null;
        if (refs != null) {
            Bundle b = refs[0].getBundle();
            b.stop(Bundle.STOP_TRANSIENT);
            b.start(Bundle.START_TRANSIENT);
        } else {
            Path jar = extra(name).orElseThrow(() -> new IllegalStateException("race:mms: no controller " + name + " in extras/"));
            installed = context.installBundle(jar.toUri().toString());
            installed.start();
        }
        await("controller " + name, () -> loop.controllers().contains(name));
        return installed;
    }

    // ---------------------------------------------------------------- ConfigAdmin

    private boolean present(String filter) {
        try {
            return context.getServiceReferences((String) null, filter) != null;
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(filter, e);
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + SETTLE_MS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) throw new IllegalStateException("race:mms: " + what + " did not take effect within " + SETTLE_MS / 1000 + " s");
            Thread.sleep(5);
        }
    }

    // ---------------------------------------------------------------- platform, domain, files

    private String platform() {
        ServiceReference<Clock> ref = context.getServiceReference(Clock.class);
        Object p = ref == null ? null : ref.getProperty(RoleProperties.PLATFORM);
        return p == null ? "unknown" : p.toString();
    }

    /** The platform's configuration: seed, workload factor and, on sim, speed ({@code race.sim}; {@code race.jvm} on jvm). */
    private String platformPid() {
        return "race." + platform();
    }

    private String clockFilter() {
        return "(&(objectClass=" + Clock.class.getName() + ")(" + RoleProperties.PLATFORM + "=" + platform() + "))";
    }

    private void undeployAll() throws Exception {
        for (DeploymentPlan p : engine.applications()) engine.undeploy(p.name());
    }

    private Optional<String> configuredDomain() throws IOException {
        Dictionary<String, Object> d = configAdmin.getConfiguration("race.engine", "?").getProperties();
        Object v = d == null ? null : d.get("domain");
        return v == null || v.toString().isBlank() ? Optional.empty() : Optional.of(v.toString());
    }

    private void restoreDomain(Optional<String> file) {
        if (file.isEmpty()) return;
        try {
            engine.loadDomain(descriptors.readDomain(Path.of(file.get())));
        } catch (Exception e) {
            LOG.warn("race:mms: cannot reload the configured domain {}: {}", file.get(), e.getMessage());
        }
    }

    /** A built-in scenario (shipped inside this bundle, copied out so its relative file names work) or a file. */
    private Path scenarioFile(Arguments a, CommandSession session, String arg, Path extracted) throws IOException {
        if (!BUILT_IN.contains(arg)) {
            Path p = resolve(session, arg);
            if (!Files.isRegularFile(p)) throw a.error("no scenario '" + arg + "' (built in: "
                    + String.join(", ", BUILT_IN) + "; or a scenario file)");
            return p;
        }
        Path dir = extracted.resolve("scenarios");
        if (!Files.isDirectory(dir)) {
            Enumeration<URL> entries = context.getBundle().findEntries("scenarios", "*.json", true);
            while (entries != null && entries.hasMoreElements()) {
                URL u = entries.nextElement();
                Path target = extracted.resolve(u.getPath().substring(1)).normalize();
                Files.createDirectories(target.getParent());
                try (InputStream in = u.openStream()) {
                    Files.copy(in, target);
                }
            }
        }
        return dir.resolve(arg + ".json");
    }

    private static Path resolve(CommandSession session, String file) {
        Path p = Path.of(file);
        if (p.isAbsolute()) return p.normalize();
        Path cwd = session == null ? null : session.currentDir();
        return (cwd == null ? p.toAbsolutePath() : cwd.resolve(p)).normalize();
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("race:mms: temporary files left in {}", dir);
        }
    }
}
