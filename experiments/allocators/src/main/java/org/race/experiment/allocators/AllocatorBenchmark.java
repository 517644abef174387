package org.race.experiment.allocators;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.race.allocator.binpack.BinPacking;
import org.race.allocator.binpack.FirstFitAllocator;
import org.race.allocator.common.Assignment;
import org.race.allocator.common.Diagnosis;
import org.race.allocator.common.Problem;
import org.race.allocator.common.ProblemGenerator;
import org.race.allocator.common.ProblemGenerator.Generated;
import org.race.allocator.optaplanner.OptaPlannerAllocator;
import org.race.allocator.optaplanner.Settings;
import org.race.allocator.pbfd.PbfdAllocator;
import org.race.allocator.vector.DotProductAllocator;
import org.race.allocator.vector.L2NormAllocator;
import org.race.api.Allocator;
import org.race.analysis.ResponseTimeAnalysis;
import org.race.api.analysis.SchedulabilityView;
import org.race.charts.LineChart;
import org.race.api.model.AllocationException;
import org.race.api.model.Application;
import org.race.api.model.ComponentSettings;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.NodeState;
import org.race.api.model.Placement;
import org.race.api.model.Resources;

/**
 * Runs every allocator on the same seeded problems (random 1-D and 3-D, triplets, bandwidth-tight) and reports, per run: time, nodes used, the lower
 * bound (or the known optimum of triplet instances), cross-node bandwidth and feasibility. Prints a
 * table, writes {@code allocators.csv} and {@code allocators.svg}. Heuristic times are the median
 * of three runs after a warm-up run; the machine is shared, so compare ratios within one run.
 *
 * <p>Placement by schedulability: on the random instances every heuristic also runs with a schedulability view
 * ({@link #engineView}), its rows marked {@code analysis} in the placement column beside the {@code capacity} ones.
 */
public final class AllocatorBenchmark {
    /** One problem; {@code published}: the best published heuristic result, where there is one. */
    record Case(String family, String id, Generated problem, Integer optimum, Integer published) {
        Case(String family, String id, Generated problem, Integer optimum) {
            this(family, id, problem, optimum, null);
        }
    }

    record Row(String family, String id, int components, int nodes, String allocator, String placement, double millis, int nodesUsed,
            int lowerBound, Integer optimum, Integer published, double crossBandwidth, boolean feasible, String note) {
    }

    static final String CAPACITY = "capacity", ANALYSIS = "analysis";
    static final String PANIGRAHY = "panigrahy";

    static final String OPTAPLANNER = "optaplanner";

