package org.race.input_adapter.json;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Component;
import org.race.api.InputAdapter;
import org.race.api.RoleProperties;
import org.race.api.model.Application;
import org.race.api.model.Connection;
import org.race.api.model.DescriptorException;
import org.race.api.model.Domain;
import org.race.api.model.Importance;
import org.race.api.model.Node;
import org.race.api.model.QosRegion;
import org.race.api.model.Range;
import org.race.api.model.Resources;


/**
 * Reads JSON domain and application descriptors (format in the README) and validates them
 * completely before anything is built, so a bad file never reaches the allocator.
 */
@Component(service = InputAdapter.class, property = RoleProperties.NAME + "=json")
public class JsonInputAdapter implements InputAdapter {
    /** Names end up in shell command lines and file names: keep them to a safe alphabet. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    static final double DEFAULT_LINK_LATENCY_MS = 1.0;

    @Override
    public boolean accepts(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    }

    @Override
    public Domain readDomain(Path file) throws DescriptorException {
        return read(file, r -> readDomain(file.toString(), r));
    }

    @Override
    public Domain readDomain(String source, Reader text) throws DescriptorException {
        JsonNode root = parse(source, text);
        root.onlyFields(Set.of("name", "nodes", "linkLatency", "bestEffortShare"));
        String name = root.optString("name", baseName(source));
        checkName(root, "name", name);
        double linkLatency = root.nonNegative("linkLatency", Bounds.TIME_OR_ZERO, DEFAULT_LINK_LATENCY_MS);
        double bestEffortShare = root.nonNegative("bestEffortShare", Domain.DEFAULT_BEST_EFFORT_SHARE);
        if (!(bestEffortShare > 0 && bestEffortShare < 1)) throw root.error("bestEffortShare", "must be in (0, 1) (a share of each link), got " + JsonNode.fmt(bestEffortShare));
        List<Node> nodes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode n : root.objects("nodes", true)) {
            n.onlyFields(Set.of("name", "cpu", "memory", "bandwidth"));
            String nodeName = n.string("name");
            checkName(n, "name", nodeName);
            if (!seen.add(nodeName)) throw n.error("name", "duplicate node name '" + nodeName + "'");
            nodes.add(new Node(nodeName, new Resources(n.positive("cpu", Bounds.NODE_CPU), n.positive("memory", Bounds.MEMORY), n.positive("bandwidth", Bounds.BANDWIDTH))));
        }
        return new Domain(name, nodes, linkLatency, bestEffortShare);
    }

    @Override
    public Application readApplication(Path file, Domain domain) throws DescriptorException {
        return read(file, r -> readApplication(file.toString(), r, domain));
    }

    @Override
    public Application readApplication(String source, Reader text, Domain domain) throws DescriptorException {
        JsonNode root = parse(source, text);
        root.onlyFields(Set.of("name", "importance", "mode", "period", "deadline", "periodRange", "region", "components",
                "connections"));
        String name = root.string("name");
        checkName(root, "name", name);
        Importance importance = importance(root);
        String mode = root.optString("mode", null);
        QosRegion region = root.has("region") ? region(root.object("region")) : null;
        // with a region, admission negotiates the period: the descriptor's, if any, must lie inside
        double period = region != null && !root.has("period") ? region.period().max() : root.positive("period", Bounds.TIME);
        if (region != null && root.has("deadline")) {
            throw root.error("deadline", "not with a region: the deadline is the period, which follows the operational point; "
                    + "bound the end-to-end latency with region.latency {max}");
        }
        double deadline = region != null ? period : root.positive("deadline", Bounds.TIME);
        Range periodRange = null;
        if (root.has("periodRange")) {
            JsonNode r = root.object("periodRange");
            periodRange = range(r);
            if (region != null && !periodRange.equals(region.period())) {
                throw root.error("periodRange", "differs from the region's period [" + JsonNode.fmt(region.period().min()) + ", "
                        + JsonNode.fmt(region.period().max()) + "] ms; give one of them");
            }
        }
        Range allowed = region != null ? region.period() : periodRange;
        if (allowed != null && !allowed.contains(period)) {
            throw root.error("period", "period " + JsonNode.fmt(period) + " lies outside " + (region != null ? "region.period" : "periodRange")
                    + " [" + JsonNode.fmt(allowed.min()) + ", " + JsonNode.fmt(allowed.max()) + "]");
        }

        List<org.race.api.model.Component> components = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode c : root.objects("components", true)) {
            c.onlyFields(Set.of("name", "type", "properties", "cpu", "memory", "bandwidth", "executionTime", "node"));
            String cname = c.string("name");
            checkName(c, "name", cname);
            if (!names.add(cname)) throw c.error("name", "duplicate component name '" + cname + "'");
            if (region != null && c.has("cpu")) {
                throw c.error("cpu", "not with a region: the cpu demand follows the rate (executionTime times the rate); give executionTime only");
            }
            if (region != null && !c.has("executionTime")) {
                throw c.error(null, "component '" + cname + "' needs executionTime (ms per job): with a region its cpu demand is executionTime times the rate");
            }
            if (!c.has("cpu") && !c.has("executionTime")) {
                throw c.error(null, "component '" + cname + "' needs cpu or executionTime (or both)");
            }
            // Either figure implies the other at the application's period; the sim executes executionTime.
            double exec = c.has("executionTime") ? c.nonNegative("executionTime", Bounds.TIME_OR_ZERO, 0) : c.nonNegative("cpu", Bounds.CPU_OR_ZERO, 0) * period;
            double cpu = c.has("cpu") ? c.nonNegative("cpu", Bounds.CPU_OR_ZERO, 0) : exec / period;
            String node = c.optString("node", null);
            if (node != null) {
                if (domain == null) throw c.error("node", "static node '" + node + "' but no domain is loaded");
                if (domain.node(node).isEmpty()) {
                    throw c.error("node", "static node '" + node + "' does not exist in domain '" + domain.name()
                            + "' (nodes: " + String.join(", ", domain.nodes().stream().map(Node::name).toList()) + ")");
                }
            }
            // a type names installed code (checked at admission); without one the component is a model
            String type = c.optString("type", null);
            if (type != null) checkName(c, "type", type);
            if (type == null && c.has("properties")) throw c.error("properties", "only a component with a type has properties (they configure its code)");
            components.add(new org.race.api.model.Component(cname, type,
                    new Resources(cpu, c.nonNegative("memory", Bounds.MEMORY_OR_ZERO, 0), c.nonNegative("bandwidth", Bounds.BANDWIDTH_OR_ZERO, 0)), exec, node,
                    c.properties("properties")));
        }

        List<Connection> connections = new ArrayList<>();
        Set<String> links = new HashSet<>();
        Map<String, List<String>> successors = new HashMap<>();
        for (JsonNode k : root.objects("connections", false)) {
            k.onlyFields(Set.of("from", "to", "bandwidth", "maxPayloadBytes"));
            String from = k.string("from"), to = k.string("to");
            if (!names.contains(from)) throw k.error("from", "unknown component '" + from + "'");
            if (!names.contains(to)) throw k.error("to", "unknown component '" + to + "'");
            if (from.equals(to)) throw k.error("to", "a component cannot connect to itself");
            if (!links.add(from + "->" + to)) throw k.error(null, "duplicate connection " + from + " -> " + to);
            successors.computeIfAbsent(from, x -> new ArrayList<>()).add(to);
            connections.add(new Connection(from, to, k.nonNegative("bandwidth", Bounds.BANDWIDTH_OR_ZERO, 0), payloadLimit(k)));
        }
        String cycle = findCycle(successors);
        if (cycle != null) throw root.error("connections", "connections form a cycle: " + cycle);
        return new Application(name, importance, mode, period, deadline, periodRange, components, connections, region);
    }

    /** A connection's maxPayloadBytes: whole bytes up to what one frame of the node links carries; 0 when absent (the platform's default). */
    private static int payloadLimit(JsonNode k) throws DescriptorException {
        if (!k.has("maxPayloadBytes")) return 0;
        double v = k.number("maxPayloadBytes");
        if (v != Math.rint(v) || v < 1 || v > Connection.MAX_PAYLOAD_BYTES) {
            throw k.error("maxPayloadBytes", "must be a whole number of bytes from 1 to " + Connection.MAX_PAYLOAD_BYTES
                    + " (4 MiB: a payload crosses containers in one frame), got " + JsonNode.fmt(v));
        }
        return (int) v;
    }

