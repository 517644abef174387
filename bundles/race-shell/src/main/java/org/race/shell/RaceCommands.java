package org.race.shell;

import org.race.api.DescriptorReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.race.api.AdaptationLoop;
import org.race.api.CentralEffector;
import org.race.api.CentralMonitor;
import org.race.api.Clock;
import org.race.api.Engine;
import org.race.api.LegacyComponent;
import org.race.api.RoleProperties;
import org.race.api.analysis.AnalysisResult;
import org.race.api.analysis.ApplicationBound;
import org.race.api.analysis.ComponentResponse;
import org.race.api.model.Application;
import org.race.api.model.ComponentSettings;
import org.race.api.model.DeploymentException;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;
import org.race.api.model.NodeState;
import org.race.api.model.QosRegion;
import org.race.api.model.Resources;
import org.race.api.monitoring.ApplicationQos;
import org.race.api.monitoring.ComponentSample;
import org.race.api.monitoring.DelayStats;
import org.race.api.monitoring.NodeSample;
import org.race.api.monitoring.SystemSnapshot;
import org.race.text.Arguments;
import org.race.text.CommandLine;

/**
 * The {@code race:} Gogo commands. They print their output (so every command of a {@code a; b}
 * line shows it) and throw on failure, which Gogo and {@code bin/race} report as an error.
 */
@Component(service = RaceCommands.class, property = {
        "osgi.command.scope=race",
        "osgi.command.function=nodes",
        "osgi.command.function=domain",
        "osgi.command.function=deploy",
        "osgi.command.function=apps",
        "osgi.command.function=undeploy",
        "osgi.command.function=status",
        "osgi.command.function=run",
        "osgi.command.function=allocators",
        "osgi.command.function=contracts",
        "osgi.command.function=events",
        "osgi.command.function=controller" })
public class RaceCommands {
    @Reference
    Engine engine;

    @Reference
    DescriptorReader descriptors;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile CentralMonitor monitor;

    /** With its service properties: race.platform says which platform the figures come from. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Map.Entry<Map<String, Object>, Clock> clock;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile CentralEffector effector;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile AdaptationLoop loop;

    static final Map<String, String> USAGE = new TreeMap<>(Map.ofEntries(Map.entry("controller",
            "race:controller [<name> | auto]\n  Shows the installed controllers, the active one and its last decision. With a name, makes\n"
                    + "  that controller the active one from the next sampling period on (PID race.control, key\n"
                    + "  controller); 'auto' goes back to the installed one with the highest service.ranking."),
            Map.entry("allocators",
            "race:allocators\n  Lists the allocators installed now (race.name of each Allocator service) and marks the default\n"
                    + "  (PID race.engine, key allocator). Installing an allocator bundle adds one, live."),
            Map.entry("nodes", "race:nodes\n  Lists the domain's nodes: capacity (cpu as a fraction of one processor, memory MB,\n"
                    + "  bandwidth Mbit/s), what deployed applications and adopted processes' quotas reserve, the\n"
                    + "  measured utilization of the last sampling window, and the cpu allocators see available:\n"
                    + "  capacity - max(reserved, measured use of deployed and adopted components)."),
            Map.entry("domain", "race:domain [<file>]\n  Loads a domain descriptor (JSON), replacing the current domain; refused while\n"
                    + "  applications are deployed. Without a file, shows the current domain."),
            Map.entry("deploy", "race:deploy [-a|--allocator <name>] <file>\n  Deploys an application descriptor: reads and validates it, places every\n"
                    + "  component (static allocator when all are mapped, else the default or the named one),\n"
                    + "  runs the configurators and starts the components on their nodes. All or nothing.\n"
                    + "  An application with a QoS region is admitted at the highest rate of its region every\n"
                    + "  node can take, shrinking less critical applications when even its minimum does not fit.\n"
                    + "  Prints where each component went and its configured settings, the granted point and\n"
                    + "  who shrank."),
            Map.entry("apps", "race:apps [-v]\n  Lists deployed applications; -v adds per application its worst-case end-to-end bound\n"
                    + "  against its deadline at the periods in force (the schedulability analysis, as race:analyze\n"
                    + "  shows it) beside the latency measured in the last window, every component's node, settings,\n"
                    + "  worst-case execution and response time, and the contracts (as race:contracts)."),
            Map.entry("contracts", "race:contracts\n  Lists the contracts of the applications deployed with a QoS region: criticality\n"
                    + "  (importance), the region (period range in ms and the rates it means, latency bound), the\n"
                    + "  current operational point (COP) and how far its rate is below the region's maximum."),
            Map.entry("events", "race:events\n  What the engine did on its own, oldest first (the last 100): QoS shrinks, expansions and\n"
                    + "  rejections with their figures, node losses, re-allocations, applications shed, component\n"
                    + "  bundles node containers installed from this container."),
            Map.entry("undeploy", "race:undeploy <name>\n  Stops an application on all its nodes and releases its resources; contracted applications\n"
                    + "  below their maximum rate expand into them (printed)."),
            Map.entry("status", "race:status [-v [<application>]]\n  Per node utilization, adopted processes (race:adopt: cpu as a share of their node's processor,\n"
                    + "  resident memory) and per application QoS (deadline misses, end-to-end latency)\n"
                    + "  as measured in the last sampling window by the CentralMonitor, beside its worst-case bound.\n"
                    + "  Flags every application whose bound at the periods in force exceeds its deadline: what the\n"
                    + "  controllers change at run time is not admitted again.\n"
                    + "  -v adds per component its cpu, jobs, most CPU a job used, response time, longest input queue,\n"
                    + "  failed and overrun jobs in the window, and the median, p99 and max CPU time per job over its\n"
                    + "  measurement window (what race:exectimes counts): every component of <application>, or the\n"
                    + "  " + ComponentFigures.TOP + " busiest of all."),
            Map.entry("run", "race:run <seconds>\n  Lets time pass: on the sim platform virtual time advances at once (as fast as it\n"
                    + "  can be simulated); on a real platform it waits.")));

    /** Each command's options; -h and --help are everyone's. */
    private static final Map<String, CommandLine> LINES = Map.of("deploy", line("deploy").option("--allocator", "-a"), "apps",
            line("apps").flag("--verbose", "-v"), "status", line("status").flag("--verbose", "-v"));

