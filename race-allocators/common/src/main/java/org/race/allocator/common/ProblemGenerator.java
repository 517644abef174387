package org.race.allocator.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.race.api.model.Application;
import org.race.api.model.Component;
import org.race.api.model.Connection;
import org.race.api.model.Domain;
import org.race.api.model.Importance;
import org.race.api.model.Node;
import org.race.api.model.Resources;

/**
 * Random, seeded allocation problems for benchmarks and the {@code race:allocate --generate} flag.
 * Nodes are alike (cpu 1, 1024 MB, 100 Mbit/s). Demands are uniform around a mean chosen so
 * that the total cpu demand is {@code tightness} of the total capacity (memory 60 % of that).
 * In the multi-dimensional form each component connects to one of its five predecessors with
 * probability 0.9 (pipelines with local fan-in), 0.1-1 Mbit/s; the one-dimensional form has cpu
 * demands only and no connections.
 */
public final class ProblemGenerator {
    public record Generated(Domain domain, Application application) {
    }

    public static final Resources NODE = new Resources(1.0, 1024, 100);

    /**
     * Bounds on what a typed spec may ask for, checked before anything is built: issue 17 item 10,
     * {@code 100000000x10} ran for minutes and died of memory, {@code triplets:1000000} did not answer
     * in 300 s. 100,000 components is ten times the largest deploy the container is tuned for; triplet
     * bins are bounded so that their nodes (20 % spare) stay within {@link #MAX_NODES}.
     */
    public static final int MAX_COMPONENTS = 100_000, MAX_NODES = 10_000, MAX_TRIPLET_BINS = 8_000;

    private ProblemGenerator() {
    }

    /**
     * @param spec {@code COMPONENTSxNODES} e.g. {@code 10000x1000}, or {@code triplets:BINS}, optionally
     *             followed by {@code ,seed=N}, {@code ,tightness=F}, {@code ,dims=1|3}
     */
    public static Generated parse(String spec) {
        String[] parts = spec.split(",");
        String head = parts[0].trim().toLowerCase(Locale.ROOT);
        String[] size = head.startsWith("triplets:") ? new String[] { head.substring(9), "0" } : head.split("x");
        if (size.length != 2) {
            throw new IllegalArgumentException("generate: expected COMPONENTSxNODES or triplets:BINS, then [,seed=N][,tightness=F][,dims=1|3]; got '" + spec + "'");
        }
        boolean triplets = head.startsWith("triplets:");
        int n = triplets ? bounded("triplet bins", size[0], MAX_TRIPLET_BINS) : bounded("components", size[0], MAX_COMPONENTS);
        int m = triplets ? 0 : bounded("nodes", size[1], MAX_NODES);
        long seed = 1;
        double tightness = 0.8;
        int dims = 3;
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            if (kv.length != 2) throw new IllegalArgumentException("generate: '" + parts[i] + "' is not key=value");
            try {
                switch (kv[0].trim()) {
                    case "seed" -> seed = Long.parseLong(kv[1].trim());
                    case "tightness" -> tightness = Double.parseDouble(kv[1].trim());
                    case "dims" -> dims = Integer.parseInt(kv[1].trim());
                    default -> throw new IllegalArgumentException("generate: unknown key '" + kv[0] + "' (seed, tightness, dims)");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("generate: '" + parts[i] + "' has no valid number");
            }
        }
        return triplets ? triplets(n, seed) : generate(n, m, seed, tightness, dims);
    }

    /** {@code text} as a whole number in [1, max], else refused naming {@code what} and the bound. */
    private static int bounded(String what, String text, int max) {
        long v;
        try {
            v = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("generate: " + what + ": '" + text.trim() + "' is not a whole number");
        }
        if (v < 1 || v > max) throw new IllegalArgumentException("generate: " + what + " must be between 1 and " + max + ", got " + v);
        return (int) v;
    }

    public static Generated generate(int components, int nodes, long seed, double tightness, int dims) {
        if (components < 1 || nodes < 1) throw new IllegalArgumentException("generate: components and nodes must be >= 1");
        if (!(tightness > 0 && tightness <= 1.5)) throw new IllegalArgumentException("generate: tightness must be in (0, 1.5]");
        if (dims != 1 && dims != 3) throw new IllegalArgumentException("generate: dims must be 1 or 3");
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Node> ns = new ArrayList<>();
        for (int j = 0; j < nodes; j++) ns.add(new Node(String.format(Locale.ROOT, "n%04d", j), NODE));
        double meanCpu = tightness * nodes * NODE.cpu() / components;
        double meanMem = 0.6 * tightness * nodes * NODE.memory() / components;
        List<Component> cs = new ArrayList<>();
        List<Connection> ks = new ArrayList<>();
        for (int i = 0; i < components; i++) {
            double cpu = uniformAround(rnd, meanCpu, NODE.cpu());
            double mem = dims == 1 ? 0 : uniformAround(rnd, meanMem, NODE.memory());
            double bw = dims == 1 ? 0 : round(rnd.nextDouble(0.05, 0.5));
            String name = String.format(Locale.ROOT, "c%05d", i);
            cs.add(new Component(name, "generated", new Resources(cpu, mem, bw), cpu * 1000, null));
            if (dims == 3 && i > 0 && rnd.nextDouble() < 0.9) {
                int from = Math.max(0, i - 5) + rnd.nextInt(Math.min(i, 5));
                ks.add(new Connection(cs.get(from).name(), name, round(rnd.nextDouble(0.1, 1.0))));
            }
        }
        String id = components + "x" + nodes + "-s" + seed + "-t" + tightness + "-d" + dims;
        return new Generated(new Domain("gen-" + id, ns, 1.0),
                new Application("gen-" + id, Importance.MEDIUM, null, 1000, 1000, null, cs, ks));
    }

