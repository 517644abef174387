package org.race.text;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What a {@link CommandLine} read: the options given and the other arguments, with typed access that refuses in the command's words. */
public final class Arguments {
    private final CommandLine line;
    private final Map<String, String> options;
    private final List<String> positional;

    Arguments(CommandLine line, Map<String, String> options, List<String> positional) {
        this.line = line;
        this.options = options;
        this.positional = List.copyOf(positional);
    }

    /** Whether -h or --help was given. */
    public boolean help() {
        return has("--help");
    }

    /** Whether the option (by its first name) was given. */
    public boolean has(String option) {
        return options.containsKey(option);
    }

    /** The option's value (never blank), or {@code fallback} when it was not given. */
    public String value(String option, String fallback) {
        return has(option) ? options.get(option) : fallback;
    }

    /** The option's value as a number in [min, max], or {@code fallback} when it was not given. */
    public double number(String option, double fallback, double min, double max) {
        return has(option) ? number("option " + option, value(option, null), min, max) : fallback;
    }

    /** The option's value as a whole number in [min, max], or {@code fallback} when it was not given. */
    public long whole(String option, long fallback, long min, long max) {
        return has(option) ? whole("option " + option, value(option, null), min, max) : fallback;
    }

    /** The arguments that are not options, at least {@code min} and at most {@code max} of them. */
    public List<String> positional(int min, int max) {
        if (positional.size() < min || positional.size() > max) {
            String expected = min == max ? Integer.toString(min) : max == Integer.MAX_VALUE ? "at least " + min : min + " to " + max;
            throw line.error("expects " + expected + " argument" + (max == 1 ? "" : "s") + ", got " + positional.size()
                    + (positional.isEmpty() ? "" : ": " + String.join(" ", positional)));
        }
        return positional;
    }

    /** {@code text} (what the user gave as {@code what}) as a number in [min, max]. */
    public double number(String what, String text, double min, double max) {
        double v;
        try {
            v = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw line.error(what + ": '" + text + "' is not a number");
        }
        if (!(v >= min && v <= max)) {
            throw line.error(what + " must be between " + Numbers.readable(min) + " and " + Numbers.readable(max) + ", got " + text);
        }
        return v;
    }

    /** {@code text} (what the user gave as {@code what}) as a whole number in [min, max]. */
    public long whole(String what, String text, long min, long max) {
        long v;
        try {
            v = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw line.error(what + ": '" + text + "' is not a whole number");
        }
        if (v < min || v > max) throw line.error(what + " must be between " + min + " and " + max + ", got " + text);
        return v;
    }

    /** A refusal of this command, with its usage line. */
    public IllegalArgumentException error(String what) {
        return line.error(what);
    }

    /**
     * {@code dir}, given as {@code option}, created if needed and writable; else refused before any work
     * is done, with the reason (Java's exceptions carry only the path, e.g. "Error: /proc/nope").
     */
    public Path outputFolder(String option, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw line.error(option + " " + dir + ": not a folder");
        } catch (AccessDeniedException e) {
            throw line.error(option + " " + dir + ": cannot create the folder: permission denied");
        } catch (FileSystemException e) {
            throw line.error(option + " " + dir + ": cannot create the folder: " + (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName()));
        } catch (IOException e) {
            throw line.error(option + " " + dir + ": cannot create the folder: " + e);
        }
        if (!Files.isWritable(dir)) throw line.error(option + " " + dir + ": the folder is not writable");
        return dir;
    }

    /**
     * A file as the user typed it: relative to the shell's directory {@code cwd}, or, when nothing is there,
     * to the container's folder ({@code race.home}), so that {@code race:deploy examples/x.json} works
     * wherever bin/race was started from.
     */
    public static Path typedPath(Path cwd, String file) {
        Path p = Path.of(file);
        if (p.isAbsolute()) return p;
        Path here = (cwd == null ? p : cwd.resolve(p)).normalize();
        String home = System.getProperty(org.race.api.FrameworkProperties.HOME);
        if (Files.exists(here) || home == null) return here;
        Path inHome = Path.of(home).resolve(p).normalize();
        return Files.exists(inHome) ? inHome : here;
    }
}