    private static CommandLine line(String command) {
        return new CommandLine("race:" + command, USAGE.get(command));
    }

    /**
     * What was typed for {@code command}, with between {@code min} and {@code max} arguments; null when
     * help was asked for (and printed). Gogo hands every word over as typed, so that a bad one is refused
     * here, with the usage line, and not by Gogo's coercion.
     */
    private static Arguments read(String command, String[] args, int min, int max) {
        Arguments a = LINES.getOrDefault(command, line(command)).parse(args);
        if (a.help()) {
            System.out.println(USAGE.get(command));
            return null;
        }
        a.positional(min, max);
        return a;
    }

    @Descriptor("list nodes with capacity, reservations and measured utilization")
    public void nodes(String... args) {
        if (read("nodes", args, 0, 0) == null) return;
        List<NodeState> nodes = engine.nodes();
        if (nodes.isEmpty()) {
            System.out.println("no domain loaded (race:domain <file>)");
            return;
        }
        Map<String, NodeSample> measured = latestSamples();
        Table t = new Table("node", "state", "cpu", "memory", "bandwidth", "reserved cpu", "reserved memory",
                "reserved bandwidth", "measured cpu", "available cpu");
        for (NodeState n : nodes) {
            Resources c = n.node().capacity(), r = n.reserved();
            NodeSample s = measured.get(n.name());
            t.row(n.name(), n.up() ? "up" : "down", Table.num(c.cpu()), Table.num(c.memory()), Table.num(c.bandwidth()),
                    Table.num(r.cpu()), Table.num(r.memory()), Table.num(r.bandwidth()),
                    s == null ? null : Table.pct(s.utilization().getOrDefault("cpu", 0.0)), Table.num(n.available().cpu()));
        }
        System.out.print(t);
    }

    @Descriptor("load a domain descriptor, or show the current domain")
    public void domain(CommandSession session, @Descriptor("[<domain descriptor (JSON)>]") String... args) throws DeploymentException {
        Arguments a = read("domain", args, 0, 1);
        if (a == null) return;
        List<String> file = a.positional(0, 1);
        if (file.size() == 1) {
            Domain d = engine.loadDomain(descriptors.readDomain(resolve(session, file.get(0))));
            System.out.println("loaded domain " + d.name() + " with " + d.nodes().size() + " nodes");
            return;
        }
        Optional<Domain> d = engine.domain();
        System.out.println(d.map(x -> "domain " + x.name() + ": " + x.nodes().size() + " nodes, link latency "
                + Table.num(x.linkLatencyMs()) + " ms").orElse("no domain loaded (race:domain <file>)"));
    }

