package org.race.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.race.allocator.binpack.FirstFitAllocator;
import org.race.allocator.static_.StaticAllocator;
import org.race.api.Allocator;
import org.race.api.model.AllocationException;
import org.race.api.model.Application;
import org.race.api.model.Component;
import org.race.api.model.DeploymentException;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Importance;
import org.race.api.model.Node;
import org.race.api.model.NodeState;
import org.race.api.model.Placement;
import org.race.api.model.QosRegion;
import org.race.api.model.Range;
import org.race.api.model.Resources;

/**
 * Negotiation, shrinking and expansion with the real static and first-fit allocators, on numbers
 * worked out by hand (in the comments). Two nodes of cpu 1.0; cpu demand = execution time x rate.
 * The running set: lo1 (low: 30 ms on sc1 + 20 ms on sc2), lo2 (low: 40 ms on sc1) and med (medium:
 * 30 ms on sc1), all at 10 Hz, fill sc1 exactly: 0.3 + 0.4 + 0.3 = 1.0; sc2 holds lo1's 0.2.
 */
class NegotiatorTest {
    private static final double EPS = 1e-9;
    private static final List<Node> NODES = List.of(new Node("sc1", new Resources(1, 1024, 100)), new Node("sc2", new Resources(1, 1024, 100)));

    private final Map<String, DeploymentPlan> deployed = new LinkedHashMap<>();
    private final Map<String, Map<String, Double>> measured = new TreeMap<>();

    static Component comp(String name, double execMs, String node) {
        return new Component(name, name, new Resources(0, 16, 0), execMs, node);
    }

    static Application app(String name, Importance importance, double minMs, double maxMs, Component... cs) {
        return new Application(name, importance, null, maxMs, maxMs, null, List.of(cs), List.of(), new QosRegion(new Range(minMs, maxMs), null))
                .withPeriod(maxMs);
    }

    private void run(Application a, double periodMs) {
        Map<String, String> nodeOf = new TreeMap<>();
        a.components().forEach(c -> nodeOf.put(c.name(), c.node()));
        deployed.put(a.name(), new DeploymentPlan(a.withPeriod(periodMs), new Placement("static", nodeOf), Map.of()));
    }

    private void runningSet() {
        run(app("lo1", Importance.LOW, 100, 400, comp("a", 30, "sc1"), comp("b", 20, "sc2")), 100);
        run(app("lo2", Importance.LOW, 100, 400, comp("c", 40, "sc1")), 100);
        run(app("med", Importance.MEDIUM, 100, 200, comp("d", 30, "sc1")), 100);
    }

    private List<NodeState> nodes() {
        List<NodeState> out = new ArrayList<>();
        for (Node n : NODES) {
            Resources r = Resources.ZERO;
            for (DeploymentPlan p : deployed.values()) r = r.plus(p.demandOn(n.name()));
            double m = measured.getOrDefault(n.name(), Map.of()).values().stream().mapToDouble(Double::doubleValue).sum();
            out.add(new NodeState(n, r, new Resources(m, 0, 0), true));
        }
        return out;
    }

    private Negotiator negotiator() {
        return new Negotiator(nodes(), deployed, measured);
    }

    private static Negotiator.Placer placer(Allocator allocator) {
        return (a, states, shrunkTo) -> {
            try {
                return allocator.allocate(a, states);
            } catch (AllocationException e) {
                throw new DeploymentException("allocator", e.getMessage(), e);
            }
        };
    }

    private static final Negotiator.Placer STATIC = placer(new StaticAllocator());

    private static Map<String, Double> periods(List<Negotiator.Change> changes) {
        Map<String, Double> out = new LinkedHashMap<>();
        changes.forEach(c -> out.put(c.plan().name(), c.toMs()));
        return out;
    }

    @Test
    void grantsTheMaximumWhenItFits() throws Exception {
        runningSet();
        // 40 ms per job at 20 Hz is 0.8 of sc2, where 0.8 is free
        Negotiator.Grant g = negotiator().negotiate(app("new", Importance.LOW, 50, 1000, comp("n", 40, "sc2")), STATIC);
        assertEquals(50, g.periodMs(), EPS);
        assertEquals(List.of(), g.shrinks());
    }