    /** The QoS dimensions a region may have, with their units. */
    static final Set<String> DIMENSIONS = Set.of("period", "latency");

    /**
     * A QoS region: the rate dimension as {@code period} {min, max} in ms (rates in Hz are refused, with
     * the conversion), and optionally {@code latency} {max} in ms.
     */
    private static QosRegion region(JsonNode r) throws DescriptorException {
        if (r.has("rate")) {
            String hint = "";
            try {
                JsonNode rate = r.object("rate");
                hint = ": for min " + JsonNode.fmt(rate.positive("min")) + " Hz and max " + JsonNode.fmt(rate.positive("max")) + " Hz that is "
                        + "\"period\": {\"min\": " + JsonNode.fmt(1000 / rate.positive("max")) + ", \"max\": " + JsonNode.fmt(1000 / rate.positive("min")) + "}";
            } catch (DescriptorException notNumbers) {
                // no conversion to offer
            }
            throw r.error("rate", "the rate dimension is given as the period range in ms, not in Hz: write \"period\": {\"min\": ..., \"max\": ...}" + hint);
        }
        for (String dimension : r.fields()) {
            if (!DIMENSIONS.contains(dimension)) {
                throw r.error(dimension, "unknown QoS dimension (known: period {min, max} in ms, latency {max} in ms)");
            }
        }
        if (!r.has("period")) throw r.error("period", "missing: a region needs its rate dimension, period {min, max} in ms");
        Range period = range(r.object("period"));
        Double latency = null;
        if (r.has("latency")) {
            JsonNode l = r.object("latency");
            l.onlyFields(Set.of("max"));
            latency = l.positive("max", Bounds.TIME);
        }
        return new QosRegion(period, latency);
    }