    @Descriptor("deploy an application descriptor")
    public void deploy(CommandSession session, @Descriptor("[-a|--allocator <name>] <application descriptor (JSON)>") String... args)
            throws DeploymentException {
        Arguments typed = read("deploy", args, 1, 1);
        if (typed == null) return;
        Map<String, DeploymentPlan> before = byName(engine.applications());
        DeploymentPlan plan = engine.deploy(descriptors.readApplication(resolve(session, typed.positional(1, 1).get(0)), engine.domain().orElse(null)),
                typed.value("--allocator", null));
        Application a = plan.application();
        System.out.println("deployed " + a.name() + " (importance " + a.importance().label() + ", period "
                + Table.num(a.periodMs()) + " ms, deadline " + Table.num(a.deadlineMs()) + " ms) with allocator "
                + plan.placement().allocator());
        if (a.contracted()) {
            QosRegion r = a.region();
            System.out.println("granted " + Table.num(1000 / a.periodMs()) + " Hz (period " + Table.num(a.periodMs()) + " ms) of region "
                    + Table.num(r.minRateHz()) + ".." + Table.num(r.maxRateHz()) + " Hz (period " + Table.num(r.period().min()) + ".."
                    + Table.num(r.period().max()) + " ms)" + (a.periodMs() == r.period().min() ? ", its maximum"
                            : a.periodMs() == r.period().max() ? ", its minimum" : ""));
        }
        printRateChanges("shrank", before, a.name());
        System.out.print(components(plan, "  "));
    }

    /** Applications whose period the last command changed, e.g. {@code shrank lo1 (low): 10 -> 6.25 Hz (period 100 -> 160 ms, rate -37.5 %)}. */
    private void printRateChanges(String verb, Map<String, DeploymentPlan> before, String except) {
        for (DeploymentPlan now : engine.applications()) {
            DeploymentPlan was = before.get(now.name());
            if (was == null || now.name().equals(except)) continue;
            double from = was.application().periodMs(), to = now.application().periodMs();
            if (from == to) continue;
            System.out.println(verb + " " + now.name() + " (" + now.application().importance().label() + "): " + Table.num(1000 / from) + " -> "
                    + Table.num(1000 / to) + " Hz (period " + Table.num(from) + " -> " + Table.num(to) + " ms, rate "
                    + String.format(java.util.Locale.ROOT, "%+.1f %%", (from / to - 1) * 100) + ")");
        }
    }

    private static Map<String, DeploymentPlan> byName(List<DeploymentPlan> plans) {
        Map<String, DeploymentPlan> out = new TreeMap<>();
        plans.forEach(p -> out.put(p.name(), p));
        return out;
    }

    @Descriptor("list the QoS contracts of the deployed applications")
    public void contracts(String... args) {
        if (read("contracts", args, 0, 0) == null) return;
        System.out.print(contractTable(engine.applications()));
    }

    /** One row per contracted application: criticality, region, COP and its distance from the maximum rate. */
    static String contractTable(List<DeploymentPlan> plans) {
        List<Application> contracted = plans.stream().map(DeploymentPlan::application).filter(Application::contracted).toList();
        if (contracted.isEmpty()) return "no contracts: no application with a QoS region is deployed\n";
        Table t = new Table("application", "criticality", "region period ms", "region rate Hz", "latency max ms", "COP period ms", "COP rate Hz",
                "from max");
        for (Application a : contracted) {
            QosRegion r = a.region();
            double rate = 1000 / a.periodMs();
            t.row(a.name(), a.importance().label(), Table.num(r.period().min()) + ".." + Table.num(r.period().max()),
                    Table.num(r.minRateHz()) + ".." + Table.num(r.maxRateHz()), r.latencyMaxMs() == null ? null : Table.num(r.latencyMaxMs()),
                    Table.num(a.periodMs()), Table.num(rate), rate >= r.maxRateHz() ? "at max"
                            : String.format(java.util.Locale.ROOT, "%.1f %%", (rate / r.maxRateHz() - 1) * 100));
        }
        return t.toString();
    }

