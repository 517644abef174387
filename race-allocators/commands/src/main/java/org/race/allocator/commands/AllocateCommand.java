package org.race.allocator.commands;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.race.allocator.common.Assignment;
import org.race.allocator.common.Diagnosis;
import org.race.allocator.common.Problem;
import org.race.allocator.common.ProblemGenerator;
import org.race.api.Allocator;
import org.race.api.Engine;
import org.race.api.InputAdapter;
import org.race.api.RoleProperties;
import org.race.api.model.AllocationException;
import org.race.api.model.Application;
import org.race.api.model.DescriptorException;
import org.race.api.model.Domain;
import org.race.api.model.Node;
import org.race.api.model.NodeState;
import org.race.api.model.Placement;
import org.race.api.model.Resources;
import org.race.text.Arguments;
import org.race.text.CommandLine;

import com.google.gson.GsonBuilder;

/**
 * {@code race:allocate}: what an allocator would do, without deploying anything. Applications are
 * placed one after another, each seeing what the earlier ones took. Prints one JSON object.
 * Here, beside the allocators, and not in the shell: it checks placements and generates problems
 * with the allocators' own problem model, which the shell, a client of services only, must not see.
 */
@Component(service = AllocateCommand.class, property = { "osgi.command.scope=race", "osgi.command.function=allocate" })
public class AllocateCommand {
    static final String USAGE = "race:allocate [-a|--allocator <name>] [-d|--domain <file>] (<app.json>... | -g|--generate <spec>)\n"
            + "  Computes a placement with the named allocator (default: the engine's default) and prints one JSON\n"
            + "  object: {\"placement\":{\"app/component\":\"node\",...},\"nodesUsed\":N,\"crossNodeBandwidth\":X,\"millis\":T,...}.\n"
            + "  Nothing is deployed. Without --domain the applications go onto the current domain as it is now\n"
            + "  (reservations and measured use included); with it, onto that domain empty.\n"
            + "  --generate COMPONENTSxNODES[,seed=N][,tightness=F][,dims=1|3] makes a random seeded problem instead,\n"
            + "  e.g. 10000x1000,seed=7,tightness=0.8 (tightness = total cpu demand / total capacity; dims=1: cpu only),\n"
            + "  or triplets:BINS[,seed=N]; at most " + ProblemGenerator.MAX_COMPONENTS + " components, " + ProblemGenerator.MAX_NODES
            + " nodes, " + ProblemGenerator.MAX_TRIPLET_BINS + " triplet bins.\n"
            + "  An infeasible request fails with the reason on stderr.";

    @Reference
    Engine engine;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile List<InputAdapter> adapters;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile List<Map.Entry<Map<String, Object>, Allocator>> allocators;

    /** Parsed here, not by Gogo, so an unknown option or a missing value is refused in this command's words. */
    private static CommandLine commandLine() {
        return new CommandLine("race:allocate", USAGE).option("--allocator", "-a").option("--domain", "-d").option("--generate", "-g");
    }