    @Test
    void grantsTheHighestRateTheNodesCanTake() throws Exception {
        runningSet();
        // sc2 has 1.0 - 0.2 = 0.8 free: 100 ms per job x r <= 0.8 -> r = 8 Hz, period 125 ms (max 20 Hz needs 2.0)
        Negotiator.Grant pinned = negotiator().negotiate(app("new", Importance.LOW, 50, 1000, comp("n", 100, "sc2")), STATIC);
        assertEquals(125, pinned.periodMs(), EPS);
        assertEquals(List.of(), pinned.shrinks());
        // unpinned, first fit: sc1 is full, so sc2 at the same rate
        Negotiator.Grant free = negotiator().negotiate(app("new", Importance.LOW, 50, 1000, comp("n", 100, null)), placer(new FirstFitAllocator()));
        assertEquals(125, free.periodMs(), EPS);
        assertEquals("sc2", free.placement().nodeOf().get("n"));
    }

    @Test
    void measuredOveruseOfAFixedApplicationCountsAContractedOnesDoesNot() throws Exception {
        runningSet();
        Application fixed = new Application("fixed", Importance.HIGH, null, 100, 100, null,
                List.of(new Component("f", "f", new Resources(0.2, 0, 0), 20, "sc2")), List.of());
        deployed.put("fixed", new DeploymentPlan(fixed, new Placement("static", Map.of("f", "sc2")), Map.of()));
        // sc2 reserves lo1's 0.2 + fixed's 0.2; fixed was measured at 0.4, lo1 at 0.3 (noise above its contract):
        // counted 0.4 + lo1's reservation 0.2 = 0.6, so 0.4 is free: 100 ms x r <= 0.4 -> 4 Hz, 250 ms
        measured.put("sc2", Map.of("fixed", 0.4, "lo1", 0.3));
        Negotiator n = negotiator();
        assertEquals(250, n.negotiate(app("new", Importance.LOW, 50, 1000, comp("n", 100, "sc2")), STATIC).periodMs(), EPS);
        // lo1 at its minimum (400 ms): its reservation and counted use on sc2 are 0.05
        NodeState sc2 = n.states(Map.of("lo1", 400.0), java.util.Set.of()).get(1);
        assertEquals(0.25, sc2.reserved().cpu(), EPS);
        assertEquals(0.45, sc2.measured().cpu(), EPS);
    }

    @Test
    void shrinksTheLeastCriticalJustEnough() throws Exception {
        runningSet();
        // hi: 50 ms on sc1, at its minimum 4 Hz (250 ms) 0.2 cpu; sc1 is full.
        // lo1 first (low, then by name): at its minimum it frees 0.3 - 0.075 = 0.225 >= 0.2, so only lo1 shrinks,
        // as far as 0.3 x r/10 <= 1.0 - 0.2 - 0.4 - 0.3 = 0.1, i.e. 30 ms x r <= 0.1: r = 3.333 Hz, period 300 ms
        Negotiator.Grant g = negotiator().negotiate(app("hi", Importance.HIGH, 100, 250, comp("h", 50, "sc1")), STATIC);
        assertEquals(250, g.periodMs(), EPS, "admitted at its minimum");
        assertEquals(Map.of("lo1", 300.0), periods(g.shrinks()));
        assertEquals("lo1 (low) 10 -> 3.333 Hz (period 100 -> 300 ms, rate -66.7 %)", g.shrinks().get(0).describe());
    }

    @Test
    void shrinksInCriticalityOrderUntilTheNewcomerFits() throws Exception {
        runningSet();
        // hi: 60 ms on sc1, at its minimum 6.667 Hz (150 ms) 0.4. lo1 at its minimum frees 0.225: not enough.
        // lo2 next: sc1 = lo1 0.075 + med 0.3 + hi 0.4 = 0.775, so lo2 may keep 0.225: 40 ms x r <= 0.225,
        // r = 5.625 Hz, period 177.778 ms (rounded up). med (medium) is not touched.
        Negotiator.Grant g = negotiator().negotiate(app("hi", Importance.HIGH, 100, 150, comp("h", 60, "sc1")), STATIC);
        assertEquals(150, g.periodMs(), EPS);
        assertEquals(Map.of("lo1", 400.0, "lo2", 177.778), periods(g.shrinks()));
    }