    @Descriptor("list what the engine did on its own")
    public void events(String... args) {
        if (read("events", args, 0, 0) == null) return;
        List<String> events = engine.events();
        if (events.isEmpty()) System.out.println("no events");
        events.forEach(System.out::println);
    }

    @Descriptor("list deployed applications")
    public void apps(@Descriptor("[-v|--verbose]") String... args) {
        Arguments typed = read("apps", args, 0, 0);
        if (typed == null) return;
        boolean verbose = typed.has("--verbose");
        List<DeploymentPlan> plans = engine.applications();
        if (plans.isEmpty()) {
            System.out.println("no applications deployed");
            return;
        }
        Table t = new Table("application", "importance", "mode", "period ms", "deadline ms", "components", "nodes", "allocator");
        for (DeploymentPlan p : plans) {
            Application a = p.application();
            t.row(a.name(), a.importance().label(), a.mode(), Table.num(a.periodMs()), Table.num(a.deadlineMs()),
                    a.components().size(), String.join(",", new java.util.TreeSet<>(p.placement().nodeOf().values())),
                    p.placement().allocator());
        }
        System.out.print(t);
        if (verbose) {
            Optional<AnalysisResult> bounds = engine.bounds();
            Map<String, ApplicationQos> measured = latestSnapshot().map(SystemSnapshot::applications).orElse(Map.of());
            for (DeploymentPlan p : plans) {
                ApplicationBound b = bounds.flatMap(r -> r.application(p.name())).orElse(null);
                System.out.println(p.name() + ": " + (b == null ? "not analysed (no schedulability analysis installed)" : AnalyzeCommand.verdict(b))
                        + "; " + measuredLatency(measured.get(p.name())));
                System.out.print(components(p, b, "  "));
            }
            if (plans.stream().anyMatch(p -> p.application().contracted())) {
                System.out.println("contracts:");
                System.out.print(contractTable(plans).lines().map(l -> "  " + l + "\n").reduce("", String::concat));
            }
        }
    }

    @Descriptor("undeploy an application")
    public void undeploy(@Descriptor("<application name>") String... args) throws DeploymentException {
        Arguments typed = read("undeploy", args, 1, 1);
        if (typed == null) return;
        String name = typed.positional(1, 1).get(0);
        if (name.isBlank()) throw typed.error("the application name is empty");
        Map<String, DeploymentPlan> before = byName(engine.applications());
        engine.undeploy(name);
        System.out.println("undeployed " + name);
        printRateChanges("expanded", before, name);
    }

    /** e.g. {@code measured latency max 48.2 ms, mean 45 ms in the last window}. */
    static String measuredLatency(ApplicationQos q) {
        if (q == null || q.completed() == 0) return "no latency measured yet";
        return "measured latency max " + Table.num(q.maxLatencyMs()) + " ms, mean " + Table.num(q.meanLatencyMs()) + " ms in the last window";
    }

    /**
     * The applications whose worst-case bound at the periods in force exceeds their deadline, one line each; empty
     * when there is none. Admission kept every bound within its deadline; the controllers' changes are not admitted again.
     */
    static String flags(Optional<AnalysisResult> bounds) {
        List<ApplicationBound> beyond = bounds.map(AnalysisResult::applications).orElse(List.of()).stream().filter(b -> !b.schedulable()).toList();
        if (beyond.isEmpty()) return "";
        StringBuilder out = new StringBuilder("beyond the deadline at the periods in force (run-time changes are not admitted again):\n");
        beyond.forEach(b -> out.append("  ").append(b.explain()).append('\n'));
        return out.toString();
    }

