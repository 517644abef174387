package org.race.effector.central;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.race.api.Engine;
import org.race.api.NodeEffector;
import org.race.api.RoleProperties;
import org.race.core.BoundedNodeCalls;
import org.race.api.model.AdaptationDecision;
import org.race.api.model.Adjustment;
import org.race.api.model.Adjustment.Kind;
import org.race.api.model.Application;
import org.race.api.model.Component;
import org.race.api.model.ComponentSettings;
import org.race.api.model.DeploymentException;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;
import org.race.api.model.EffectReport;
import org.race.api.model.Importance;
import org.race.api.model.NodeState;
import org.race.api.model.Placement;
import org.race.api.model.Range;
import org.race.api.model.Resources;

class RaceCentralEffectorTest {
    private final RaceCentralEffector effector = new RaceCentralEffector();
    private final Map<String, List<List<Adjustment>>> batches = new TreeMap<>();
    private final RegistryEngine engine = new RegistryEngine();
    /** Calls to remote nodes time out after 500 ms; 2 in a row fail the node. */
    private final BoundedNodeCalls calls = new BoundedNodeCalls(500, 2);

    /** The registry part of an Engine: what the effector reports back (updated plans, moves). */
    static final class RegistryEngine implements Engine {
        final Map<String, DeploymentPlan> plans = new TreeMap<>();
        final List<String> moves = new ArrayList<>();

        public void updated(DeploymentPlan plan) {
            plans.put(plan.name(), plan);
        }

        public DeploymentPlan move(String application, String component, String node) throws DeploymentException {
            if (node.equals("full")) throw new DeploymentException("move", "overflows node full in cpu");
            moves.add(application + "/" + component + "->" + node);
            return plans.get(application);
        }

        public List<DeploymentPlan> applications() {
            return List.copyOf(plans.values());
        }

        public Optional<DeploymentPlan> application(String name) {
            return Optional.ofNullable(plans.get(name));
        }

        public Optional<Domain> domain() {
            throw new UnsupportedOperationException();
        }

        public Domain loadDomain(Domain domain) {
            throw new UnsupportedOperationException();
        }

        public List<NodeState> nodes() {
            throw new UnsupportedOperationException();
        }

        public DeploymentPlan deploy(org.race.api.model.Application application, String allocator) {
            throw new UnsupportedOperationException();
        }

        public void undeploy(String application) {
            throw new UnsupportedOperationException();
        }

        public List<String> allocators() {
            return List.of();
        }

        public String defaultAllocator() {
            return "firstfit";
        }

        public List<String> events() {
            return List.of();
        }
    }

    static RaceCentralEffector.Config config(String mode, String guard) {
        return new RaceCentralEffector.Config() {
            public Class<? extends Annotation> annotationType() {
                return RaceCentralEffector.Config.class;
            }

            public String mode() {
                return mode;
            }

            public String guard() {
                return guard;
            }

            public int minPriority() {
                return 0;
            }

            public int maxPriority() {
                return 99;
            }

            public int threads() {
                return 4;
            }
        };
    }

    /** app: a on sc1, b on sc2; period 100 ms, may move in [50, 200]. */
    static DeploymentPlan plan() {
        Application app = new Application("app", Importance.MEDIUM, null, 100, 100, new Range(50, 200),
                List.of(new Component("a", "a", new Resources(0.1, 0, 0), 10, null), new Component("b", "b", new Resources(0.1, 0, 0), 10, null)),
                List.of());
        return new DeploymentPlan(app, new Placement("firstfit", Map.of("a", "sc1", "b", "sc2")),
                Map.of("a", ComponentSettings.NONE, "b", ComponentSettings.NONE));
    }

    NodeEffector node(String name, boolean fail) {
        return recording(name, () -> {
            if (fail) throw new IllegalStateException("node down");
        });
    }

