package org.race.effector.legacy;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.race.api.Engine;
import org.race.api.model.Domain;
import org.race.api.model.Importance;
import org.race.api.model.Node;
import org.race.api.model.NodeState;
import org.race.text.Arguments;
import org.race.text.CommandLine;
import org.race.text.Numbers;

/** {@code race:adopt}, {@code race:adopted}, {@code race:abandon}: unmodified OS processes under RACE. */
@Component(service = LegacyCommands.class, property = { "osgi.command.scope=race", "osgi.command.function=adopt",
        "osgi.command.function=adopted", "osgi.command.function=abandon" })
public class LegacyCommands {
    static final String ADOPT_USAGE = """
            race:adopt [--node NODE] [--criticality low|medium|high] [--cpu CPUS] [--force] PID NAME
              puts the running, unmodified process PID under RACE as component NAME of node NODE (of the
              loaded domain; may be left out when it has one node): its cpu and memory are read from /proc
              (race:adopted, and in NODE's samples: race:status), allocators see them used on NODE
              (race:nodes), its nice value follows its criticality (high -10, medium 0 (default), low 10),
              and --cpu limits it to CPUS processors, reserved on NODE (at most its available cpu), with a
              cgroup v2 cpu.max quota where this machine allows it, else with a nice value (the log says
              which and why). PID 1 (init) and the container's own process are refused unless --force""";
    static final String ADOPTED_USAGE = "race:adopted\n  cpu (processors busy since the last race:adopted), resident memory, nice, node and limit of every adopted process";
    static final String ABANDON_USAGE = "race:abandon NAME\n  gives an adopted process back: its original nice value, out of its cgroup, no longer counted on its node";

    /** A quota below a hundredth of a processor is below what cgroups can enforce; above a million processors, a typo on any machine. */
    private static final double MIN_CPUS = 0.01;
    private static final double MAX_CPUS = 1e6;

    @Reference
    LegacyProcesses processes;

    @Reference
    Engine engine;

    public void adopt(String... args) throws Exception {
        CommandLine line = new CommandLine("race:adopt", ADOPT_USAGE).option("--node", "-n").option("--criticality", "-c").option("--cpu")
                .flag("--force");
        Arguments a = line.parse(args);
        if (a.help()) {
            System.out.println(ADOPT_USAGE);
            return;
        }
        List<String> pidAndName = a.positional(2, 2);
        long pid = a.whole("PID", pidAndName.get(0), 1, Long.MAX_VALUE);
        Importance criticality = criticality(a, a.value("--criticality", "medium"));
        double cpus = a.has("--cpu") ? a.number("--cpu", 0, MIN_CPUS, MAX_CPUS) : 0;
        String node = node(engine.domain(), a.value("--node", null));
        String refused = refusal(pid, ProcessHandle.current().pid(), a.has("--force"), cpus,
                engine.nodes().stream().filter(n -> n.name().equals(node)).findFirst());
        if (refused != null) throw a.error(refused);
        AdoptedSample s = processes.adopt(pid, pidAndName.get(1), node, criticality, cpus);
        System.out.printf("adopted process %d as %s on node %s (criticality %s): %s%n", s.pid(), s.name(), s.node(), s.criticality().label(), s.limit());
    }

    /**
     * Why an adoption must not happen, or null. Renicing init or the container itself changes the whole
     * machine or RACE's own timing, so those need --force; a quota beyond what the node has free would
     * leave it overbooked (its available cpu negative), which nothing may force.
     */
    static String refusal(long pid, long self, boolean force, double cpus, Optional<NodeState> node) {
        if (!force && pid == 1) return "PID 1 is init: its nice value and quota would apply to the whole machine (--force to adopt it anyway)";
        if (!force && pid == self) return "PID " + pid + " is this container: adopting it would renice RACE itself (--force to adopt it anyway)";
        if (cpus > 0 && node.isPresent()) {
            double free = node.get().available().cpu();
            if (cpus > free + 1e-9) {
                return "--cpu " + Numbers.readable(cpus) + " is more than node " + node.get().name() + " has available (" + Numbers.readable(Math.max(0, free))
                        + " of " + Numbers.readable(node.get().node().capacity().cpu()) + " cpu, race:nodes)";
            }
        }
        return null;
    }

    /** The node an adopted process is a component of: {@code asked}, which must be a node of the domain, or its only node. */
    static String node(Optional<Domain> domain, String asked) {
        Domain d = domain.orElseThrow(() -> new IllegalArgumentException(
                "race:adopt: no domain loaded (race:domain <file>): an adopted process is a component of one of its nodes"));
        List<String> names = d.nodes().stream().map(Node::name).toList();
        String listed = names.size() <= 10 ? String.join(", ", names) : String.join(", ", names.subList(0, 10)) + ", … (" + names.size() + " nodes)";
        if (asked == null) {
            if (names.size() == 1) return names.get(0);
            throw new IllegalArgumentException("race:adopt: --node NODE is needed: domain " + d.name() + " has " + names.size() + " nodes (" + listed + ")");
        }
        if (!names.contains(asked)) throw new IllegalArgumentException("race:adopt: --node '" + asked + "' is not a node of domain " + d.name() + " (" + listed + ")");
        return asked;
    }

    public void adopted(String... args) {
        Arguments a = new CommandLine("race:adopted", ADOPTED_USAGE).parse(args);
        if (a.help()) {
            System.out.println(ADOPTED_USAGE);
            return;
        }
        a.positional(0, 0);
        List<AdoptedSample> samples = processes.sample();
        if (samples.isEmpty()) System.out.println("no adopted processes (race:adopt)");
        for (AdoptedSample s : samples) {
            System.out.printf(Locale.ROOT, "%-12s pid %-7d %-6s cpu %5.2f  memory %8.1f MB  nice %3d  node %s  %s%n", s.name(), s.pid(), s.criticality().label(), s.cpu(),
                    s.memoryMb(), s.nice(), s.node(), s.limit());
        }
    }

    public void abandon(String... args) {
        Arguments a = new CommandLine("race:abandon", ABANDON_USAGE).parse(args);
        if (a.help()) {
            System.out.println(ABANDON_USAGE);
            return;
        }
        String name = a.positional(1, 1).get(0);
        try {
            processes.abandon(name);
        } catch (IllegalArgumentException e) {
            throw a.error(e.getMessage());
        }
        System.out.println("released " + name);
    }

    private static Importance criticality(Arguments a, String s) {
        try {
            return Importance.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw a.error("--criticality '" + s + "' is not low, medium or high");
        }
    }
}
