package org.race.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.race.api.model.Application;
import org.race.api.model.Component;
import org.race.api.model.ComponentSettings;
import org.race.api.model.Connection;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;
import org.race.api.model.Importance;
import org.race.api.model.Placement;
import org.race.api.model.Resources;

/**
 * The compact forms the analysis keeps for scale (a bit set of the components before a task, a shared run of a
 * node's tasks less those left out) hold exactly what their definitions say, on random systems with joins,
 * forks and cycles: compared with a walk of the inputs and a filter of every pair.
 */
class InterferenceSetsTest {
    private static final String[] NODES = { "a", "b", "c" };

    @Test
    void chainedIsReachabilityEitherWay() {
        for (int seed = 0; seed < 20; seed++) {
            Model model = new Model(system(new Random(seed)), Systems.domain(1, NODES), null, 0.1);
            int pairs = 0;
            for (Task i : model.tasks) {
                Set<Task> before = before(i);
                for (Task j : model.tasks) {
                    boolean expected = i != j && i.application.equals(j.application) && (before.contains(j) || before(j).contains(i));
                    assertEquals(expected, i.chained(j), "seed " + seed + ": " + i.id() + " and " + j.id());
                    if (expected) pairs++;
                }
            }
            assertTrue(pairs > 0, "seed " + seed + " has paths");
        }
    }

    @Test
    void aheadIsEveryTaskThatDelaysLessItsChain() {
        for (int seed = 0; seed < 20; seed++) {
            for (boolean precedence : new boolean[] { true, false }) {
                Model model = new Model(system(new Random(seed)), Systems.domain(1, NODES), null, 0.1);
                Holistic holistic = new Holistic(model.tasks, precedence);
                holistic.run();
                // precedence was refuted for an application whose bound exceeds its period (responses only grow)
                Set<String> overlapping = new HashSet<>();
                for (Task t : model.tasks) if (!precedence || t.sink && !(t.response <= t.periodMs)) overlapping.add(t.application);
                for (Task i : model.tasks) {
                    boolean own = overlapping.contains(i.application);
                    List<Task> expected = model.tasks.stream().filter(j -> i.delayedBy(j) && (own || !i.chained(j))).toList();
                    assertEquals(expected, List.copyOf(holistic.ahead(i)), "seed " + seed + ", " + i.id());
                    assertEquals(expected.size(), holistic.ahead(i).size());
                }
            }
        }
    }

    /** What a walk back along the inputs reaches from {@code t}, {@code t} itself only on a cycle through it. */
    private static Set<Task> before(Task t) {
        Set<Task> seen = new HashSet<>();
        Deque<Task> todo = new ArrayDeque<>();
        t.inputs.forEach(in -> todo.add(in.from()));
        while (!todo.isEmpty()) {
            Task b = todo.poll();
            if (b != t && seen.add(b)) b.inputs.forEach(in -> todo.add(in.from()));
        }
        return seen;
    }

    /** Two to four applications of up to 30 components each, a few inputs each, some with a cycle (never bounded). */
    private static List<DeploymentPlan> system(Random r) {
        List<DeploymentPlan> plans = new ArrayList<>();
        int apps = 2 + r.nextInt(3);
        for (int a = 0; a < apps; a++) {
            int n = 5 + r.nextInt(26);
            double period = 1000;
            List<Component> cs = new ArrayList<>();
            List<Connection> ks = new ArrayList<>();
            Map<String, String> nodeOf = new LinkedHashMap<>();
            Map<String, ComponentSettings> settings = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                cs.add(new Component("c" + i, "t", new Resources(0.001, 1, 0), 1, null));
                nodeOf.put("c" + i, NODES[r.nextInt(NODES.length)]);
                settings.put("c" + i, ComponentSettings.NONE.withPriority(r.nextInt(3)));
                for (int k = i == 0 ? 0 : r.nextInt(3); k > 0; k--) ks.add(new Connection("c" + r.nextInt(i), "c" + i, 0));
            }
            if (r.nextBoolean()) ks.add(new Connection("c" + (n - 1), "c" + (n / 2), 0));
            Application app = new Application("app" + a, Importance.MEDIUM, "m", period, period, null, cs, ks);
            plans.add(new DeploymentPlan(app, new Placement("test", nodeOf), settings));
        }
        return plans;
    }
}