    @Test
    void aShrinkThatDidNotHelpWhereTheNewcomerBindsIsGivenBack() throws Exception {
        // sc1: lo1's a 30 ms + lo2 70 ms = 1.0; sc2: lo1's b 20 ms + lo3 80 ms = 1.0, all at 10 Hz.
        // hi: 40 ms on sc1 and 40 ms on sc2, at its minimum 5 Hz 0.2 on each.
        run(app("lo1", Importance.LOW, 100, 400, comp("a", 30, "sc1"), comp("b", 20, "sc2")), 100);
        run(app("lo2", Importance.LOW, 100, 400, comp("c", 70, "sc1")), 100);
        run(app("lo3", Importance.LOW, 100, 400, comp("d", 80, "sc2")), 100);
        // lo1 at its minimum frees 0.225 on sc1 but 0.15 on sc2: short; lo2 frees only sc1: short; lo3 makes it fit.
        // Then back, from lo3: sc2 = lo1 0.05 + hi 0.2, lo3 may keep 0.75: 80 ms x r <= 0.75, 9.375 Hz = 106.667 ms.
        // lo2: sc1 = lo1 0.075 + hi 0.2, 0.725 >= its 0.7 at 10 Hz: no shrink at all.
        // lo1: on sc2 0.75 + 0.2 leave 0.05 = 20 ms x 2.5 Hz: stays at its minimum.
        Negotiator.Grant g = negotiator().negotiate(app("hi", Importance.HIGH, 100, 200, comp("h1", 40, "sc1"), comp("h2", 40, "sc2")), STATIC);
        assertEquals(Map.of("lo1", 400.0, "lo3", 106.667), periods(g.shrinks()));
        assertEquals(200, g.periodMs(), EPS);
    }

    @Test
    void onlyLessCriticalApplicationsShrink() throws Exception {
        runningSet();
        // a medium newcomer needing 0.5 at its minimum: lo1 and lo2 at their minima free 0.225 + 0.3 = 0.525; med stays
        Negotiator.Grant g = negotiator().negotiate(app("m2", Importance.MEDIUM, 100, 100, comp("m", 50, "sc1")), STATIC);
        assertTrue(!periods(g.shrinks()).containsKey("med"), "an equally critical application never shrinks");
        // med and a low newcomer: nothing less critical than low, so a full node means rejection
        DeploymentException low = assertThrows(DeploymentException.class,
                () -> negotiator().negotiate(app("l3", Importance.LOW, 100, 400, comp("l", 10, "sc1")), STATIC));
        assertTrue(low.getMessage().contains("no less critical application can shrink"), low.getMessage());
    }

    @Test
    void rejectsWithTheMissingFigureWhenEverythingBelowIsAtItsMinimum() {
        runningSet();
        // hi needs 0.9 (90 ms at 10 Hz, min = max); with lo1, lo2, med at their minima sc1 holds
        // 0.075 + 0.1 + 0.15 = 0.325, so 0.675 is free: 0.225 cpu is missing
        DeploymentException e = assertThrows(DeploymentException.class,
                () -> negotiator().negotiate(app("hi", Importance.HIGH, 100, 100, comp("h", 90, "sc1")), STATIC));
        assertEquals("admission: hi (high) does not fit even at its minimum rate 10 Hz (period 100 ms) with lo1, lo2, med (less critical) at their "
                + "minima: missing 0.225 cpu on sc1 (needs 0.9, 0.675 free); nothing changed", e.getMessage());
    }

    @Test
    void expandsMostCriticalFirst() {
        // sc1: med at 200 ms (0.15), lo1 at 400 ms (0.075), lo2 at 400 ms (0.1) and a fixed 0.5: 0.175 free.
        run(app("med", Importance.MEDIUM, 100, 200, comp("d", 30, "sc1")), 200);
        run(app("lo1", Importance.LOW, 100, 400, comp("a", 30, "sc1"), comp("b", 20, "sc2")), 400);
        run(app("lo2", Importance.LOW, 100, 400, comp("c", 40, "sc1")), 400);
        Application fixed = new Application("fixed", Importance.HIGH, null, 100, 100, null,
                List.of(new Component("f", "f", new Resources(0.5, 0, 0), 50, "sc1")), List.of());
        deployed.put("fixed", new DeploymentPlan(fixed, new Placement("static", Map.of("f", "sc1")), Map.of()));
        // med first: room 1.0 - 0.675 = 0.325 >= 0.3, back to 100 ms. Then lo1: room 1.0 - 0.9 = 0.1 -> 30 ms x r <= 0.1,
        // 3.333 Hz, 300 ms. Then lo2: room 1.0 - 0.9 = 0.1 -> 40 ms x r <= 0.1, 2.5 Hz = its 400 ms: unchanged.
        assertEquals(Map.of("med", 100.0, "lo1", 300.0), periods(negotiator().expand()));
        assertEquals(List.of("med", "lo1"), new ArrayList<>(periods(negotiator().expand()).keySet()), "most critical first");
    }

    @Test
    void periodsAreRoundedUpToAMicrosecondInsideTheRegion() {
        QosRegion r = new QosRegion(new Range(100, 400), null);
        assertEquals(177.778, r.periodAt(5.625), EPS);
        assertEquals(100, r.periodAt(10.0000000001), EPS, "no spurious microsecond from floating point");
        assertEquals(100, r.periodAt(50), EPS, "never above the maximum rate");
        assertEquals(400, r.periodAt(0.5), EPS, "never below the minimum");
    }
}