    @Descriptor("show measured utilization and QoS")
    public void status(@Descriptor("[-v|--verbose [<application>]]") String... args) {
        Arguments typed = read("status", args, 0, 1);
        if (typed == null) return;
        List<String> only = typed.positional(0, 1);
        if (!only.isEmpty() && !typed.has("--verbose")) throw typed.error("an application name goes with -v");
        CentralMonitor m = monitor;
        Optional<SystemSnapshot> snap = m == null ? Optional.empty() : m.latest();
        Optional<AnalysisResult> bounds = engine.bounds();
        if (snap.isEmpty()) {
            System.out.println(m == null ? "no CentralMonitor installed: nothing is measured"
                    : "no measurements yet: let time pass (race:run <seconds>) for at least one sampling period");
            System.out.print(flags(bounds));
            return;
        }
        SystemSnapshot s = snap.get();
        Map.Entry<Map<String, Object>, Clock> c = clock;
        Object platform = c == null ? null : c.getKey().get(RoleProperties.PLATFORM);
        System.out.println("snapshot at " + Table.num(s.timeMs() / 1000.0) + " s" + (platform == null ? "" : " on the " + platform + " platform")
                + (s.staleNodes().isEmpty() ? "" : ", stale: " + s.staleNodes()));
        System.out.println("monitoring delay " + delays(m.delays()));
        CentralEffector e = effector;
        if (e != null && e.delays().samples() > 0) System.out.println("actuation delay " + delays(e.delays()));
        AdaptationLoop l = loop;
        if (l != null && l.decisionTimes().samples() > 0) System.out.println("decision time " + delays(l.decisionTimes()));
        Table nodes = new Table("node", "window s", "cpu", "memory", "bandwidth");
        for (NodeSample n : s.nodes()) {
            nodes.row(n.node(), Table.num(n.windowMs() / 1000.0), Table.pct(n.utilization().getOrDefault("cpu", 0.0)),
                    Table.pct(n.utilization().getOrDefault("memory", 0.0)), Table.pct(n.utilization().getOrDefault("bandwidth", 0.0)));
        }
        System.out.print(nodes);
        Table adopted = new Table(LegacyComponent.APPLICATION, "node", "cpu", "memory MB");
        boolean any = false;
        for (NodeSample n : s.nodes()) {
            for (ComponentSample cs : n.components()) {
                if (!cs.application().equals(LegacyComponent.APPLICATION)) continue;
                adopted.row(cs.component(), n.node(), Table.pct(cs.utilization()), Table.num(Math.round(cs.memoryMb() * 10) / 10.0));
                any = true;
            }
        }
        if (any) System.out.print(adopted);
        List<String> events = engine.events();
        if (!events.isEmpty()) {
            System.out.println("events:");
            events.subList(Math.max(0, events.size() - 10), events.size()).forEach(ev -> System.out.println("  " + ev));
        }
        if (engine.applications().isEmpty()) return;
        Table apps = new Table("application", "importance", "met", "missed", "miss ratio", "latency mean ms", "latency max ms", "bound ms",
                "deadline ms", "analysis");
        for (DeploymentPlan p : engine.applications()) {
            ApplicationQos q = s.applications().getOrDefault(p.name(), ApplicationQos.empty(p.name()));
            ApplicationBound b = bounds.flatMap(r -> r.application(p.name())).orElse(null);
            apps.row(p.name(), p.application().importance().label(), q.met(), q.missed(), Table.pct(q.missRatio()),
                    Table.num(q.meanLatencyMs()), Table.num(q.maxLatencyMs()), b == null ? null : b.boundMs() == null ? "unbounded" : Table.num(b.boundMs()),
                    Table.num(p.application().deadlineMs()), b == null ? null : b.schedulable() ? "ok" : "BEYOND DEADLINE");
        }
        System.out.print(apps);
        System.out.print(flags(bounds));
        if (typed.has("--verbose")) System.out.print(ComponentFigures.table(s, only.isEmpty() ? null : only.get(0)));
    }

    @Descriptor("show or choose the controller")
    public void controller(@Descriptor("[<controller name> | auto]") String... args) {
        Arguments typed = read("controller", args, 0, 1);
        if (typed == null) return;
        AdaptationLoop l = loop;
        if (l == null) throw new IllegalStateException("race:controller: the control loop is not running");
        List<String> name = typed.positional(0, 1);
        if (name.size() == 1) {
            // the loop takes an empty name for auto: a name lost to quoting must not silently become that
            if (name.get(0).isBlank()) throw typed.error("the controller name is empty (give a name, or auto)");
            try {
                l.choose(name.get(0));
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new IllegalArgumentException("race:controller: " + e.getMessage(), e);
            }
            System.out.println("controller " + (name.get(0).equals("auto") ? "chosen by service.ranking" : name.get(0)) + " from the next sampling period on");
            return;
        }
        System.out.println("installed: " + (l.controllers().isEmpty() ? "none" : String.join(", ", l.controllers())));
        System.out.println("active: " + l.activeController().orElse("none (monitoring only)"));
        l.lastDecision().ifPresent(d -> System.out.println("last decision: " + (d.isEmpty() ? "no change" : d.adjustments().size()
                + " adjustments") + " (" + d.reason() + ")"));
    }

