package org.race.mms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.race.text.Numbers;
import org.race.api.model.DescriptorException;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * An MMS scenario as read from its JSON file: the domain, how long it runs, how often QoS is sampled,
 * and a timeline of events on platform time (deploy descriptors, set the input-workload factor,
 * change periods, undeploy). Files named in it are relative to the scenario file. Unknown fields
 * are rejected, as in descriptors.
 */
record Scenario(String name, String description, Path file, Path domain, long durationMs, long samplingPeriodMs, long chartWindowMs,
        String admission, List<Event> timeline) {
    sealed interface Action permits Deploy, Undeploy, Workload, Period {
    }

    /** Deploy descriptors, in order. */
    record Deploy(List<Path> descriptors) implements Action {
    }

    record Undeploy(List<String> applications) implements Action {
    }

    /** Input-workload factor on every execution time from now on (1.0 = nominal). */
    record Workload(double factor) implements Action {
    }

    /** New periods in ms, applied through the CentralEffector (within each application's periodRange). */
    record Period(Map<String, Double> periodsMs) implements Action {
    }

    record Event(long atMs, Action action, String note) {
        /** What the event does, for progress lines and chart marks. */
        String label() {
            if (note != null) return note;
            if (action instanceof Deploy d) return "deploy " + String.join(", ", d.descriptors().stream().map(p -> p.getFileName().toString()).toList());
            if (action instanceof Undeploy u) return "undeploy " + String.join(", ", u.applications());
            if (action instanceof Workload w) return "workload " + w.factor();
            return "period " + ((Period) action).periodsMs();
        }
    }

    private static final Set<String> FIELDS = Set.of("name", "description", "notes", "domain", "duration", "samplingPeriod", "chartWindow",
            "admission", "timeline");
    private static final double DAY_S = 86_400;
    private static final Set<String> EVENT_FIELDS = Set.of("at", "note", "deploy", "undeploy", "workload", "period");
    private static final Set<String> ACTIONS = Set.of("deploy", "undeploy", "workload", "period");

    static Scenario read(Path file) throws IOException, DescriptorException {
        String f = file.toString();
        JsonElement root;
        try {
            root = JsonParser.parseString(Files.readString(file));
        } catch (JsonParseException e) {
            // the reason and where, without Gson's hints for programmers (setStrictness, a troubleshooting URL)
            String why = (e.getCause() != null ? e.getCause() : e).getMessage();
            throw new DescriptorException(f, "$", "not valid JSON: " + why.split("\n")[0].replaceFirst("^Use JsonReader.setStrictness\\S* to accept malformed JSON", "malformed JSON"));
        }
        if (!root.isJsonObject()) throw new DescriptorException(f, "$", "expected a JSON object");
        JsonObject o = root.getAsJsonObject();
        only(f, "$", o, FIELDS);
        Path dir = file.toAbsolutePath().getParent();
        String fallbackName = file.getFileName().toString().replaceFirst("\\.json$", "");
        String name = o.has("name") ? string(f, "$.name", o.get("name")) : fallbackName;
        String description = o.has("description") ? string(f, "$.description", o.get("description")) : name;
        if (!o.has("domain")) throw new DescriptorException(f, "$.domain", "missing");
        Path domain = existing(f, "$.domain", dir, string(f, "$.domain", o.get("domain")));
        if (!o.has("duration")) throw new DescriptorException(f, "$.duration", "missing");
        // bounded: a sampling period that rounds to 0 ms divides by zero, a duration of 1e308 s never ends
        long duration = Math.round(bounded(f, "$.duration", o.get("duration"), 0.001, DAY_S, "s") * 1000);
        long sampling = o.has("samplingPeriod") ? Math.round(bounded(f, "$.samplingPeriod", o.get("samplingPeriod"), 1, DAY_S * 1000, "ms")) : 1000;
        long window = o.has("chartWindow") ? Math.round(bounded(f, "$.chartWindow", o.get("chartWindow"), 0.001, DAY_S, "s") * 1000) : 10_000;
        if (duration % sampling != 0) {
            throw new DescriptorException(f, "$.duration", "must be a whole number of sampling periods (" + sampling + " ms)");
        }
        if (window % sampling != 0) {
            throw new DescriptorException(f, "$.chartWindow", "must be a whole number of sampling periods (" + sampling + " ms)");
        }
        // a scenario that starts beyond what the schedulability analysis admits says so (race.engine admission)
        String admission = o.has("admission") ? string(f, "$.admission", o.get("admission")) : "analysis";
        if (!admission.equals("analysis") && !admission.equals("capacity")) {
            throw new DescriptorException(f, "$.admission", "must be analysis or capacity, was '" + admission + "'");
        }
        if (!o.has("timeline") || !o.get("timeline").isJsonArray()) throw new DescriptorException(f, "$.timeline", "expected an array of events");
        List<Event> timeline = new ArrayList<>();
        int i = 0;
        for (JsonElement e : o.getAsJsonArray("timeline")) {
            timeline.add(event(f, "$.timeline[" + i++ + "]", e, dir, duration));
        }
        timeline.sort(Comparator.comparingLong(Event::atMs)); // stable: same instant keeps file order
        return new Scenario(name, description, file.toAbsolutePath(), domain, duration, sampling, window, admission, List.copyOf(timeline));
    }

    /**
     * The same timeline with every deployed descriptor replaced by its typed version, {@code real/} plus the
     * same relative path beside the scenario file (whose components name component types: the real
     * components on the jvm platform); named {@code <name>-real}, so that its files stand beside the model run's.
     */
    Scenario real() throws DescriptorException {
        Path dir = file.getParent();
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < timeline.size(); i++) {
            Event e = timeline.get(i);
            if (!(e.action() instanceof Deploy d)) {
                events.add(e);
                continue;
            }
            List<Path> typed = new ArrayList<>();
            for (Path p : d.descriptors()) {
                Path relative = dir.relativize(p), t = dir.resolve("real").resolve(relative).normalize();
                if (relative.startsWith("..") || !Files.isRegularFile(t)) {
                    throw new DescriptorException(file.toString(), "$.timeline[" + i + "].deploy", "no typed version of " + relative + " (expected " + t
                            + "): --real deploys descriptors whose components name component types, from real/ beside the scenario");
                }
                typed.add(t);
            }
            events.add(new Event(e.atMs(), new Deploy(List.copyOf(typed)), e.note()));
        }
        return new Scenario(name + "-real", description + ", real components", file, domain, durationMs, samplingPeriodMs, chartWindowMs, admission,
                List.copyOf(events));
    }

    /**
     * The same scenario over {@code ms} (a whole number of sampling periods): every event's instant scaled
     * by {@code ms / durationMs}, for a shorter run on a real-time platform. The chart window stays, unless
     * that leaves fewer than ten points: then a tenth of the run, in whole sampling periods.
     */
    Scenario scaled(long ms) {
        if (ms <= 0 || ms % samplingPeriodMs != 0) {
            throw new IllegalArgumentException("must be a whole number of the scenario's sampling periods (" + samplingPeriodMs + " ms), got " + ms + " ms");
        }
        double f = (double) ms / durationMs;
        List<Event> events = new ArrayList<>();
        for (Event e : timeline) events.add(new Event((long) Math.floor(e.atMs() * f), e.action(), e.note()));
        long window = Math.min(chartWindowMs, Math.max(1, ms / 10 / samplingPeriodMs) * samplingPeriodMs);
        return new Scenario(name, description, file, domain, ms, samplingPeriodMs, window, admission, List.copyOf(events));
    }

    private static Event event(String f, String path, JsonElement e, Path dir, long durationMs) throws DescriptorException {
        if (!e.isJsonObject()) throw new DescriptorException(f, path, "expected a JSON object");
        JsonObject o = e.getAsJsonObject();
        only(f, path, o, EVENT_FIELDS);
        if (!o.has("at")) throw new DescriptorException(f, path + ".at", "missing");
        double at = number(f, path + ".at", o.get("at"));
        long atMs = Math.round(at * 1000);
        if (at < 0 || atMs >= durationMs) throw new DescriptorException(f, path + ".at", "must be in [0, duration), got " + at);
        List<String> actions = o.keySet().stream().filter(ACTIONS::contains).toList();
        if (actions.size() != 1) throw new DescriptorException(f, path, "needs exactly one of " + new TreeSet<>(ACTIONS) + ", got " + actions);
        String note = o.has("note") ? string(f, path + ".note", o.get("note")) : null;
        String kind = actions.get(0), p = path + "." + kind;
        JsonElement v = o.get(kind);
        Action action = switch (kind) {
            case "deploy" -> {
                List<Path> files = new ArrayList<>();
                for (String s : strings(f, p, v)) files.add(existing(f, p, dir, s));
                yield new Deploy(List.copyOf(files));
            }
            case "undeploy" -> new Undeploy(strings(f, p, v));
            case "workload" -> new Workload(bounded(f, p, v, 0.001, 1000, "times the nominal work"));
            default -> {
                if (!v.isJsonObject() || v.getAsJsonObject().size() == 0) {
                    throw new DescriptorException(f, p, "expected an object of application name to period in ms");
                }
                Map<String, Double> periods = new LinkedHashMap<>();
                for (Map.Entry<String, JsonElement> x : v.getAsJsonObject().entrySet()) {
                    periods.put(x.getKey(), bounded(f, p + "." + x.getKey(), x.getValue(), 0.001, DAY_S * 1000, "ms"));
                }
                yield new Period(Map.copyOf(periods));
            }
        };
        return new Event(atMs, action, note);
    }

    private static void only(String f, String path, JsonObject o, Set<String> known) throws DescriptorException {
        for (String k : o.keySet()) {
            if (!known.contains(k)) throw new DescriptorException(f, path + "." + k, "unknown field (known: " + String.join(", ", new TreeSet<>(known)) + ")");
        }
    }

    private static String string(String f, String path, JsonElement e) throws DescriptorException {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) throw new DescriptorException(f, path, "expected a string, got " + e);
        return e.getAsString();
    }

    /** A string or an array of strings. */
    private static List<String> strings(String f, String path, JsonElement e) throws DescriptorException {
        if (!e.isJsonArray()) return List.of(string(f, path, e));
        List<String> out = new ArrayList<>();
        int i = 0;
        for (JsonElement x : e.getAsJsonArray()) out.add(string(f, path + "[" + i++ + "]", x));
        if (out.isEmpty()) throw new DescriptorException(f, path, "must not be empty");
        return List.copyOf(out);
    }

    private static double number(String f, String path, JsonElement e) throws DescriptorException {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) throw new DescriptorException(f, path, "expected a number, got " + e);
        return e.getAsDouble();
    }

    /** A number > 0 and in [min, max] {@code unit}. */
    private static double bounded(String f, String path, JsonElement e, double min, double max, String unit) throws DescriptorException {
        double v = number(f, path, e);
        if (!(v > 0)) throw new DescriptorException(f, path, "must be > 0, got " + Numbers.readable(v));
        if (v < min || v > max) {
            throw new DescriptorException(f, path, "must be between " + Numbers.readable(min) + " and " + Numbers.readable(max) + " " + unit + ", got "
                    + Numbers.readable(v));
        }
        return v;
    }

    private static Path existing(String f, String path, Path dir, String name) throws DescriptorException {
        Path p = dir.resolve(name).normalize();
        if (!Files.isRegularFile(p)) throw new DescriptorException(f, path, "no such file " + p);
        return p;
    }
}
