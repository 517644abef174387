package org.race.platform.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.race.platform.jvm.JvmWorldTest.node;
import static org.race.platform.jvm.JvmWorldTest.plan;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.race.api.component.ComponentType;
import org.race.api.model.Component;
import org.race.api.model.Connection;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;
import org.race.api.model.Node;
import org.race.api.model.Resources;
import org.race.api.monitoring.NodeSample;
import org.race.node.platform.DeliveryCodec;

/**
 * Typed components of one application in two containers: two worlds on real threads, each hosting one
 * node, reaching the other through frames of {@link DeliveryCodec} decoded on a thread of their own, as
 * the node links do. Payloads cross both ways intact and in iteration order; one over its connection's
 * limit fails the emitting job with the application, connection, size and limit in the error.
 */
class CrossContainerPayloadsTest {
    private static final Node[] NODES = { node("sc1", 1.0, 100), node("sc2", 1.0, 100) };

    private final InstalledTypes types = new InstalledTypes();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final ExecutorService wire = Executors.newSingleThreadExecutor();
    private final List<Integer> frameSizes = new CopyOnWriteArrayList<>();
    private JvmWorld sc1, sc2;

    @AfterEach
    void close() {
        if (sc1 != null) sc1.close();
        if (sc2 != null) sc2.close();
        wire.shutdownNow();
        assertEquals(List.of(), JvmWorldTest.raceThreads(), "every worker and timer thread is joined");
    }

    private JvmWorld world() {
        JvmWorld w = new JvmWorld(1.0, JvmWorldTest.PRIORITIES, types, (worker, n, last) -> failures.add(worker.component + " " + n + " " + last.getMessage()));
        w.setDomain(new Domain("test", List.of(NODES), 0));
        return w;
    }

    private void connect() {
        sc1 = world();
        sc2 = world();
        Map<String, JvmWorld> byNode = Map.of("sc1", sc1, "sc2", sc2);
        for (String n : byNode.keySet()) {
            byNode.get(n).connect(n::equals, (to, d) -> {
                byte[] frame = DeliveryCodec.encode(List.of(d));
                frameSizes.add(frame.length);
                wire.execute(() -> byNode.get(to).deliver(to, DeliveryCodec.decode(frame)));
            });
        }
    }

    /** A payload of {@code size} bytes carrying its iteration, then bytes that follow from it (as the echo example's). */
    static byte[] make(long iteration, int size) {
        byte[] p = new byte[size];
        ByteBuffer.wrap(p).putLong(iteration);
        for (int i = Long.BYTES; i < size; i++) p[i] = (byte) (iteration * 31 + i);
        return p;
    }

    /** The 1 KB payload of {@code iteration}, unchanged. */
    static boolean intact(byte[] p, long iteration) {
        return p != null && java.util.Arrays.equals(p, make(iteration, 1024));
    }

    private static Component typed(String name, String type, String node) {
        return new Component(name, type, new Resources(0.01, 1, 0), 1, node, Map.of());
    }

    private static void deploy(DeploymentPlan p, JvmWorld... worlds) {
        for (int i = worlds.length - 1; i >= 0; i--) worlds[i].deploy(i == 0 ? "sc1" : "sc2", p);
    }

    private static void await(IntSupplier size, int n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (size.getAsInt() < n && System.currentTimeMillis() < deadline) Thread.sleep(10);
    }

    /** src (sc1) -> mid (sc2) -> sink (sc1): the payload crosses to sc2 and back; what the sink gets is src's bytes, of its iteration, in order. */
    @Test
    void payloadsCrossContainersIntactAndInIterationOrder() throws Exception {
        List<String> atMid = new CopyOnWriteArrayList<>();
        List<Long> order = new CopyOnWriteArrayList<>();
        List<String> bad = new CopyOnWriteArrayList<>();
        types.add("src", 1L, (ComponentType) ctx -> job -> job.emitAll(make(job.iteration(), 1024)));
        types.add("fwd", 2L, (ComponentType) ctx -> job -> {
            atMid.add(Thread.currentThread().getName());
            job.emitAll(job.inputs().get("src"));
        });
        types.add("check", 3L, (ComponentType) ctx -> job -> {
            if (!intact(job.inputs().get("mid"), job.iteration())) bad.add("iteration " + job.iteration() + ": " + job.inputs());
            order.add(job.iteration());
        });
        connect();
        // a deadline of 5 s: an iteration whose deadline (and 200 ms of grace) passed before it completed is given up, a gap that a
        // loaded machine's slow start could make; what is tested here is what arrives
        deploy(plan("echoes", 10, 5000, null, List.of(typed("src", "src", "sc1"), typed("mid", "fwd", "sc2"), typed("sink", "check", "sc1")),
                List.of(new Connection("src", "mid", 0), new Connection("mid", "sink", 0)), null), sc1, sc2);
        sc1.sample("sc1");
        sc2.sample("sc2");
        await(order::size, 50);
        NodeSample s1 = sc1.sample("sc1"), s2 = sc2.sample("sc2");

        assertTrue(order.size() >= 50, "50 iterations within 10 s, got " + order.size());
        for (int i = 0; i < order.size(); i++) assertEquals(i, order.get(i), "iterations 0, 1, 2, ... in order at the sink, none lost: " + order);
        assertEquals(List.of(), bad, "every payload intact and of its iteration");
        assertTrue(atMid.stream().allMatch("race-sc2-echoes-mid"::equals), "mid ran in sc2's world: " + atMid);
        assertEquals(0, JvmWorldTest.comp(s1, "src").failures() + JvmWorldTest.comp(s2, "mid").failures() + JvmWorldTest.comp(s1, "sink").failures());
        assertEquals(List.of(), failures);
        assertTrue(JvmWorldTest.qos(s1, "echoes").completed() >= 40, s1.toString());
        assertTrue(frameSizes.stream().allMatch(f -> f < 1024 + 64), "a frame of one 1 KB output: " + frameSizes.stream().distinct().toList());
    }