    @Descriptor("list installed allocators")
    public void allocators(String... args) {
        if (read("allocators", args, 0, 0) == null) return;
        for (String a : engine.allocators()) System.out.println(a + (a.equals(engine.defaultAllocator()) ? " (default)" : ""));
        if (!engine.allocators().contains(engine.defaultAllocator())) {
            System.out.println("default " + engine.defaultAllocator() + " is not installed");
        }
    }

    @Descriptor("let time pass (virtual on the sim platform)")
    public void run(@Descriptor("<seconds>") String... args) throws InterruptedException {
        Arguments typed = read("run", args, 1, 1);
        if (typed == null) return;
        // a millisecond is the clock's step; 1e7 s (four months) bounds a batch run
        double seconds = typed.number("seconds", typed.positional(1, 1).get(0), 0.001, 1e7);
        Map.Entry<Map<String, Object>, Clock> entry = clock;
        if (entry == null) throw new IllegalStateException("race:run: no platform clock is installed");
        Clock c = entry.getValue();
        c.elapse(Math.round(seconds * 1000));
        System.out.println("time is now " + Table.num(c.nowMillis() / 1000.0) + " s");
    }

    private static String delays(DelayStats d) {
        return "last " + Table.num(d.lastMs()) + " ms, median " + Table.num(d.medianMs()) + " ms, p99 " + Table.num(d.p99Ms())
                + " ms over " + d.samples() + " periods";
    }

    private Optional<SystemSnapshot> latestSnapshot() {
        CentralMonitor m = monitor;
        return m == null ? Optional.empty() : m.latest();
    }

    private Map<String, NodeSample> latestSamples() {
        Map<String, NodeSample> out = new TreeMap<>();
        latestSnapshot().ifPresent(s -> s.nodes().forEach(n -> out.put(n.node(), n)));
        return out;
    }

    static String components(DeploymentPlan plan, String indent) {
        return components(plan, null, indent);
    }

    /** With {@code bound} not null, each component's worst-case execution and response time as analysed. */
    static String components(DeploymentPlan plan, ApplicationBound bound, String indent) {
        List<String> header = new java.util.ArrayList<>(List.of("component", "node", "cpu", "memory", "bandwidth", "exec ms", "priority", "class",
                "threading", "priority model", "dscp"));
        if (bound != null) header.addAll(List.of("wcet ms", "response ms"));
        Table t = new Table(header.toArray(new String[0]));
        Map<String, ComponentResponse> analysed = new java.util.HashMap<>();
        if (bound != null) bound.components().forEach(c -> analysed.put(c.name(), c));
        for (org.race.api.model.Component c : plan.application().components()) {
            ComponentSettings s = plan.settingsOf(c.name());
            List<Object> row = new java.util.ArrayList<>(java.util.Arrays.asList(c.name(), plan.placement().nodeOf().get(c.name()),
                    Table.num(c.demand().cpu()), Table.num(c.demand().memory()), Table.num(c.demand().bandwidth()), Table.num(c.executionTimeMs()),
                    s.priority(), s.priorityClass(), s.threadingModel(), s.priorityModel(), s.dscp()));
            if (bound != null) {
                ComponentResponse r = analysed.get(c.name());
                row.add(r == null ? null : Table.num(r.wcetMs()));
                row.add(r == null ? null : AnalyzeCommand.response(r));
            }
            t.row(row.toArray());
        }
        // joined once: concatenating line by line copied the text so far per line, quadratic in the components
        return t.toString().lines().map(l -> indent + l + "\n").collect(java.util.stream.Collectors.joining());
    }

    /** A descriptor path as race:deploy reads it ({@link Arguments#typedPath}); without a session, as typed. */
    static Path resolve(CommandSession session, String file) {
        return session == null ? Path.of(file) : Arguments.typedPath(session.currentDir(), file);
    }
}
