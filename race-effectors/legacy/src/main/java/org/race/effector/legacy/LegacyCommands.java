package org.race.effector.legacy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.race.api.Engine;
import org.race.api.model.Domain;
import org.race.api.model.Importance;
import org.race.api.model.Node;

/** {@code race:adopt}, {@code race:adopted}, {@code race:abandon}: unmodified OS processes under RACE. */
@Component(service = LegacyCommands.class, property = { "osgi.command.scope=race", "osgi.command.function=adopt",
        "osgi.command.function=adopted", "osgi.command.function=abandon" })
public class LegacyCommands {
    static final String ADOPT_USAGE = """
            race:adopt [--node NODE] [--criticality low|medium|high] [--cpu CPUS] PID NAME
              puts the running, unmodified process PID under RACE as component NAME of node NODE (of the
              loaded domain; may be left out when it has one node): its cpu and memory are read from /proc
              (race:adopted, and in NODE's samples: race:status), allocators see them used on NODE
              (race:nodes), its nice value follows its criticality (high -10, medium 0 (default), low 10),
              and --cpu limits it to CPUS processors, reserved on NODE, with a cgroup v2 cpu.max quota
              where this machine allows it, else with a nice value (the log says which and why)""";

    @Reference
    LegacyProcesses processes;

    @Reference
    Engine engine;

    public void adopt(String... args) throws Exception {
        List<String> positional = new ArrayList<>();
        Importance criticality = Importance.MEDIUM;
        double cpus = 0;
        String node = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-h", "--help" -> {
                    System.out.println(ADOPT_USAGE);
                    return;
                }
                case "-c", "--criticality" -> criticality = criticality(value(args, i++));
                case "--cpu" -> cpus = number(value(args, i++));
                case "-n", "--node" -> node = value(args, i++);
                default -> positional.add(args[i]);
            }
        }
        if (positional.size() != 2) throw new IllegalArgumentException("race:adopt needs PID and NAME, got " + positional + "\n" + ADOPT_USAGE);
        long pid;
        try {
            pid = Long.parseLong(positional.get(0));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("race:adopt: PID '" + positional.get(0) + "' is not a process id");
        }
        AdoptedSample s = processes.adopt(pid, positional.get(1), node(engine.domain(), node), criticality, cpus);
        System.out.printf("adopted process %d as %s on node %s (criticality %s): %s%n", s.pid(), s.name(), s.node(), s.criticality().label(), s.limit());
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
        if (args.length > 0) {
            System.out.println("race:adopted  cpu (processors busy since the last race:adopted), resident memory, nice, node and limit of every adopted process");
            return;
        }
        List<AdoptedSample> samples = processes.sample();
        if (samples.isEmpty()) System.out.println("no adopted processes (race:adopt)");
        for (AdoptedSample s : samples) {
            System.out.printf(Locale.ROOT, "%-12s pid %-7d %-6s cpu %5.2f  memory %8.1f MB  nice %3d  node %s  %s%n", s.name(), s.pid(), s.criticality().label(), s.cpu(),
                    s.memoryMb(), s.nice(), s.node(), s.limit());
        }
    }

    public void abandon(String... args) {
        if (args.length != 1 || args[0].startsWith("-")) {
            System.out.println("race:abandon NAME  gives an adopted process back: its original nice value, out of its cgroup, no longer counted on its node");
            return;
        }
        processes.abandon(args[0]);
        System.out.println("released " + args[0]);
    }

    private static String value(String[] args, int i) {
        if (i + 1 >= args.length) throw new IllegalArgumentException("race:adopt: " + args[i] + " needs a value");
        return args[i + 1];
    }

    private static Importance criticality(String s) {
        try {
            return Importance.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("race:adopt: --criticality '" + s + "' is not low, medium or high");
        }
    }

    private static double number(String s) {
        try {
            double v = Double.parseDouble(s);
            if (v > 0) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("race:adopt: --cpu '" + s + "' is not a number of processors > 0");
    }
}
