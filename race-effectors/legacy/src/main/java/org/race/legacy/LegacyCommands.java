package org.race.legacy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.race.api.model.Importance;

/** {@code race:adopt}, {@code race:adopted}, {@code race:abandon}: unmodified OS processes under RACE. */
@Component(service = LegacyCommands.class, property = { "osgi.command.scope=race", "osgi.command.function=adopt",
        "osgi.command.function=adopted", "osgi.command.function=abandon" })
public class LegacyCommands {
    static final String ADOPT_USAGE = """
            race:adopt [--criticality low|medium|high] [--cpu CPUS] PID NAME
              puts the running, unmodified process PID under RACE as component NAME: its cpu and memory
              are read from /proc (race:adopted), its nice value follows its criticality (high -10,
              medium 0 (default), low 10), and --cpu limits it to CPUS processors with a cgroup v2
              cpu.max quota where this machine allows it, else with a nice value (the log says which and why)""";

    @Reference
    LegacyProcesses processes;

    public void adopt(String... args) throws Exception {
        List<String> positional = new ArrayList<>();
        Importance criticality = Importance.MEDIUM;
        double cpus = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-h", "--help" -> {
                    System.out.println(ADOPT_USAGE);
                    return;
                }
                case "-c", "--criticality" -> criticality = criticality(value(args, i++));
                case "--cpu" -> cpus = number(value(args, i++));
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
        AdoptedSample s = processes.adopt(pid, positional.get(1), criticality, cpus);
        System.out.printf("adopted process %d as %s (criticality %s): %s%n", s.pid(), s.name(), s.criticality().label(), s.limit());
    }

    public void adopted(String... args) {
        if (args.length > 0) {
            System.out.println("race:adopted  cpu (processors busy since the last race:adopted), resident memory, nice and limit of every adopted process");
            return;
        }
        List<AdoptedSample> samples = processes.sample();
        if (samples.isEmpty()) System.out.println("no adopted processes (race:adopt)");
        for (AdoptedSample s : samples) {
            System.out.printf(Locale.ROOT, "%-12s pid %-7d %-6s cpu %5.2f  memory %8.1f MB  nice %3d  %s%n", s.name(), s.pid(), s.criticality().label(), s.cpu(),
                    s.memoryMb(), s.nice(), s.limit());
        }
    }

    public void abandon(String... args) {
        if (args.length != 1 || args[0].startsWith("-")) {
            System.out.println("race:abandon NAME  gives an adopted process back: its original nice value, out of its cgroup");
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
