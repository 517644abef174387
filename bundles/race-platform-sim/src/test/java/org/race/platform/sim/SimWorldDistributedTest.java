package org.race.platform.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.race.platform.sim.SimWorldTest.MS;
import static org.race.platform.sim.SimWorldTest.S;
import static org.race.platform.sim.SimWorldTest.comp;
import static org.race.platform.sim.SimWorldTest.crossNode;
import static org.race.platform.sim.SimWorldTest.domain;
import static org.race.platform.sim.SimWorldTest.node;
import static org.race.platform.sim.SimWorldTest.plan;
import static org.race.platform.sim.SimWorldTest.qos;
import static org.race.platform.sim.SimWorldTest.twoNodes;
import static org.race.platform.sim.SimWorldTest.world;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.race.api.model.Application;
import org.race.api.model.Connection;
import org.race.api.model.Delivery;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;
import org.race.api.monitoring.ApplicationQos;
import org.race.api.monitoring.NodeSample;

/**
 * One application across two containers: each SimWorld hosts one node and reaches the other only
 * through deliveries, which the test carries between steps of a millisecond, as a wire would (late,
 * by up to a step). Ages instead of times make the figures those of one world hosting both nodes.
 */
class SimWorldDistributedTest {
    /** Two containers, one node each, and what is on the wire between them. */
    static final class Pair {
        final Map<String, SimWorld> worlds = new LinkedHashMap<>();
        final List<Map.Entry<String, Delivery>> wire = new ArrayList<>();
        final Set<String> down = new java.util.HashSet<>();
        long now;

        Pair(Domain domain, String... nodes) {
            for (String n : nodes) {
                SimWorld w = world(42, 0, domain);
                w.connect(n::equals, (to, d) -> wire.add(Map.entry(to, d)), () -> {
                }); // the test moves time itself
                worlds.put(n, w);
            }
        }

        void deploy(DeploymentPlan p) {
            worlds.forEach((n, w) -> {
                if (p.placement().nodeOf().containsValue(n)) w.deploy(n, p);
            });
        }

        void advanceTo(long target) {
            while (now < target) {
                now = Math.min(target, now + MS);
                for (SimWorld w : worlds.values()) w.advanceTo(now);
                List<Map.Entry<String, Delivery>> sent = new ArrayList<>(wire);
                wire.clear();
                for (Map.Entry<String, Delivery> e : sent) {
                    if (!down.contains(e.getKey())) worlds.get(e.getKey()).deliver(e.getKey(), List.of(e.getValue()));
                }
            }
        }

        NodeSample sample(String node) {
            return worlds.get(node).sample(node);
        }
    }

    @Test
    void anApplicationAcrossContainersMeasuresWhatOneContainerWould() {
        Pair pair = new Pair(twoNodes(), "sc1", "sc2");
        pair.deploy(crossNode());
        pair.advanceTo(10 * S + 300 * MS);
        // the same 235 ms as in one world (SimWorldTest.crossNodeLatencyIncludesLinkLatencyAndTransmission):
        // 10 ms of a, 205 ms on the link, 20 ms of b; judged by sc1, which released the iterations, 200 ms
        // late: 11 iterations completed, the deadlines of 10 passed
        NodeSample s1 = pair.sample("sc1"), s2 = pair.sample("sc2");
        assertEquals(new ApplicationQos("x", 10, 0, 11, 235.0, 235.0), qos(s1, "x"));
        assertTrue(s2.applications().isEmpty(), "QoS is reported once, by the releasing node: " + s2.applications());
        assertEquals(20.0, SimWorldTest.comp(s2, "x", "b").meanResponseMs(), SimWorldTest.EPS);
        assertEquals(11, SimWorldTest.comp(s2, "x", "b").jobs());
        // eleven 1 Mbit messages left sc1 and reached sc2 in 10.3 s, counted at both ends as in one world
        assertEquals(11 / 10.3 / 10, s1.utilization().get("bandwidth"), 1e-9);
        assertEquals(11 / 10.3 / 5, s2.utilization().get("bandwidth"), 1e-9);
    }

    @Test
    void aSourceElsewhereIsReleasedOverTheLink() {
        // a on sc1 and b on sc2 are both sources: sc1 releases, b starts after the 5 ms link latency. The
        // first release, at 0, crosses the wire a step (1 ms) late, as it would take time on a real one.
        Domain d = domain(5, node("sc1", 1.0, 512, 10), node("sc2", 1.0, 512, 10));
        DeploymentPlan p = plan(SimWorldTest.app("j", 1000, 1000, null,
                List.of(comp("a", 10, "sc1"), comp("b", 30, "sc2"), comp("c", 10, "sc1")),
                List.of(new Connection("a", "c", 0), new Connection("b", "c", 0))));
        Pair pair = new Pair(d, "sc1", "sc2");
        pair.deploy(p);
        pair.advanceTo(3 * S + 300 * MS);
        assertEquals(new ApplicationQos("j", 3, 0, 4, (51 + 3 * 50) / 4.0, 51.0), qos(pair.sample("sc1"), "j")); // 5 + 30 + 5 + 10
    }

    @Test
    void aSinkElsewhereReportsItsLatencyBack() {
        // a on sc1 -> b on sc2 -> c on sc1 and d on sc2: two sinks, one in each container
        Domain dom = domain(5, node("sc1", 1.0, 512, 10), node("sc2", 1.0, 512, 10));
        Application app = SimWorldTest.app("y", 1000, 1000, null,
                List.of(comp("a", 10, "sc1"), comp("b", 20, "sc2"), comp("c", 10, "sc1"), comp("d", 40, "sc2")),
                List.of(new Connection("a", "b", 0), new Connection("b", "c", 0), new Connection("b", "d", 0)));
        Pair pair = new Pair(dom, "sc1", "sc2");
        pair.deploy(plan(app));
        pair.advanceTo(2 * S + 300 * MS);
        // the iteration ends with d on sc2: 10 + 5 + 20 + 40 = 75 ms (c ends at 10 + 5 + 20 + 5 + 10 = 50)
        assertEquals(new ApplicationQos("y", 2, 0, 3, 75.0, 75.0), qos(pair.sample("sc1"), "y"));
    }

    @Test
    void whatIsLostWithANodeIsMissedAndForgotten() {
        Pair pair = new Pair(twoNodes(), "sc1", "sc2");
        pair.deploy(crossNode());
        pair.advanceTo(3 * S + 300 * MS);
        assertEquals(3, qos(pair.sample("sc1"), "x").met());
        pair.down.add("sc2"); // its container died: a's outputs go nowhere
        pair.advanceTo(60 * S + 300 * MS);
        NodeSample s1 = pair.sample("sc1");
        ApplicationQos q = qos(s1, "x");
        assertEquals(1, q.met(), "released at 3 s, done before the loss: " + q);
        assertEquals(56, q.missed(), "every iteration released after the loss (4 to 59 s) misses: " + q);
        // nothing piles up: lost iterations are forgotten at their deadline, so sc1 keeps releasing (4 to 60 s)
        // instead of dropping inputs for a full backlog
        assertEquals(57, SimWorldTest.comp(s1, "x", "a").jobs());
    }
}