    /**
     * A one-dimensional instance of Falkenauer's "triplet" class with a known optimum: every one of
     * {@code bins} bins is filled exactly by three items in (0.25, 0.5) of a node's cpu, shuffled.
     * First fit decreasing rarely reaches the optimum on these. The domain has 20 % spare nodes.
     */
    public static Generated triplets(int bins, long seed) {
        if (bins < 1) throw new IllegalArgumentException("generate: triplets needs at least 1 bin");
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Integer> items = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            int x1 = rnd.nextInt(380, 491);
            int x2 = rnd.nextInt(251, 1000 - x1 - 250);
            items.add(x1);
            items.add(x2);
            items.add(1000 - x1 - x2);
        }
        for (int i = items.size() - 1; i > 0; i--) java.util.Collections.swap(items, i, rnd.nextInt(i + 1));
        List<Component> cs = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            double cpu = items.get(i) / 1000.0;
            cs.add(new Component(String.format(Locale.ROOT, "t%04d", i), "generated", new Resources(cpu, 0, 0), cpu * 1000, null));
        }
        List<Node> ns = new ArrayList<>();
        int nodes = (int) Math.ceil(bins * 1.2);
        for (int j = 0; j < nodes; j++) ns.add(new Node(String.format(Locale.ROOT, "n%04d", j), new Resources(1.0, 1, 1)));
        String id = "triplets-" + items.size() + "-s" + seed;
        return new Generated(new Domain("gen-" + id, ns, 1.0),
                new Application("gen-" + id, Importance.MEDIUM, null, 1000, 1000, null, cs, List.of()));
    }

    /** Nodes of the bandwidth-tight class: cpu and memory as usual, a tenth of the bandwidth. */
    public static final Resources NARROW_NODE = new Resources(1.0, 1024, 10);

    /**
     * A bandwidth-tight instance with a known feasible placement, for the benchmark: {@code groups}
     * groups of four components, each group 70-90 % of a node's cpu, chained inside by 3 Mbit/s links
     * and to the next group by a 0.5 Mbit/s link, on nodes of 10 Mbit/s ({@link #NARROW_NODE}). Placed
     * group by group, a node carries at most 1.4 Mbit/s; every link a placement cuts inside a group
     * costs 3 Mbit/s on both its nodes, so packing by cpu alone overflows bandwidth, while cpu is no
     * tighter than in the 3-D tight class. Components are shuffled so that their order does not give
     * the groups away. The domain has 20 % spare nodes.
     */
    public static Generated bandwidthTight(int groups, long seed) {
        if (groups < 1) throw new IllegalArgumentException("generate: bandwidth-tight needs at least 1 group");
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = 4 * groups;
        int[] slot = new int[n]; // slot[k]: the shuffled index of the k-th component of the planted order
        for (int k = 0; k < n; k++) slot[k] = k;
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1), t = slot[i];
            slot[i] = slot[j];
            slot[j] = t;
        }
        Component[] cs = new Component[n];
        List<Connection> ks = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            double total = rnd.nextDouble(0.7, 0.9);
            double[] w = { rnd.nextDouble(), rnd.nextDouble(), rnd.nextDouble(), rnd.nextDouble() };
            double sum = w[0] + w[1] + w[2] + w[3];
            for (int p = 0; p < 4; p++) {
                // floor each part at 0.1 and round down, so the group never exceeds its total
                double cpu = Math.floor((0.1 + (total - 0.4) * w[p] / sum) * 1e4) / 1e4;
                int k = slot[4 * g + p];
                cs[k] = new Component(String.format(Locale.ROOT, "b%05d", k), "generated", new Resources(cpu, 100, 0.1), cpu * 1000, null);
                if (p > 0) ks.add(new Connection(cs[slot[4 * g + p - 1]].name(), cs[k].name(), 3));
            }
            if (g > 0) ks.add(new Connection(cs[slot[4 * g - 1]].name(), cs[slot[4 * g]].name(), 0.5));
        }
        List<Node> ns = new ArrayList<>();
        int nodes = (int) Math.ceil(groups * 1.2);
        for (int j = 0; j < nodes; j++) ns.add(new Node(String.format(Locale.ROOT, "n%04d", j), NARROW_NODE));
        String id = "bandwidth-" + n + "-s" + seed;
        return new Generated(new Domain("gen-" + id, ns, 1.0),
                new Application("gen-" + id, Importance.MEDIUM, null, 1000, 1000, null, List.of(cs), ks));
    }

    /** Uniform in [mean/5, 9 mean/5], capped at 90 % of a node so every item fits alone. */
    private static double uniformAround(SplittableRandom rnd, double mean, double cap) {
        double lo = 0.2 * mean, hi = Math.min(1.8 * mean, 0.9 * cap);
        return round(hi <= lo ? hi : rnd.nextDouble(lo, hi));
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
