package org.race.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options and arguments a {@code race:} command accepts, and the reading of what was typed.
 * Commands take their arguments as strings and read them here, rather than through Gogo's typed
 * parameters: Gogo coerces before the command runs, so a bad number or an unknown option came back
 * as "Cannot coerce", "argument type mismatch" or "wrong number of arguments", naming neither the
 * option nor the usage. Every refusal here names the command, what was wrong and the usage line.
 * {@code -h} and {@code --help} are always known.
 */
public final class CommandLine {
    private final String command;
    private final String usage;
    /** Every name of every option to the option's first (canonical) name. */
    private final Map<String, String> names = new LinkedHashMap<>();
    /** Canonical name to whether the option takes a value. */
    private final Map<String, Boolean> takesValue = new LinkedHashMap<>();

    /**
     * @param command as typed, e.g. {@code race:deploy}
     * @param usage the help text; its first line is the usage line errors repeat
     */
    public CommandLine(String command, String usage) {
        this.command = command;
        this.usage = usage;
        flag("--help", "-h");
    }

    /** An option without a value, e.g. {@code flag("--verbose", "-v")}; the first name is the one to ask for. */
    public CommandLine flag(String... aliases) {
        return add(false, aliases);
    }

    /** An option with a value ({@code -a NAME} or {@code --allocator=NAME}); the first name is the one to ask for. */
    public CommandLine option(String... aliases) {
        return add(true, aliases);
    }

    private CommandLine add(boolean value, String... aliases) {
        for (String a : aliases) names.put(a, aliases[0]);
        takesValue.put(aliases[0], value);
        return this;
    }

    /** The full help text. */
    public String usage() {
        return usage;
    }

    /** The usage line: the first line of the help. */
    public String usageLine() {
        int nl = usage.indexOf('\n');
        return nl < 0 ? usage : usage.substring(0, nl);
    }

    /** A refusal of this command: {@code race:x: <what>}, then the usage line. */
    public IllegalArgumentException error(String what) {
        return new IllegalArgumentException(command + ": " + what + "\nusage: " + usageLine());
    }

    /** Reads what was typed; an unknown option, a missing value or an option given twice is refused. */
    public Arguments parse(String... args) {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i] == null ? "" : args[i];
            if (!isOption(a)) {
                positional.add(a);
                continue;
            }
            String name = a, value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            String canonical = names.get(name);
            if (canonical == null) throw error("unknown option " + name + " (options: " + String.join(", ", names.keySet()) + ")");
            if (options.containsKey(canonical)) throw error("option " + name + " given twice");
            if (takesValue.get(canonical)) {
                if (value == null) {
                    if (i + 1 >= args.length || names.containsKey(args[i + 1])) throw error("option " + name + " needs a value");
                    value = args[++i];
                }
                if (value.isBlank()) throw error("option " + name + " needs a value, got ''");
            } else if (value != null) {
                throw error("option " + name + " takes no value");
            }
            options.put(canonical, value);
        }
        return new Arguments(this, options, positional);
    }

    /** An option is a dash and a letter; "-" alone and negative numbers are arguments. */
    private static boolean isOption(String a) {
        if (a.length() < 2 || a.charAt(0) != '-') return false;
        try {
            Double.parseDouble(a);
            return false;
        } catch (NumberFormatException notANumber) {
            return true;
        }
    }
}