    /** src emits 1 KB over a connection limited to 512 bytes: each job fails, the error says application, connection, size and limit; mid runs without it. */
    @Test
    void aPayloadOverItsConnectionsLimitFailsTheEmittingJob() throws Exception {
        List<Integer> midInputs = new CopyOnWriteArrayList<>();
        types.add("src", 1L, (ComponentType) ctx -> job -> {
            try {
                job.emitAll(make(job.iteration(), 1024));
            } catch (IllegalArgumentException swallowed) {
                // the refusal still fails the job
            }
        });
        types.add("count", 2L, (ComponentType) ctx -> job -> midInputs.add(job.inputs().size()));
        connect();
        deploy(plan("big", 10, 500, null, List.of(typed("src", "src", "sc1"), typed("mid", "count", "sc2")),
                List.of(new Connection("src", "mid", 0, 512)), null), sc1, sc2);
        sc1.sample("sc1");
        await(midInputs::size, 20);
        NodeSample s1 = sc1.sample("sc1");

        assertTrue(midInputs.size() >= 20 && midInputs.stream().allMatch(n -> n == 0), "mid still runs, without the refused payload: " + midInputs);
        var src = JvmWorldTest.comp(s1, "src");
        assertTrue(src.jobs() >= 20 && src.failures() == src.jobs(), "every job of src failed: " + src);
        assertTrue(!failures.isEmpty() && failures.get(0).startsWith(
                "src 1 payload of 1024 bytes refused: connection src -> mid of big carries at most 512 bytes (maxPayloadBytes)"), failures.toString());
    }

    /**
     * Without a limit in the descriptor the platform's default applies (race.jvm maxPayloadBytes, here 1 KB): src sends 2 KB to a
     * (allowed 4 KB) every job and to b (the default) every other job, which fails those jobs; a failed job emits nothing.
     */
    @Test
    void theDefaultLimitAppliesWhereTheDescriptorGivesNone() throws Exception {
        List<Long> atA = new CopyOnWriteArrayList<>();
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        types.add("src", 1L, (ComponentType) ctx -> job -> {
            job.emit("a", new byte[2048]);
            if (job.iteration() % 2 == 1) job.emit("b", new byte[2048]);
        });
        types.add("count", 2L, (ComponentType) ctx -> job -> {
            if (ctx.component().equals("a")) atA.add(job.iteration());
            job.inputs().values().forEach(p -> sizes.add(p.length));
        });
        connect();
        sc1.usePayloadLimit(1024);
        deploy(plan("dflt", 10, 500, null, List.of(typed("src", "src", "sc1"), typed("a", "count", "sc2"), typed("b", "count", "sc2")),
                List.of(new Connection("src", "a", 0, 4096), new Connection("src", "b", 0)), null), sc1, sc2);
        sc1.sample("sc1");
        await(atA::size, 20);
        NodeSample s1 = sc1.sample("sc1");
        var src = JvmWorldTest.comp(s1, "src");
        assertEquals(src.jobs() / 2.0, src.failures(), 1.0, "every other job fails: " + src);
        assertTrue(failures.get(0).startsWith("src 1 payload of 2048 bytes refused: connection src -> b of dflt carries at most 1024 bytes"), failures.toString());
        assertTrue(!sizes.isEmpty() && sizes.stream().allMatch(n -> n == 2048), "only a got payloads, of 2 KB: " + sizes);
        assertTrue(sizes.size() <= atA.size() / 2 + 1, "a got src's payload of the even iterations only: " + sizes.size() + " of " + atA.size());
    }
}