    /** Like a NodeEffector in a node container stopped with SIGSTOP: no answer until the caller gives up (interrupts). */
    NodeEffector hung(String name) {
        return recording(name, () -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Records each batch, runs {@code before}, then acknowledges every change. */
    private NodeEffector recording(String name, Runnable before) {
        return new NodeEffector() {
            public String nodeName() {
                return name;
            }

            public EffectReport apply(List<Adjustment> adjustments) {
                synchronized (batches) {
                    batches.computeIfAbsent(name, k -> new ArrayList<>()).add(adjustments);
                }
                before.run();
                return new EffectReport(adjustments.stream().map(a -> a.kind() + " " + a.value()).toList(), List.of(), 1);
            }
        };
    }

    void wire(String mode, String guard, boolean sc2Fails) {
        wire(mode, guard, Map.entry(Map.of(RoleProperties.NODE, "sc1"), node("sc1", false)),
                Map.entry(Map.of(RoleProperties.NODE, "sc2"), node("sc2", sc2Fails)));
    }

    @SafeVarargs
    final void wire(String mode, String guard, Map.Entry<Map<String, Object>, NodeEffector>... effectors) {
        effector.engine = engine;
        effector.calls = calls;
        effector.nodeEffectors = List.of(effectors);
        effector.configure(config(mode, guard));
        engine.plans.put("app", plan());
    }

    /** As imported from a node container through Remote Services. */
    static Map.Entry<Map<String, Object>, NodeEffector> remote(String node, NodeEffector e) {
        return Map.entry(Map.of(RoleProperties.NODE, node, "service.imported", "true"), e);
    }

    @AfterEach
    void stop() {
        effector.deactivate();
    }

    static AdaptationDecision decide(Adjustment... a) {
        return new AdaptationDecision("test", List.of(a), "because");
    }

    @Test
    void hierarchicalSendsOneBatchPerNodeAndKeepsTheRegistryInStep() {
        wire("hierarchical", "clamp", false);
        EffectReport r = effector.apply(decide(new Adjustment("app", "a", Kind.PRIORITY, 40, null),
                new Adjustment("app", null, Kind.PERIOD, 150, null)), engine.applications());
        // the period concerns both nodes, the priority only a's node
        assertEquals(1, batches.get("sc1").size());
        assertEquals(2, batches.get("sc1").get(0).size());
        assertEquals(1, batches.get("sc2").size());
        assertEquals(3, r.applied().size(), r.toString());
        assertTrue(r.rejected().isEmpty(), r.toString());
        DeploymentPlan now = engine.plans.get("app");
        assertEquals(40, now.settingsOf("a").priority());
        assertEquals(null, now.settingsOf("b").priority());
        assertEquals(150, now.application().periodMs());
        assertEquals(1, effector.delays().samples());
    }

    /**
     * Hierarchical: the batches to node containers are in flight at once; each node answers only when both were called
     * (a latch). (This container's own NodeEffectors are called directly, shared out once they take long: FanOutTest.)
     */
    @Test
    void hierarchicalCallsToTheNodesOverlap() {
        java.util.concurrent.CountDownLatch bothCalled = new java.util.concurrent.CountDownLatch(2);
        Runnable awaitTheOther = () -> {
            bothCalled.countDown();
            try {
                if (!bothCalled.await(800, java.util.concurrent.TimeUnit.MILLISECONDS)) throw new IllegalStateException("called alone");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
        wire("hierarchical", "clamp", remote("sc1", recording("sc1", awaitTheOther)), remote("sc2", recording("sc2", awaitTheOther)));
        EffectReport r = effector.apply(decide(new Adjustment("app", null, Kind.PERIOD, 150, null)), engine.applications());
        assertEquals(List.of(), r.rejected(), "both nodes' batches overlapped");
        assertEquals(2, r.applied().size(), r.toString());
        assertEquals(150, engine.plans.get("app").application().periodMs());
    }

    @Test
    void flatAppliesEachChangeByItself() {
        wire("flat", "clamp", false);
        effector.apply(decide(new Adjustment("app", "a", Kind.PRIORITY, 40, null), new Adjustment("app", null, Kind.PERIOD, 150, null)),
                engine.applications());
        assertEquals(2, batches.get("sc1").size(), "one call per change");
        assertTrue(batches.get("sc1").stream().allMatch(b -> b.size() == 1));
    }

    @Test
    void theGuardClampsOutOfRangeValues() {
        wire("hierarchical", "clamp", false);
        EffectReport r = effector.apply(decide(new Adjustment("app", "a", Kind.PRIORITY, 250, null),
                new Adjustment("app", null, Kind.PERIOD, 10, null)), engine.applications());
        assertTrue(r.rejected().isEmpty(), r.toString());
        assertEquals(99, engine.plans.get("app").settingsOf("a").priority());
        assertEquals(50, engine.plans.get("app").application().periodMs());
        assertEquals(99.0, batches.get("sc1").get(0).get(0).value());
    }

    @Test
    void theGuardRejectsWhenConfiguredSoAndAlwaysRejectsTheImpossible() {
        wire("hierarchical", "reject", false);
        EffectReport r = effector.apply(decide(new Adjustment("app", "a", Kind.PRIORITY, -3, null),
                new Adjustment("app", null, Kind.PERIOD, 500, null), new Adjustment("nosuch", null, Kind.PRIORITY, 5, null),
                new Adjustment("app", "zz", Kind.PRIORITY, 5, null), new Adjustment("app", "b", Kind.PRIORITY, 7, null)),
                engine.applications());
        assertEquals(4, r.rejected().size(), r.toString());
        assertTrue(r.rejected().get(0).contains("priority -3.0 outside [0, 99]"), r.toString());
        assertTrue(r.rejected().get(1).contains("period 500.0 ms outside [50.0, 200.0]"), r.toString());
        assertTrue(r.rejected().get(2).contains("no such application"), r.toString());
        assertTrue(r.rejected().get(3).contains("no such component"), r.toString());
        assertEquals(List.of(List.of(new Adjustment("app", "b", Kind.PRIORITY, 7, null))), batches.get("sc2"));
        assertEquals(null, batches.get("sc1"), "nothing out of range reached a node");
    }

    @Test
    void aNodeThatFailsRejectsItsChangesAndTheOthersStillApply() {
        wire("hierarchical", "clamp", true);
        EffectReport r = effector.apply(decide(new Adjustment("app", null, Kind.PRIORITY, 30, null)), engine.applications());
        assertEquals(1, r.applied().size(), r.toString());
        assertTrue(r.rejected().get(0).startsWith("sc2: app PRIORITY: no acknowledgement"), r.toString());
        assertEquals(30, engine.plans.get("app").settingsOf("a").priority());
        assertEquals(null, engine.plans.get("app").settingsOf("b").priority(), "registry follows what was acknowledged");
    }

    @Test
    void movesGoThroughTheEngine() {
        wire("hierarchical", "clamp", false);
        EffectReport r = effector.apply(decide(new Adjustment("app", "a", Kind.MOVE, 0, "sc3"), new Adjustment("app", "b", Kind.MOVE, 0, "full"),
                new Adjustment("app", null, Kind.MOVE, 0, "sc3")), engine.applications());
        assertEquals(List.of("app/a->sc3"), engine.moves);
        assertEquals(2, r.rejected().size(), r.toString());
        assertTrue(r.rejected().get(0).contains("MOVE needs a component"), r.toString());
        assertTrue(r.rejected().get(1).contains("overflows node full"), r.toString());
    }
    /**
     * sc2's container hangs: its changes are rejected within the bound while sc1's apply, the registry
     * keeps sc2's old settings, and after 2 timed-out calls in a row sc2 is failed and not called again.
     */
    @Test
    void aHungRemoteNodesChangesAreRejectedWithinTheBoundUntilItIsFailed() {
        wire("hierarchical", "clamp", remote("sc1", node("sc1", false)), remote("sc2", hung("sc2")));
        for (int decision = 1; decision <= 3; decision++) {
            EffectReport r = effector.apply(decide(new Adjustment("app", null, Kind.PRIORITY, 30 + decision, null)), engine.applications());
            assertEquals(List.of("sc1: PRIORITY " + (30.0 + decision)), r.applied(), r.toString());
            assertEquals(List.of(decision < 3 ? "sc2: app PRIORITY: no acknowledgement within 500 ms" : "app PRIORITY: node sc2 not answering (treated as failed)"),
                    r.rejected());
            assertEquals(30 + decision, engine.plans.get("app").settingsOf("a").priority());
            assertEquals(null, engine.plans.get("app").settingsOf("b").priority());
        }
        assertTrue(calls.failed("sc2"));
        assertEquals(2, batches.get("sc2").size(), "not called once failed");
        assertTrue(effector.delays().maxMs() < 2000, "bounded by 500 ms per decision, far from the 60 s hang");
    }

    /** Flat: the first change to time out on a node rejects that node's other changes of the decision without a call. */
    @Test
    void flatMakesOneTimedOutCallPerNodeAndDecision() {
        wire("flat", "clamp", remote("sc1", node("sc1", false)), remote("sc2", hung("sc2")));
        EffectReport r = effector.apply(decide(new Adjustment("app", "b", Kind.PRIORITY, 20, null), new Adjustment("app", "b", Kind.PRIORITY_CLASS, 0, "high"),
                new Adjustment("app", "a", Kind.PRIORITY, 10, null)), engine.applications());
        assertEquals(List.of("sc1: PRIORITY 10.0"), r.applied());
        assertEquals(List.of("sc2: app/b PRIORITY: node sc2 not answering: apply app/b PRIORITY timed out after 500 ms",
                "app/b PRIORITY_CLASS: node sc2 did not answer an earlier change"), r.rejected());
        assertEquals(1, batches.get("sc2").size());
        assertFalse(calls.failed("sc2"), "1 timeout of 2");
    }
}