    /** {min, max}, both > 0, min <= max. */
    private static Range range(JsonNode r) throws DescriptorException {
        r.onlyFields(Set.of("min", "max"));
        double min = r.positive("min", Bounds.TIME), max = r.positive("max", Bounds.TIME);
        if (min > max) throw r.error("min", "min " + JsonNode.fmt(min) + " > max " + JsonNode.fmt(max));
        return new Range(min, max);
    }

    private static Importance importance(JsonNode root) throws DescriptorException {
        String s = root.optString("importance", "medium");
        try {
            return Importance.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw root.error("importance", "expected high, medium or low, got '" + s + "'");
        }
    }

    private static void checkName(JsonNode n, String field, String value) throws DescriptorException {
        if (!NAME.matcher(value).matches()) {
            throw n.error(field, "'" + value + "' is not a valid name (letters, digits, '_', '.', '-')");
        }
    }

    /**
     * Components run in precedence order each period, so the connection graph must be acyclic.
     * Iterative depth-first search: applications of 10,000 components in a chain must not overflow the stack.
     */
    static String findCycle(Map<String, List<String>> successors) {
        Map<String, Integer> state = new HashMap<>(); // 1 = on the path, 2 = done
        for (String start : new java.util.TreeSet<>(successors.keySet())) {
            if (state.containsKey(start)) continue;
            List<String> path = new ArrayList<>();
            List<java.util.Iterator<String>> next = new ArrayList<>();
            path.add(start);
            next.add(successors.getOrDefault(start, List.of()).iterator());
            state.put(start, 1);
            while (!path.isEmpty()) {
                java.util.Iterator<String> it = next.get(next.size() - 1);
                if (!it.hasNext()) {
                    state.put(path.remove(path.size() - 1), 2);
                    next.remove(next.size() - 1);
                    continue;
                }
                String m = it.next();
                Integer s = state.get(m);
                if (s == null) {
                    state.put(m, 1);
                    path.add(m);
                    next.add(successors.getOrDefault(m, List.of()).iterator());
                } else if (s == 1) {
                    List<String> loop = new ArrayList<>(path.subList(path.indexOf(m), path.size()));
                    loop.add(m);
                    return String.join(" -> ", loop);
                }
            }
        }
        return null;
    }

    private interface ReadFrom<T> {
        T read(Reader r) throws DescriptorException;
    }

    private static <T> T read(Path file, ReadFrom<T> how) throws DescriptorException {
        String f = file.toString();
        if (!Files.isRegularFile(file)) throw new DescriptorException(f, "$", "file not found");
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return how.read(r);
        } catch (IOException e) {
            throw new DescriptorException(f, "$", "cannot read: " + e.getMessage());
        }
    }

    private static JsonNode parse(String source, Reader text) throws DescriptorException {
        try {
            return new JsonNode(source, "$", JsonTree.read(source, text));
        } catch (IOException e) {
            throw new DescriptorException(source, "$", "cannot read: " + e.getMessage());
        }
    }

    private static String baseName(String source) {
        String n = source.substring(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\')) + 1);
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
