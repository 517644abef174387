package org.race.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.race.allocator.binpack.FirstFitAllocator;
import org.race.api.Allocator;
import org.race.api.Configurator;
import org.race.api.RoleProperties;
import org.race.api.model.Application;
import org.race.api.model.Component;
import org.race.api.model.Connection;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;
import org.race.api.model.Importance;
import org.race.api.model.Node;
import org.race.api.model.Resources;
import org.race.configurator.middleware.MiddlewareConfigurator;
import org.race.configurator.muf.MufConfigurator;
import org.race.configurator.network.NetworkConfigurator;

/**
 * A large application must not freeze the engine (issue 17, item 1): 10,000 components pass the whole
 * cycle with the shipped configurator chain, and while a deployment is in progress (held in phase 1 by a
 * node that waits for a latch, the engine's lock held) every query answers: one that waited for the
 * writer would not before the latch opens. How fast they answer is measured by experiments/deploy.
 */
class LargeDeployTest {
    /** Head room for a loaded machine: the bound (1 s) is shown by experiments/deploy. */
    private static final long DEPLOY_BOUND_MS = 3000;

    private final BoundedNodeCalls calls = new BoundedNodeCalls();
    private final Map<String, RaceEngineTest.RecordingNodeManager> managers = new LinkedHashMap<>();
    private final ExecutorService deployer = Executors.newSingleThreadExecutor(), reader = Executors.newSingleThreadExecutor();
    private RaceEngine engine;

    @BeforeEach
    void setUp() throws Exception {
        engine = new RaceEngine();
        engine.calls = calls;
        engine.allocatorServices = List.of(RaceEngineTest.service(RoleProperties.NAME, "firstfit", (Allocator) new FirstFitAllocator()));
        // the chain race.engine ships with: muf, middleware, network
        engine.configuratorServices = List.of(
                RaceEngineTest.service(RoleProperties.NAME, "network", (Configurator) new NetworkConfigurator()),
                RaceEngineTest.service(RoleProperties.NAME, "middleware", (Configurator) new MiddlewareConfigurator()),
                RaceEngineTest.service(RoleProperties.NAME, "muf", (Configurator) new MufConfigurator()));
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String n = "n" + i;
            nodes.add(new Node(n, new Resources(1, 100_000, 1000)));
            RaceEngineTest.RecordingNodeManager m = new RaceEngineTest.RecordingNodeManager(n);
            managers.put(n, m);
            engine.bindNodeManager(m, Map.of(RoleProperties.NODE, n));
        }
        engine.activate(RaceEngineTest.config("", "firstfit", "muf,middleware,network"));
        engine.loadDomain(new Domain("bench", nodes, 1));
    }

    @AfterEach
    void tearDown() {
        managers.values().forEach(m -> {
            if (m.blockReserve != null) m.blockReserve.countDown();
        });
        deployer.shutdownNow();
        reader.shutdownNow();
        engine.deactivate();
    }

    @Test
    void tenThousandComponentsDeployWithTheShippedConfiguratorsWithinTheBound() throws Exception {
        Application app = chains("big", 10_000);
        long t0 = System.nanoTime();
        DeploymentPlan plan = engine.deploy(app, null);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(10_000, plan.settings().size());
        assertEquals("low", plan.settingsOf("c9999").priorityClass(), "configured by muf");
        assertTrue(ms < DEPLOY_BOUND_MS, "10,000 components took " + ms + " ms");
        assertEquals(List.of("big"), engine.applications().stream().map(DeploymentPlan::name).toList());
    }

    @Test
    void queriesAnswerWhileALargeDeployIsInProgress() throws Exception {
        engine.deploy(chains("first", 2_000), null);
        CountDownLatch hold = new CountDownLatch(1);
        managers.values().forEach(m -> m.blockReserve = hold);
        int reservedBefore = managers.values().stream().mapToInt(m -> m.reserved.size()).sum();
        Future<DeploymentPlan> second = deployer.submit(() -> engine.deploy(chains("second", 5_000), null));
        // the deployment is in progress (holding the engine's lock) once a node has its phase 1 request
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (managers.values().stream().mapToInt(m -> m.reserved.size()).sum() == reservedBefore) {
            assertTrue(System.nanoTime() < until, "the second deployment never reached phase 1");
            Thread.sleep(5);
        }
        assertTrue(!second.isDone());
        assertAnswersWhileHeld("race:nodes", () -> engine.nodes());
        assertAnswersWhileHeld("race:apps", () -> engine.applications());
        assertAnswersWhileHeld("an application", () -> engine.application("first"));
        assertAnswersWhileHeld("race:events", () -> engine.events());
        assertAnswersWhileHeld("the domain", () -> engine.domain());
        assertTrue(!second.isDone(), "the deployment was held all along");
        assertEquals(List.of("first"), engine.applications().stream().map(DeploymentPlan::name).toList(), "the one in progress is not shown yet");
        hold.countDown();
        assertEquals("second", second.get(30, TimeUnit.SECONDS).name());
    }

    /** The one pass over components and connections books what asking node by node books, connections at both ends. */
    @Test
    void demandByNodeIsDemandOnForEveryNode() throws Exception {
        DeploymentPlan plan = engine.deploy(chains("spread", 3_000, 0.003), null); // 333 a node: chains cross
        Map<String, Resources> byNode = plan.demandByNode();
        for (String n : managers.keySet()) {
            Resources one = plan.demandOn(n), all = byNode.getOrDefault(n, Resources.ZERO);
            assertEquals(one.cpu(), all.cpu(), 1e-9, n);
            assertEquals(one.memory(), all.memory(), 1e-9, n);
            assertEquals(one.bandwidth(), all.bandwidth(), 1e-9, n);
        }
        assertTrue(byNode.values().stream().anyMatch(r -> r.bandwidth() > 0), "some chains cross nodes");
    }

    /** The held deployment keeps the engine's lock until the test opens the latch: a query that needs it never answers. */
    private void assertAnswersWhileHeld(String what, Supplier<?> query) throws Exception {
        Future<?> answer = reader.submit(query::get);
        try {
            answer.get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(what + " waits for the deployment in progress");
        }
    }

    /** {@code n} components in chains of 10, 0.002 cpu each. */
    static Application chains(String name, int n) {
        return chains(name, n, 0.002);
    }

    static Application chains(String name, int n, double cpu) {
        List<Component> cs = new ArrayList<>();
        List<Connection> ks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            cs.add(new Component("c" + i, null, new Resources(cpu, 1, 0), 2, null));
            if ((i + 1) % 10 != 0 && i + 1 < n) ks.add(new Connection("c" + i, "c" + (i + 1), 0.01));
        }
        return new Application(name, Importance.MEDIUM, "nominal", 1000, 1000, null, cs, ks);
    }
}