    private AllocatorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of("experiments/allocators/results");
        boolean quick = false;
        int optaSeconds = 30;
        String only = null;
        int maxComponents = Integer.MAX_VALUE;
        Path instances = Path.of("experiments/allocators/instances/panigrahy");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--quick" -> quick = true;
                case "--opta-seconds" -> optaSeconds = Integer.parseInt(args[++i]);
                case "--only" -> only = args[++i];
                case "--max-components" -> maxComponents = Integer.parseInt(args[++i]);
                case "--instances" -> instances = Path.of(args[++i]);
                default -> throw new IllegalArgumentException(
                        "unknown option " + args[i] + " (--out DIR, --quick, --opta-seconds N, --only FAMILY, --max-components N, --instances DIR)");
            }
        }
        Map<String, Allocator> allocators = allocators();
        List<Allocator> heuristics = List.copyOf(allocators.values());
        // OptaPlanner: its defaults (2,000 steps) on every instance, unbounded steps for optaSeconds on the hard ones
        Allocator optaDefault = new OptaPlannerAllocator(heuristics);
        Allocator optaLong = new OptaPlannerAllocator(heuristics, new Settings(Integer.MAX_VALUE, optaSeconds * 1000L, 0, 0));
        List<Case> cases = new ArrayList<>(cases(quick));
        for (PublishedInstances.Instance pi : PublishedInstances.load(instances)) {
            cases.add(new Case(PANIGRAHY, pi.id(), pi.problem(), pi.optimum(), pi.bestPublished()));
        }
        String family = only;
        if (family != null) cases.removeIf(c -> !c.family().equals(family));
        int largest = maxComponents;
        cases.removeIf(c -> c.problem().application().components().size() > largest);
        List<Row> rows = new ArrayList<>();
        System.out.printf(Locale.ROOT, "%-9s %-20s %6s %5s %-11s %-9s %10s %6s %5s %5s %5s %9s %s%n", "family", "instance", "comps",
                "nodes", "allocator", "placement", "ms", "used", "lb", "opt", "publ", "crossBw", "feasible");
        for (Case c : cases) {
            List<NodeState> nodes = c.problem().domain().nodes().stream().map(n -> new NodeState(n, Resources.ZERO, true)).toList();
            Map<String, Allocator> all = new LinkedHashMap<>(allocators);
            all.put(OPTAPLANNER, isHard(c) ? optaLong : optaDefault);
            SchedulabilityView view = isRandom(c) ? engineView(c.problem()) : null;
            for (Map.Entry<String, Allocator> a : all.entrySet()) {
                print(rows, run(c, nodes, a.getKey(), a.getValue(), null));
                // the heuristics again by schedulability, right after their capacity run: the two times are from one moment
                if (view != null && !a.getKey().equals(OPTAPLANNER)) print(rows, run(c, nodes, a.getKey(), a.getValue(), view));
            }
        }
        Files.createDirectories(out);
        writeCsv(out.resolve("allocators.csv"), rows);
        List<Row> byCapacity = rows.stream().filter(r -> r.placement().equals(CAPACITY)).toList();
        Files.writeString(out.resolve("allocators.svg"), LineChart.document(List.of(
                chart("Allocation time, 3-D tight instances", "ms", byCapacity, "3d-tight", Row::millis).logY(),
                chart("Nodes used / lower bound, 1-D tight instances", "ratio", byCapacity, "1d-tight",
                        r -> r.lowerBound() == 0 ? 1 : (double) r.nodesUsed() / r.lowerBound()).yFrom(1),
                chart("Placement by schedulability (per-node exact test): time / capacity-only time, 3-D tight", "ratio",
                        Summary.analysisOverCapacity(rows), "3d-tight", Row::millis).yFrom(0),
                publishedChart(byCapacity))));
        System.out.println();
        System.out.print(Summary.of(rows));
        System.out.println("wrote " + out.resolve("allocators.csv") + " and " + out.resolve("allocators.svg"));
    }

    private static void print(List<Row> rows, Row r) {
        rows.add(r);
        System.out.printf(Locale.ROOT, "%-9s %-20s %6d %5d %-11s %-9s %10.2f %6s %5d %5s %5s %9.1f %s%n", r.family(), r.id(), r.components(),
                r.nodes(), r.allocator(), r.placement(), r.millis(), r.feasible() ? Integer.toString(r.nodesUsed()) : "-", r.lowerBound(),
                r.optimum() == null ? "-" : r.optimum().toString(), r.published() == null ? "-" : r.published().toString(), r.crossBandwidth(),
                r.feasible() ? "yes" : "no: " + r.note());
    }

    /**
     * The schedulability view the engine hands an allocator for a generated application on an empty domain: the
     * analysis's own ({@link ResponseTimeAnalysis#view}, its default 10 % execution-time variation), so every
     * component's job is its executionTime x 1.1 every period, all at one priority; a node then takes jobs up to
     * a utilization of 1, about 0.91 of its cpu by demand.
     */
    static SchedulabilityView engineView(Generated g) {
        Application app = g.application();
        Map<String, ComponentSettings> none = new LinkedHashMap<>();
        app.components().forEach(c -> none.put(c.name(), ComponentSettings.NONE));
        return new ResponseTimeAnalysis(0.1).view(List.of(), new DeploymentPlan(app, new Placement("none", Map.of()), none), g.domain());
    }

    static boolean isRandom(Case c) {
        return c.family().startsWith("1d") || c.family().startsWith("3d");
    }

    /** One line per allocator over the problem sizes of one family (feasible runs). */
    static LineChart chart(String title, String yLabel, List<Row> rows, String family, java.util.function.ToDoubleFunction<Row> y) {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (Row r : rows) {
            if (r.family().equals(family) && r.feasible()) {
                series.computeIfAbsent(r.allocator(), k -> new ArrayList<>()).add(new double[] { r.components(), y.applyAsDouble(r) });
            }
        }
        LineChart c = new LineChart(title, "components", yLabel).logX();
        series.forEach(c::series);
        return c;
    }

    /** Per allocator and item count, the mean over the Panigrahy classes of nodes used / best published. */
    static LineChart publishedChart(List<Row> rows) {
        Map<String, Map<Integer, double[]>> sums = new LinkedHashMap<>();
        for (Row r : rows) {
            if (!r.family().equals(PANIGRAHY) || !r.feasible()) continue;
            double[] s = sums.computeIfAbsent(r.allocator(), k -> new java.util.TreeMap<>()).computeIfAbsent(r.components(), k -> new double[2]);
            s[0] += (double) r.nodesUsed() / r.published();
            s[1]++;
        }
        LineChart c = new LineChart("Nodes used / best published heuristic, Panigrahy 3-D instances (mean over classes)", "components",
                "ratio").logX();
        sums.forEach((a, bySize) -> c.series(a, bySize.entrySet().stream().map(e -> new double[] { e.getKey(), e.getValue()[0] / e.getValue()[1] })
                .toList()));
        return c;
    }

    static Map<String, Allocator> allocators() {
        Map<String, Allocator> m = new LinkedHashMap<>();
        m.put("firstfit", new FirstFitAllocator());
        for (BinPacking.Strategy s : BinPacking.Strategy.values()) {
            String name = s.name().toLowerCase(Locale.ROOT);
            BinPacking b = new BinPacking(s, "cpu", name);
            m.put(name, new Allocator() {
                @Override
                public Placement allocate(Application app, List<NodeState> nodes) throws AllocationException {
                    return b.allocate(app, nodes);
                }

                @Override
                public Placement allocate(Application app, List<NodeState> nodes, SchedulabilityView view) throws AllocationException {
                    return b.allocate(app, nodes, view);
                }
            });
        }
        m.put("pbfd", new PbfdAllocator());
        m.put("dotproduct", new DotProductAllocator());
        m.put("l2norm", new L2NormAllocator());
        return m;
    }

    static List<Case> cases(boolean quick) {
        int[][] sizes = quick ? new int[][] { { 30, 6 }, { 300, 50 }, { 10000, 1000 } }
                : new int[][] { { 30, 6 }, { 100, 20 }, { 300, 50 }, { 1000, 100 }, { 3000, 300 }, { 10000, 1000 } };
        List<Case> out = new ArrayList<>();
        for (int[] s : sizes) {
            for (double t : new double[] { 0.5, 0.9 }) {
                String tag = t < 0.7 ? "loose" : "tight";
                out.add(new Case("3d-" + tag, s[0] + "x" + s[1], ProblemGenerator.generate(s[0], s[1], 1, t, 3), null));
                out.add(new Case("1d-" + tag, s[0] + "x" + s[1], ProblemGenerator.generate(s[0], s[1], 1, t, 1), null));
            }
        }
        for (int bins : quick ? new int[] { 20, 83 } : new int[] { 20, 40, 83, 167 }) {
            out.add(new Case("triplet", (bins * 3) + " items", ProblemGenerator.triplets(bins, 1), bins));
        }
        // bandwidth, not cpu, binds: a placement that splits the groups overflows the nodes' 10 Mbit/s
        for (int groups : quick ? new int[] { 10, 250 } : new int[] { 10, 50, 250, 1000 }) {
            out.add(new Case("bw-tight", (groups * 4) + "x" + (int) Math.ceil(groups * 1.2), ProblemGenerator.bandwidthTight(groups, 1), null));
        }
        return out;
    }

    /** The instances OptaPlanner gets the long search on: those with a gap to close, and the published ones up to 120 items. */
    static boolean isHard(Case c) {
        return c.family().equals("triplet") || c.family().equals("1d-tight")
                || c.family().equals(PANIGRAHY) && Summary.nominalSize(c.id()) <= Summary.SMALL;
    }

    /** {@code view} null: by capacity; else by schedulability too. */
    static Row run(Case c, List<NodeState> nodes, String name, Allocator allocator, SchedulabilityView view) throws AllocationException {
        Problem problem = Problem.of(c.problem().application(), nodes, view);
        String placement = view == null ? CAPACITY : ANALYSIS;
        int lb = Diagnosis.lowerBound(problem);
        int n = c.problem().application().components().size();
        Placement p = null;
        String note = "";
        // heuristics: median of three after a warm-up; the (long) OptaPlanner search runs once
        double[] times = new double[name.equals(OPTAPLANNER) ? 1 : 3];
        try {
            if (times.length > 1) allocate(allocator, c.problem().application(), nodes, view); // warm-up
            for (int i = 0; i < times.length; i++) {
                long t0 = System.nanoTime();
                p = allocate(allocator, c.problem().application(), nodes, view);
                times[i] = (System.nanoTime() - t0) / 1e6;
            }
        } catch (AllocationException e) {
            note = e.getMessage().length() > 60 ? e.getMessage().substring(0, 60) + "..." : e.getMessage();
        } catch (RuntimeException e) {
            // an allocator that crashes is a result too (OptaPlanner did on bw-tight 1000 components:
            // "Local Search phase needs to start from an initialized solution"); the other runs go on
            String m = e.getClass().getSimpleName() + ": " + e.getMessage();
            note = "CRASHED " + (m.length() > 80 ? m.substring(0, 80) + "..." : m);
            p = null;
        }
        Arrays.sort(times);
        double median = times[times.length / 2];
        if (p == null) return new Row(c.family(), c.id(), n, nodes.size(), name, placement, median, 0, lb, c.optimum(), c.published(), 0, false, note);
        Assignment a = check(problem, nodes, p);
        return new Row(c.family(), c.id(), n, nodes.size(), name, placement, median, a.nodesUsed(), lb, c.optimum(), c.published(),
                a.crossNodeBandwidth(), true, "");
    }

    private static Placement allocate(Allocator allocator, Application app, List<NodeState> nodes, SchedulabilityView view)
            throws AllocationException {
        return view == null ? allocator.allocate(app, nodes) : allocator.allocate(app, nodes, view);
    }

    /**
     * Replays a placement, failing loudly if it breaks any capacity (or, placing by schedulability, a deadline on a
     * node): a benchmark of wrong answers is worthless.
     */
    static Assignment check(Problem problem, List<NodeState> nodes, Placement p) {
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int j = 0; j < nodes.size(); j++) index.put(nodes.get(j).name(), j);
        Assignment a = new Assignment(problem);
        for (int c = 0; c < problem.components; c++) {
            int j = index.get(p.nodeOf().get(problem.componentNames[c]));
            if (!a.fits(c, j)) throw new IllegalStateException(p.allocator() + " overflowed " + nodes.get(j).name() + " or missed a deadline there");
            a.assign(c, j);
        }
        return a;
    }

    static void writeCsv(Path file, List<Row> rows) throws IOException {
        StringBuilder sb = new StringBuilder(
                "family,instance,components,nodes,allocator,placement,millis,nodes_used,lower_bound,optimum,best_published,cross_node_bandwidth,feasible\n");
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%s,%s,%.3f,%d,%d,%s,%s,%.4f,%s%n", r.family(), r.id(), r.components(),
                    r.nodes(), r.allocator(), r.placement(), r.millis(), r.nodesUsed(), r.lowerBound(), r.optimum() == null ? "" : r.optimum(),
                    r.published() == null ? "" : r.published(), r.crossBandwidth(), r.feasible()));
        }
        Files.writeString(file, sb.toString());
    }
}
