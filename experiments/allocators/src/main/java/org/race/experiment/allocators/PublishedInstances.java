package org.race.experiment.allocators;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.race.allocator.common.ProblemGenerator.Generated;
import org.race.api.model.Application;
import org.race.api.model.Component;
import org.race.api.model.Domain;
import org.race.api.model.Importance;
import org.race.api.model.Node;
import org.race.api.model.Resources;

/**
 * Published vector bin packing instances with their known optimum and the best published heuristic
 * result ({@code instances/panigrahy/README.md} says which and from where). Each 3-D instance becomes
 * one application without connections whose components demand cpu, memory and bandwidth as the
 * item's three sizes, on identical nodes of the bin's capacities; there are twice as many nodes as
 * the best published result (any sensible heuristic fits), at most one per item.
 */
final class PublishedInstances {
    record Instance(String id, Generated problem, int lowerBound, int optimum, int bestPublished) {
        int components() {
            return problem.application().components().size();
        }
    }

    private PublishedInstances() {
    }

    /** Every instance {@code published.csv} in {@code dir} lists, read from its {@code .vbp} file. */
    static List<Instance> load(Path dir) throws IOException {
        Path csv = dir.resolve("published.csv");
        List<String> lines = Files.readAllLines(csv);
        List<Instance> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            if (f.length != 4) throw new IOException(csv + " line " + (i + 1) + ": expected instance,lower_bound,optimum,best_published");
            int best = Integer.parseInt(f[3].trim());
            out.add(new Instance(f[0], vbp(dir.resolve(f[0] + ".vbp"), best), Integer.parseInt(f[1].trim()), Integer.parseInt(f[2].trim()), best));
        }
        return out;
    }

    /** A VPSolver {@code .vbp} file: dimensions, capacities, item types, then per type its sizes and count. */
    static Generated vbp(Path file, int bestPublished) throws IOException {
        String[] t = Files.readString(file).trim().split("\\s+");
        int d = Integer.parseInt(t[0]);
        if (d != 3) throw new IOException(file + ": dimensions: expected 3 (cpu, memory, bandwidth), got " + d);
        double[] cap = new double[d];
        for (int r = 0; r < d; r++) cap[r] = Double.parseDouble(t[1 + r]);
        int types = Integer.parseInt(t[1 + d]);
        int k = 2 + d;
        List<Component> cs = new ArrayList<>();
        for (int y = 0; y < types; y++) {
            if (k + d >= t.length) throw new IOException(file + ": item type " + (y + 1) + " of " + types + " is missing");
            Resources demand = new Resources(Double.parseDouble(t[k]), Double.parseDouble(t[k + 1]), Double.parseDouble(t[k + 2]));
            int count = Integer.parseInt(t[k + d]);
            k += d + 1;
            for (int q = 0; q < count; q++) cs.add(new Component(String.format(Locale.ROOT, "i%03d", cs.size()), "item", demand, 1, null));
        }
        String id = file.getFileName().toString().replace(".vbp", "");
        List<Node> ns = new ArrayList<>();
        Resources capacity = new Resources(cap[0], cap[1], cap[2]);
        for (int j = 0; j < Math.min(cs.size(), 2 * bestPublished); j++) ns.add(new Node(String.format(Locale.ROOT, "n%03d", j), capacity));
        return new Generated(new Domain(id, ns, 1.0), new Application(id, Importance.MEDIUM, null, 1000, 1000, null, cs, List.of()));
    }
}
