package org.race.adapter.json;

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
import org.race.api.model.Range;
import org.race.api.model.Resources;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

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
        JsonNode root = parse(file);
        root.onlyFields(Set.of("name", "nodes", "linkLatency"));
        String name = root.optString("name", baseName(file));
        checkName(root, "name", name);
        double linkLatency = root.nonNegative("linkLatency", DEFAULT_LINK_LATENCY_MS);
        List<Node> nodes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode n : root.objects("nodes", true)) {
            n.onlyFields(Set.of("name", "cpu", "memory", "bandwidth"));
            String nodeName = n.string("name");
            checkName(n, "name", nodeName);
            if (!seen.add(nodeName)) throw n.error("name", "duplicate node name '" + nodeName + "'");
            nodes.add(new Node(nodeName, new Resources(n.positive("cpu"), n.positive("memory"), n.positive("bandwidth"))));
        }
        return new Domain(name, nodes, linkLatency);
    }

    @Override
    public Application readApplication(Path file, Domain domain) throws DescriptorException {
        JsonNode root = parse(file);
        root.onlyFields(Set.of("name", "importance", "mode", "period", "deadline", "periodRange", "components",
                "connections"));
        String name = root.string("name");
        checkName(root, "name", name);
        Importance importance = importance(root);
        String mode = root.optString("mode", null);
        double period = root.positive("period");
        double deadline = root.positive("deadline");
        Range periodRange = null;
        if (root.has("periodRange")) {
            JsonNode r = root.object("periodRange");
            r.onlyFields(Set.of("min", "max"));
            double min = r.positive("min"), max = r.positive("max");
            if (min > max) throw r.error("min", "min " + JsonNode.fmt(min) + " > max " + JsonNode.fmt(max));
            if (period < min || period > max) {
                throw root.error("period", "period " + JsonNode.fmt(period) + " lies outside periodRange ["
                        + JsonNode.fmt(min) + ", " + JsonNode.fmt(max) + "]");
            }
            periodRange = new Range(min, max);
        }

        List<org.race.api.model.Component> components = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode c : root.objects("components", true)) {
            c.onlyFields(Set.of("name", "type", "cpu", "memory", "bandwidth", "executionTime", "node"));
            String cname = c.string("name");
            checkName(c, "name", cname);
            if (!names.add(cname)) throw c.error("name", "duplicate component name '" + cname + "'");
            if (!c.has("cpu") && !c.has("executionTime")) {
                throw c.error(null, "component '" + cname + "' needs cpu or executionTime (or both)");
            }
            // Either figure implies the other at the application's period; the sim executes executionTime.
            double exec = c.has("executionTime") ? c.nonNegative("executionTime", 0) : c.nonNegative("cpu", 0) * period;
            double cpu = c.has("cpu") ? c.nonNegative("cpu", 0) : exec / period;
            String node = c.optString("node", null);
            if (node != null) {
                if (domain == null) throw c.error("node", "static node '" + node + "' but no domain is loaded");
                if (domain.node(node).isEmpty()) {
                    throw c.error("node", "static node '" + node + "' does not exist in domain '" + domain.name()
                            + "' (nodes: " + String.join(", ", domain.nodes().stream().map(Node::name).toList()) + ")");
                }
            }
            components.add(new org.race.api.model.Component(cname, c.optString("type", cname),
                    new Resources(cpu, c.nonNegative("memory", 0), c.nonNegative("bandwidth", 0)), exec, node));
        }

        List<Connection> connections = new ArrayList<>();
        Set<String> links = new HashSet<>();
        Map<String, List<String>> successors = new HashMap<>();
        for (JsonNode k : root.objects("connections", false)) {
            k.onlyFields(Set.of("from", "to", "bandwidth"));
            String from = k.string("from"), to = k.string("to");
            if (!names.contains(from)) throw k.error("from", "unknown component '" + from + "'");
            if (!names.contains(to)) throw k.error("to", "unknown component '" + to + "'");
            if (from.equals(to)) throw k.error("to", "a component cannot connect to itself");
            if (!links.add(from + "->" + to)) throw k.error(null, "duplicate connection " + from + " -> " + to);
            successors.computeIfAbsent(from, x -> new ArrayList<>()).add(to);
            connections.add(new Connection(from, to, k.nonNegative("bandwidth", 0)));
        }
        String cycle = findCycle(successors);
        if (cycle != null) throw root.error("connections", "connections form a cycle: " + cycle);
        return new Application(name, importance, mode, period, deadline, periodRange, components, connections);
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

    private static JsonNode parse(Path file) throws DescriptorException {
        String f = file.toString();
        if (!Files.isRegularFile(file)) throw new DescriptorException(f, "$", "file not found");
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            JsonElement e = JsonParser.parseReader(r);
            return new JsonNode(f, "$", e);
        } catch (JsonParseException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new DescriptorException(f, "$", "not valid JSON: " + cause.getMessage());
        } catch (IOException e) {
            throw new DescriptorException(f, "$", "cannot read: " + e.getMessage());
        }
    }

    private static String baseName(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
