package org.race.platform.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.race.platform.jvm.JvmWorldTest.comp;
import static org.race.platform.jvm.JvmWorldTest.deploy;
import static org.race.platform.jvm.JvmWorldTest.node;
import static org.race.platform.jvm.JvmWorldTest.plan;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.race.api.component.ComponentContext;
import org.race.api.component.ComponentInstance;
import org.race.api.component.ComponentType;
import org.race.api.model.Component;
import org.race.api.model.Connection;
import org.race.api.model.Domain;
import org.race.api.model.Resources;
import org.race.api.monitoring.ComponentSample;
import org.race.api.monitoring.NodeSample;

/**
 * Typed components on the jvm platform: the user's code runs once per iteration on its worker with the
 * payloads its predecessors emitted to it in that iteration; failures and overruns are counted and the
 * application goes on. Real threads and clock; each test runs for about a second.
 */
class ComponentRuntimeTest {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private final InstalledTypes types = new InstalledTypes();
    private final List<String> failureReports = new CopyOnWriteArrayList<>();
    private JvmWorld world;
    private long serviceIds;

    @AfterEach
    void close() {
        if (world != null) world.close();
        assertEquals(List.of(), JvmWorldTest.raceThreads(), "every worker and timer thread is joined");
    }

    private JvmWorld world() {
        world = new JvmWorld(1.0, JvmWorldTest.PRIORITIES, types, (w, n, last) -> failureReports.add(w.component + " " + n + " " + last.getMessage()));
        world.setDomain(new Domain("test", List.of(node("n1", 1.0, 100)), 1));
        return world;
    }

    /** A type whose instances run {@code code} made from their context. */
    private void install(String name, Function<ComponentContext, ComponentInstance> code) {
        types.add(name, ++serviceIds, (ComponentType) code::apply);
    }