    @Descriptor("compute a placement without deploying")
    public void allocate(CommandSession session, @Descriptor("[-a name] [-d domain.json] (app.json... | -g spec)") String... args) throws Exception {
        Arguments line = commandLine().parse(args);
        if (line.help()) {
            System.out.println(USAGE);
            return;
        }
        String domainFile = line.value("--domain", "");
        String generate = line.value("--generate", "");
        List<String> files = line.positional(0, Integer.MAX_VALUE);
        if (generate.isEmpty() == files.isEmpty()) throw line.error("give application files or --generate, not both or neither");
        if (!generate.isEmpty() && !domainFile.isEmpty()) throw line.error("--generate makes its own domain; drop --domain");
        // Sizes are checked before any problem is built: a huge one would run for minutes, then die.
        ProblemGenerator.Generated generated;
        try {
            generated = generate.isEmpty() ? null : ProblemGenerator.parse(generate);
        } catch (IllegalArgumentException e) {
            throw line.error("--generate " + generate + ": " + e.getMessage().replaceFirst("^generate: ", ""));
        }
        String name = line.value("--allocator", engine.defaultAllocator());
        Allocator allocator = allocatorsByName().get(name);
        if (allocator == null) {
            throw line.error("allocator '" + name + "' is not installed (installed: " + String.join(", ", allocatorsByName().keySet()) + ")");
        }

        List<Application> apps = new ArrayList<>();
        List<NodeState> nodes;
        if (generated != null) {
            apps.add(generated.application());
            nodes = empty(generated.domain());
        } else {
            Domain domain = domainFile.isEmpty() ? engine.domain().orElseThrow(
                    () -> new IllegalStateException("race:allocate: no domain loaded; give --domain <file>"))
                    : adapter(resolve(session, domainFile)).readDomain(resolve(session, domainFile));
            nodes = domainFile.isEmpty() ? engine.nodes() : empty(domain);
            for (String f : files) {
                Path p = resolve(session, f);
                apps.add(adapter(p).readApplication(p, domain));
            }
        }

        Map<String, String> placement = new LinkedHashMap<>();
        TreeSet<String> used = new TreeSet<>();
        double crossBandwidth = 0;
        int components = 0, lowerBound = 0;
        long nanos = 0;
        for (Application app : apps) {
            Placement p;
            long start = System.nanoTime();
            try {
                p = allocator.allocate(app, nodes);
            } catch (AllocationException e) {
                throw new AllocationException("allocator " + name + ", application " + app.name() + ": " + e.getMessage());
            }
            nanos += System.nanoTime() - start;
            Assignment a = verify(name, app, nodes, p);
            lowerBound += Diagnosis.lowerBound(a.problem);
            crossBandwidth += a.crossNodeBandwidth();
            components += app.components().size();
            for (Map.Entry<String, String> e : p.nodeOf().entrySet()) {
                placement.put(app.name() + "/" + e.getKey(), e.getValue());
                used.add(e.getValue());
            }
            nodes = reserve(nodes, a);
        }
        double millis = nanos / 1e6; // the allocator's own time, without parsing and checking

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("placement", placement);
        out.put("nodesUsed", used.size());
        out.put("crossNodeBandwidth", Math.round(crossBandwidth * 1e6) / 1e6);
        out.put("millis", Math.round(millis * 1000) / 1000.0);
        out.put("allocator", name);
        out.put("components", components);
        out.put("nodes", nodes.size());
        out.put("lowerBound", lowerBound);
        System.out.println(new GsonBuilder().disableHtmlEscaping().create().toJson(out));
    }

    /** Every component placed, on an available node, within every capacity: plug-ins are checked, not trusted. */
    private static Assignment verify(String allocator, Application app, List<NodeState> nodes, Placement p) throws AllocationException {
        Assignment a = new Assignment(Problem.of(app, nodes));
        Map<String, Integer> index = new TreeMap<>();
        for (int j = 0; j < nodes.size(); j++) index.put(nodes.get(j).name(), j);
        for (int c = 0; c < a.problem.components; c++) {
            String comp = a.problem.componentNames[c];
            Integer j = index.get(p.nodeOf().get(comp));
            if (j == null) throw new AllocationException("allocator " + allocator + " left '" + comp + "' without a valid node");
            if (a.problem.pin[c] >= 0 && a.problem.pin[c] != j) throw new AllocationException("allocator " + allocator + " moved pinned '" + comp + "'");
            int r = a.shortfall(c, j);
            if (r >= 0) {
                throw new AllocationException("allocator " + allocator + " overflowed node " + nodes.get(a.shortNode(c, j)).name()
                        + " in " + Problem.RESOURCES[r] + " placing '" + comp + "'");
            }
            a.assign(c, j);
        }
        return a;
    }

    private static List<NodeState> empty(Domain d) {
        List<NodeState> out = new ArrayList<>();
        for (Node n : d.nodes()) out.add(new NodeState(n, Resources.ZERO, true));
        return out;
    }

    /** The nodes with what the placed application now uses added to their reservations. */
    private static List<NodeState> reserve(List<NodeState> nodes, Assignment a) {
        List<NodeState> out = new ArrayList<>(nodes.size());
        for (int j = 0; j < nodes.size(); j++) {
            NodeState n = nodes.get(j);
            Resources use = new Resources(a.used(j, 0), a.used(j, 1), a.used(j, 2));
            out.add(new NodeState(n.node(), n.reserved().plus(use), n.measured(), n.up()));
        }
        return out;
    }

    /** A descriptor path as race:deploy reads it ({@link Arguments#typedPath}); without a session, as typed. */
    static Path resolve(CommandSession session, String file) {
        return session == null ? Path.of(file) : Arguments.typedPath(session.currentDir(), file);
    }

    private InputAdapter adapter(Path file) throws DescriptorException {
        for (InputAdapter a : adapters) {
            if (a.accepts(file)) return a;
        }
        throw new DescriptorException(file.toString(), "$", "no input adapter reads this file");
    }

    private Map<String, Allocator> allocatorsByName() {
        Map<String, Allocator> out = new TreeMap<>();
        for (Map.Entry<Map<String, Object>, Allocator> e : allocators) {
            Object n = e.getKey().get(RoleProperties.NAME);
            if (n != null) out.put(n.toString(), e.getValue());
        }
        return out;
    }
}
