package org.race.allocator.optaplanner;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.race.allocator.binpack.BinPacking;
import org.race.allocator.binpack.FirstFitAllocator;
import org.race.allocator.common.Systems;
import org.race.allocator.pbfd.PbfdAllocator;
import org.race.analysis.ResponseTimeAnalysis;
import org.race.api.Allocator;
import org.race.api.analysis.SchedulabilityView;
import org.race.api.model.AllocationException;
import org.race.api.model.Application;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;
import org.race.api.model.Node;
import org.race.api.model.NodeState;
import org.race.api.model.Placement;
import org.race.api.model.Resources;

/**
 * pbfd and OptaPlanner placing by schedulability pass the analysis the engine admits by, on generated systems:
 * 2-6 nodes of cpu 1 or 2 running applications placed one after the other, each of 1-6 independent components
 * (UUniFast utilizations, log-uniform and shared periods, deadlines from half the period to twice it, the
 * analysis's 10 % variation). Independent components: then the per-node test is exact (with chains across
 * nodes, jitter and precedence meet there, and the engine's admission and repair step are the last word).
 */
class SchedulablePlacementTest {
    private static final ResponseTimeAnalysis ANALYSIS = new ResponseTimeAnalysis(0.1);

    @Test
    void pbfdAndOptaPlannerPlacementsPassTheAnalysis() throws Exception {
        Allocator pbfd = new PbfdAllocator();
        Allocator ffd = new BinPacking(BinPacking.Strategy.FFD, "cpu", "ffd")::allocate;
        OptaPlannerAllocator opta = new OptaPlannerAllocator(List.of(pbfd, new FirstFitAllocator()), new Settings(300, 2000, 0, 0));
        Map<String, Allocator> allocators = new LinkedHashMap<>();
        allocators.put("pbfd", pbfd);
        allocators.put("optaplanner", opta);
        SplittableRandom rnd = new SplittableRandom(15);
        Map<String, int[]> placedRefused = new LinkedHashMap<>();
        int capacityMisses = 0;
        for (int system = 0; system < 40; system++) {
            Domain domain = domain(rnd);
            List<DeploymentPlan> deployed = new ArrayList<>();
            for (int k = 0; k < 2 + rnd.nextInt(5); k++) {
                Application app = application(rnd, "d" + k);
                DeploymentPlan p = place(pbfd, app, deployed, domain);
                if (p != null) deployed.add(p);
            }
            Application newcomer = application(rnd, "new");
            for (Map.Entry<String, Allocator> a : allocators.entrySet()) {
                int[] counts = placedRefused.computeIfAbsent(a.getKey(), x -> new int[2]);
                DeploymentPlan p = place(a.getValue(), newcomer, deployed, domain);
                if (p == null) {
                    counts[1]++;
                    continue;
                }
                counts[0]++;
                List<DeploymentPlan> all = new ArrayList<>(deployed);
                all.add(p);
                assertTrue(ANALYSIS.analyze(all, domain).schedulable(), a.getKey() + ", system " + system + ": " + all);
            }
            Placement byCapacity;
            try {
                byCapacity = ffd.allocate(newcomer, states(domain, deployed));
            } catch (AllocationException noRoom) {
                continue;
            }
            List<DeploymentPlan> all = new ArrayList<>(deployed);
            all.add(Systems.plan(newcomer, byCapacity.nodeOf()));
            if (!ANALYSIS.analyze(all, domain).schedulable()) capacityMisses++;
        }
        for (Map.Entry<String, int[]> e : placedRefused.entrySet()) {
            System.out.printf("%s by schedulability: %d placed, %d refused (no schedulable node); ffd by capacity missed on %d%n", e.getKey(),
                    e.getValue()[0], e.getValue()[1], capacityMisses);
            assertTrue(e.getValue()[0] >= 20, e.getKey() + " placed " + e.getValue()[0] + ", refused " + e.getValue()[1]);
        }
        assertTrue(capacityMisses > 0, "placing by capacity (ffd) misses deadlines on some of these systems: the test tells the two apart");
    }

    /** {@code app} placed by {@code allocator} beside {@code deployed}, by schedulability; null when it finds no schedulable node. */
    private static DeploymentPlan place(Allocator allocator, Application app, List<DeploymentPlan> deployed, Domain domain) {
        SchedulabilityView view = ANALYSIS.view(deployed, Systems.plan(app, Map.of()), domain);
        try {
            return Systems.plan(app, allocator.allocate(app, states(domain, deployed), view).nodeOf());
        } catch (AllocationException e) {
            return null;
        }
    }

    private static List<NodeState> states(Domain domain, List<DeploymentPlan> deployed) {
        List<NodeState> out = new ArrayList<>();
        for (Node n : domain.nodes()) {
            Resources reserved = Resources.ZERO;
            for (DeploymentPlan p : deployed) reserved = reserved.plus(p.demandOn(n.name()));
            out.add(new NodeState(n, reserved, true));
        }
        return out;
    }

    private static Domain domain(SplittableRandom rnd) {
        List<Node> nodes = new ArrayList<>();
        for (int j = 0; j < 2 + rnd.nextInt(5); j++) nodes.add(new Node("n" + j, new Resources(rnd.nextBoolean() ? 1 : 2, 1024, 100)));
        return new Domain("generated", nodes, 0);
    }

    private static Application application(SplittableRandom rnd, String name) {
        double t = Systems.period(rnd);
        int n = 1 + rnd.nextInt(6);
        return Systems.app(name, t, t * rnd.nextDouble(0.5, 2), Systems.uunifast(rnd, n, rnd.nextDouble(0.2, 1.2)));
    }
}