    private static Component typed(String name, String type, double execMs, Map<String, String> properties) {
        return new Component(name, type, new Resources(0.01, 1, 0), execMs, "n1", properties);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void spin(long cpuNanos) {
        long end = MX.getCurrentThreadCpuTime() + cpuNanos;
        while (MX.getCurrentThreadCpuTime() < end) Thread.onSpinWait();
    }

    private static ComponentSample sample(NodeSample s, String component) {
        return JvmWorldTest.comp(s, component);
    }

    /** Waits (at most 10 s: the machine may be loaded) until {@code component} has run {@code jobs} jobs. */
    private static void awaitRuns(Map<String, List<String>> runs, String component, int jobs) throws InterruptedException {
        awaitSize(() -> runs.getOrDefault(component, List.of()).size(), jobs);
    }

    /** Waits (at most 10 s) until {@code size} reaches {@code n}: job counts, not sleeps, so that a loaded machine only makes it slower. */
    private static void awaitSize(java.util.function.IntSupplier size, int n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (size.getAsInt() < n && System.currentTimeMillis() < deadline) Thread.sleep(10);
    }

    /**
     * A diamond a -> b, a -> c, b -> d, c -> d: a sends each successor its own payload, b and c append
     * their name, and d gets both of the same iteration, by predecessor, in iteration order.
     */
    @Test
    void payloadsGoByConnectionAndArriveWithTheirIterationInOrder() throws Exception {
        Map<Long, Map<String, String>> atSink = new ConcurrentHashMap<>();
        List<Long> order = new CopyOnWriteArrayList<>();
        List<String> contexts = new CopyOnWriteArrayList<>();
        install("split", ctx -> job -> {
            for (String s : ctx.successors()) job.emit(s, bytes(s + ":" + job.iteration()));
        });
        install("tag", ctx -> {
            contexts.add(ctx.component() + " " + ctx.predecessors() + "->" + ctx.successors() + " " + ctx.properties());
            return job -> job.emitAll(bytes(text(job.inputs().get("a")) + "/" + ctx.properties().get("tag")));
        });
        install("sink", ctx -> job -> {
            Map<String, String> got = new TreeMap<>();
            job.inputs().forEach((from, p) -> got.put(from, text(p)));
            atSink.put(job.iteration(), got);
            order.add(job.iteration());
        });
        world();
        deploy(world, plan("diamond", 10, 100, null,
                List.of(typed("a", "split", 1, Map.of()), typed("b", "tag", 1, Map.of("tag", "B")), typed("c", "tag", 1, Map.of("tag", "C")),
                        typed("d", "sink", 1, Map.of())),
                List.of(new Connection("a", "b", 0), new Connection("a", "c", 0), new Connection("b", "d", 0), new Connection("c", "d", 0)), null));
        awaitSize(order::size, 30);
        world.undeploy("n1", "diamond");

        assertTrue(contexts.contains("b [a]->[d] {tag=B}") && contexts.contains("c [a]->[d] {tag=C}"), contexts.toString());
        assertTrue(order.size() >= 30, "30 iterations within 10 s, got " + order.size());
        for (int i = 0; i < order.size(); i++) assertEquals(i, order.get(i), "iterations 0, 1, 2, ... in order: " + order);
        for (Map.Entry<Long, Map<String, String>> e : atSink.entrySet()) {
            long it = e.getKey();
            assertEquals(Map.of("b", "b:" + it + "/B", "c", "c:" + it + "/C"), e.getValue(), "iteration " + it);
        }
    }

    /**
     * With a Flight Recorder recording that enables org.race.Job, every job of a chain is an event carrying its
     * application, component, node and iteration, and times in the order they happen: the job's release, queued,
     * started, ended; a successor's job is released as its predecessor's ended.
     */
    @Test
    void everyJobIsAFlightRecorderEventWithItsTimesInOrder() throws Exception {
        List<Long> atSink = new CopyOnWriteArrayList<>();
        install("pass", ctx -> job -> job.emitAll(bytes("p")));
        install("last", ctx -> job -> atSink.add(job.iteration()));
        Class.forName(JobEvents.class.getName()); // the event type registers as the class initialises
        java.nio.file.Path file = java.nio.file.Files.createTempFile("race-jobs", ".jfr");
        try (jdk.jfr.Recording r = new jdk.jfr.Recording()) {
            r.enable(JobEvents.NAME);
            r.start();
            world();
            deploy(world, plan("chain", 10, 100, null, List.of(typed("a", "pass", 1, Map.of()), typed("b", "pass", 1, Map.of()), typed("c", "last", 1, Map.of())),
                    List.of(new Connection("a", "b", 0), new Connection("b", "c", 0)), null));
            awaitSize(atSink::size, 20);
            world.undeploy("n1", "chain");
            r.stop();
            r.dump(file);
        }
        Map<Long, Map<String, long[]>> jobs = new TreeMap<>();
        try {
            for (jdk.jfr.consumer.RecordedEvent e : jdk.jfr.consumer.RecordingFile.readAllEvents(file)) {
                if (!e.getEventType().getName().equals(JobEvents.NAME)) continue;
                assertEquals("chain n1", e.getString("application") + " " + e.getString("node"));
                long[] times = { e.getLong("released"), e.getLong("queued"), e.getLong("started"), e.getLong("ended") };
                assertEquals(null, jobs.computeIfAbsent(e.getLong("iteration"), i -> new TreeMap<>()).put(e.getString("component"), times), "one event a job");
            }
        } finally {
            java.nio.file.Files.delete(file);
        }
        assertTrue(jobs.size() >= 20, "an event per job of at least 20 iterations, got " + jobs.size());
        for (long i : atSink) {
            Map<String, long[]> it = jobs.get(i);
            assertEquals(List.of("a", "b", "c"), List.copyOf(it.keySet()), "iteration " + i);
            long previous = it.get("a")[0];
            for (String c : List.of("a", "b", "c")) {
                long[] t = it.get(c);
                // a successor's job is released when its input arrives: in one container, as its predecessor's code ended
                assertEquals(previous, t[0], "iteration " + i + ", " + c + ": released");
                for (int k = 1; k < 4; k++) {
                    assertTrue(t[k] >= previous, "iteration " + i + ", " + c + ": times in order " + java.util.Arrays.toString(t));
                    previous = t[k];
                }
            }
        }
    }

    /** A job that throws is a failed job: counted, reported (at most once a second), its successor still runs; later jobs run. */
    @Test
    void aThrowingJobIsCountedAndTheApplicationGoesOn() throws Exception {
        List<Integer> sinkInputs = new CopyOnWriteArrayList<>();
        List<String> deactivated = new CopyOnWriteArrayList<>();
        install("src", ctx -> job -> job.emitAll(bytes("x")));
        install("odd-fails", ctx -> new ComponentInstance() {
            @Override
            public void job(org.race.api.component.Job job) {
                if (job.iteration() % 2 == 1) throw new IllegalStateException("odd iteration " + job.iteration());
                job.emitAll(job.inputs().get("s"));
            }

            @Override
            public void deactivate() {
                deactivated.add(Thread.currentThread().getName());
            }
        });
        install("count", ctx -> job -> sinkInputs.add(job.inputs().size()));
        world();
        deploy(world, plan("faulty", 10, 100, null, List.of(typed("s", "src", 1, Map.of()), typed("f", "odd-fails", 1, Map.of()),
                typed("k", "count", 1, Map.of())), List.of(new Connection("s", "f", 0), new Connection("f", "k", 0)), null));
        world.sample("n1");
        long start = System.nanoTime();
        awaitSize(sinkInputs::size, 30);
        NodeSample s = world.sample("n1");
        double seconds = (System.nanoTime() - start) / 1e9;
        ComponentSample f = sample(s, "f");
        assertTrue(f.jobs() >= 20, f.toString());
        assertEquals(f.jobs() / 2.0, f.failures(), 1.0, "every other job fails: " + f);
        assertEquals(0, sample(s, "k").failures());
        assertTrue(JvmWorldTest.qos(s, "faulty").completed() >= f.jobs() - 2, "iterations still complete: " + s);
        assertTrue(sinkInputs.contains(0) && sinkInputs.contains(1), "the sink ran with and without f's payload: " + sinkInputs);
        assertTrue(failureReports.size() >= 1 && failureReports.size() <= 1 + seconds, "at most one report a second in " + seconds + " s: " + failureReports);
        assertTrue(failureReports.get(0).startsWith("f 1 odd iteration"), failureReports.toString());
        world.undeploy("n1", "faulty");
        assertEquals(List.of("race-n1-faulty-f"), deactivated, "deactivated once, on its own worker");
    }

    /** A job using more CPU than its declared executionTime is an overrun; one within it is not. */
    @Test
    void jobsBeyondTheirDeclaredExecutionTimeAreOverruns() throws Exception {
        Map<String, java.util.concurrent.atomic.AtomicInteger> done = new ConcurrentHashMap<>();
        install("burn", ctx -> {
            long nanos = Long.parseLong(ctx.properties().get("cpuMicros")) * 1000;
            java.util.concurrent.atomic.AtomicInteger n = done.computeIfAbsent(ctx.component(), k -> new java.util.concurrent.atomic.AtomicInteger());
            return job -> {
                spin(nanos);
                n.incrementAndGet();
            };
        });
        world();
        deploy(world, plan("burners", 20, 100, null, List.of(typed("over", "burn", 1, Map.of("cpuMicros", "4000")),
                typed("within", "burn", 20, Map.of("cpuMicros", "1000"))), List.of(), null));
        world.sample("n1");
        awaitSize(() -> Math.min(done.get("over").get(), done.get("within").get()), 10);
        NodeSample s = world.sample("n1");
        ComponentSample over = sample(s, "over"), within = sample(s, "within");
        assertTrue(over.jobs() >= 9 && within.jobs() >= 9, s.toString());
        assertEquals(over.jobs(), over.overruns(), "4 ms of CPU against 1 ms declared, every job: " + over);
        assertTrue(over.maxJobCpuMs() >= 4 && over.maxJobCpuMs() < 20, over.toString());
        assertEquals(0, within.overruns(), within.toString());
        assertEquals(0, over.failures());
    }

    /** A type that is not installed, or an activate that throws, refuses the deployment; instances already made are deactivated. */
    @Test
    void aMissingTypeOrAFailingActivateRefusesTheDeploymentWholly() throws Exception {
        List<String> deactivated = new CopyOnWriteArrayList<>();
        List<Long> goodJobs = new CopyOnWriteArrayList<>();
        install("good", ctx -> new ComponentInstance() {
            @Override
            public void job(org.race.api.component.Job job) {
                goodJobs.add(job.iteration());
            }

            @Override
            public void deactivate() {
                deactivated.add(ctx.component());
            }
        });
        install("picky", ctx -> {
            throw new IllegalArgumentException("property size must be a number, got '" + ctx.properties().get("size") + "'");
        });
        world();
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> world.deploy("n1",
                plan("m", 10, 10, null, List.of(typed("g", "good", 1, Map.of()), typed("x", "nope", 1, Map.of())), List.of(), null)));
        assertEquals("component 'x' of m on n1: type 'nope' is not installed here (installed: good, picky)", missing.getMessage());
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> world.deploy("n1",
                plan("r", 10, 10, null, List.of(typed("g", "good", 1, Map.of()), typed("p", "picky", 1, Map.of("size", "big"))), List.of(), null)));
        assertTrue(refused.getMessage().contains("type 'picky' refused to activate: property size must be a number, got 'big'"), refused.getMessage());
        assertEquals(List.of("g", "g"), deactivated, "the good instance made before each refusal is deactivated");
        assertEquals(List.of(), world.applications("n1"));
        // a model component beside typed ones still burns its execution time
        deploy(world, plan("mixed", 20, 100, null, List.of(typed("g", "good", 1, Map.of()), comp("m", 5, "n1")), List.of(new Connection("g", "m", 0)), null));
        world.sample("n1");
        awaitSize(goodJobs::size, 6);
        Thread.sleep(50);
        ComponentSample m = sample(world.sample("n1"), "m");
        assertTrue(m.jobs() >= 1 && m.maxJobCpuMs() >= 4.5, "5 ms of CPU per job burnt: " + m);
    }

    /**
     * A new version of a type (what a bundle update registers) replaces the running instances between
     * two jobs: every iteration runs exactly once, the old version's up to some iteration, the new one's
     * from the next; each component's old instance is deactivated once, the new one activated once.
     */
    @Test
    void aNewVersionOfATypeTakesOverAtAnIterationBoundary() throws Exception {
        Map<String, List<String>> runs = new ConcurrentHashMap<>();
        List<String> lifecycle = new CopyOnWriteArrayList<>();
        Function<String, Function<ComponentContext, ComponentInstance>> version = v -> ctx -> {
            lifecycle.add("activate " + v + " " + ctx.component());
            return new ComponentInstance() {
                @Override
                public void job(org.race.api.component.Job job) {
                    runs.computeIfAbsent(ctx.component(), k -> new CopyOnWriteArrayList<>()).add(job.iteration() + " " + v);
                    job.emitAll(bytes(v));
                }

                @Override
                public void deactivate() {
                    lifecycle.add("deactivate " + v + " " + ctx.component());
                }
            };
        };
        install("relay", version.apply("v1"));
        world();
        deploy(world, plan("relayed", 10, 100, null, List.of(typed("a", "relay", 1, Map.of()), typed("b", "relay", 1, Map.of())),
                List.of(new Connection("a", "b", 0)), null));
        awaitRuns(runs, "b", 15);
        // the bundle update: the old service leaves, the new one comes
        types.remove("relay", 1);
        world.typeChanged("relay");
        Thread.sleep(50);
        types.add("relay", 2, (ComponentType) version.apply("v2")::apply);
        world.typeChanged("relay");
        awaitRuns(runs, "b", runs.get("a").size() + 15);
        world.undeploy("n1", "relayed");

        for (String c : List.of("a", "b")) {
            List<String> r = runs.get(c);
            int switched = -1;
            for (int i = 0; i < r.size(); i++) {
                String[] it = r.get(i).split(" ");
                assertEquals(i, Long.parseLong(it[0]), c + ": every iteration once, in order: " + r);
                if (it[1].equals("v2") && switched < 0) switched = i;
                if (switched >= 0) assertEquals("v2", it[1], c + ": never back to v1: " + r);
            }
            assertTrue(switched >= 10 && switched < r.size() - 10, c + " switched mid-run: " + r);
            assertEquals(1, lifecycle.stream().filter(("activate v2 " + c)::equals).count(), lifecycle.toString());
            assertTrue(lifecycle.indexOf("activate v2 " + c) < lifecycle.indexOf("deactivate v1 " + c), "the new one first: " + lifecycle);
            assertEquals(1, lifecycle.stream().filter(("deactivate v2 " + c)::equals).count(), "once, at undeploy: " + lifecycle);
        }
    }
}
