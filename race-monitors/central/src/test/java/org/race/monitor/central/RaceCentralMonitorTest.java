package org.race.monitor.central;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.race.api.LegacyComponent;
import org.race.api.NodeMonitor;
import org.race.api.QosMonitor;
import org.race.api.ResourceMonitor;
import org.race.api.RoleProperties;
import org.race.core.BoundedNodeCalls;
import org.race.api.monitoring.ApplicationQos;
import org.race.api.monitoring.ComponentSample;
import org.race.api.monitoring.NodeSample;
import org.race.api.monitoring.QosSample;
import org.race.api.monitoring.SystemSnapshot;

class RaceCentralMonitorTest {
    private final RaceCentralMonitor monitor = new RaceCentralMonitor();
    private final List<String> asked = new ArrayList<>();
    private BoundedNodeCalls calls;

    static RaceCentralMonitor.Config config(String mode, boolean qos) {
        return new RaceCentralMonitor.Config() {
            public Class<? extends Annotation> annotationType() {
                return RaceCentralMonitor.Config.class;
            }

            public String mode() {
                return mode;
            }

            public boolean qos() {
                return qos;
            }

            public int threads() {
                return 4;
            }
        };
    }

    static <T> Map.Entry<Map<String, Object>, T> on(String node, T service) {
        return Map.entry(Map.of(RoleProperties.NODE, node), service);
    }

    /** As imported from a node container through Remote Services. */
    static <T> Map.Entry<Map<String, Object>, T> remote(String node, T service) {
        return Map.entry(Map.of(RoleProperties.NODE, node, "service.imported", "true"), service);
    }

    /** Like a call to a node container stopped with SIGSTOP: no answer until the caller gives up (interrupts). */
    static void hang() {
        try {
            Thread.sleep(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    NodeMonitor nodeMonitor(String node, double cpu, long sleepMs, ApplicationQos... qos) {
        return new NodeMonitor() {
            public String nodeName() {
                return node;
            }

            public NodeSample sample() {
                synchronized (asked) {
                    asked.add("node:" + node);
                }
                if (sleepMs > 0) {
                    try {
                        Thread.sleep(sleepMs);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return new NodeSample(node, 5000, 1000, Map.of("cpu", cpu), List.of(), List.of(qos));
            }
        };
    }

    ResourceMonitor resource(String node, String resource, double value) {
        return new ResourceMonitor() {
            public String resource() {
                return resource;
            }

            public double utilization() {
                asked.add(resource + ":" + node);
                if (value < 0) hang();
                return value;
            }
        };
    }

    QosMonitor qos(String node, ApplicationQos... apps) {
        return () -> {
            asked.add("qos:" + node);
            if (node.startsWith("hung")) hang();
            return new QosSample(List.of(apps), List.of());
        };
    }

    LegacyComponent legacy(String node, String name, double cpu) {
        return new LegacyComponent() {
            public String name() {
                return name;
            }

            public double reservedCpu() {
                return 0;
            }

            public ComponentSample sample() {
                asked.add("legacy:" + node);
                return new ComponentSample(APPLICATION, name, cpu, 0, 0, 0, 20);
            }
        };
    }

    private long asked(String what) {
        synchronized (asked) {
            return asked.stream().filter(what::equals).count();
        }
    }

    @BeforeEach
    void start() {
        bound(1000, 3);
    }

    @AfterEach
    void stop() {
        monitor.deactivate();
    }

    /** The monitor with calls bounded by {@code timeoutMs}, {@code attempts} timeouts in a row failing a remote node. */
    private void bound(long timeoutMs, int attempts) {
        calls = new BoundedNodeCalls(timeoutMs, attempts);
        monitor.calls = calls;
    }

    private void wire() {
        monitor.nodeMonitors = List.of(on("a", nodeMonitor("a", 0.5, 0, new ApplicationQos("app", 3, 1, 4, 10, 20))),
                on("b", nodeMonitor("b", 0.25, 0, new ApplicationQos("app", 1, 1, 2, 40, 50))));
        monitor.resourceMonitors = List.of(on("a", resource("a", "cpu", 0.5)), on("a", resource("a", "memory", 0.1)),
                on("b", resource("b", "cpu", 0.25)));
        monitor.qosMonitors = List.of(on("a", qos("a", new ApplicationQos("app", 3, 1, 4, 10, 20))),
                on("b", qos("b", new ApplicationQos("app", 1, 1, 2, 40, 50))));
    }

    @Test
    void hierarchicalAsksEveryNodeMonitorAndMergesApplicationQos() {
        monitor.configure(config("hierarchical", true));
        wire();
        SystemSnapshot s = monitor.collect();
        assertEquals(List.of("a", "b"), s.nodes().stream().map(NodeSample::node).toList());
        assertEquals(List.of("node:a", "node:b"), asked.stream().sorted().toList());
        // 4 + 2 iterations, (4 x 10 + 2 x 40) / 6 = 20 ms mean
        assertEquals(new ApplicationQos("app", 4, 2, 6, 20, 50), s.applications().get("app"));
        assertEquals(s, monitor.latest().orElseThrow());
        assertEquals(1, monitor.delays().samples());
    }

    /**
     * Hierarchical monitoring asks the node monitors of node containers in parallel: each of four answers only
     * once all four have been asked (a latch), which one call after another would never reach within the bound.
     * (In-process node monitors are shared out between the collecting thread and the other processors' threads:
     * FanOutTest.)
     */
    @Test
    void hierarchicalCallsToTheNodesOverlap() {
        monitor.configure(config("hierarchical", true));
        java.util.concurrent.CountDownLatch allAsked = new java.util.concurrent.CountDownLatch(4);
        List<Map.Entry<Map<String, Object>, NodeMonitor>> nodes = new ArrayList<>();
        for (String n : List.of("n1", "n2", "n3", "n4")) {
            NodeMonitor inner = nodeMonitor(n, 0.1, 0);
            nodes.add(remote(n, new NodeMonitor() {
                public String nodeName() {
                    return n;
                }

                public NodeSample sample() {
                    allAsked.countDown();
                    try {
                        if (!allAsked.await(800, java.util.concurrent.TimeUnit.MILLISECONDS)) throw new IllegalStateException("asked alone");
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return inner.sample();
                }
            }));
        }
        monitor.nodeMonitors = nodes;
        SystemSnapshot s = monitor.collect();
        assertEquals(List.of(), s.staleNodes(), "all four in flight at once");
        assertEquals(List.of("n1", "n2", "n3", "n4"), s.nodes().stream().map(NodeSample::node).toList());
    }

    /** A reconfiguration (say, race:scalability switching modes) while a snapshot is being taken on another thread. */
    @Test
    void reconfiguringDuringACollectLosesNothing() throws Exception {
        monitor.configure(config("hierarchical", true));
        monitor.nodeMonitors = List.of(on("a", nodeMonitor("a", 0.5, 300)), on("b", nodeMonitor("b", 0.2, 300)));
        java.util.concurrent.CompletableFuture<SystemSnapshot> running = java.util.concurrent.CompletableFuture.supplyAsync(monitor::collect);
        while (asked("node:a") + asked("node:b") < 2) Thread.sleep(5);
        monitor.configure(config("hierarchical", true));
        SystemSnapshot s = running.get();
        assertEquals(List.of("a", "b"), s.nodes().stream().map(NodeSample::node).toList());
        assertEquals(List.of(), s.staleNodes());
        assertEquals(2, monitor.collect().nodes().size(), "and the next one too");
    }

    @Test
    void flatPollsEveryResourceQosMonitorAndLegacyComponentItself() {
        monitor.configure(config("flat", true));
        wire();
        monitor.legacyComponents = List.of(on("b", legacy("b", "web", 0.7)));
        SystemSnapshot s = monitor.collect();
        assertEquals(List.of("cpu:a", "memory:a", "cpu:b", "qos:a", "qos:b", "legacy:b"), asked, "one after another, no NodeMonitor");
        assertEquals(Map.of("cpu", 0.5, "memory", 0.1), s.nodes().get(0).utilization());
        assertEquals(List.of(), s.nodes().get(0).components());
        assertEquals(List.of(new ComponentSample(LegacyComponent.APPLICATION, "web", 0.7, 0, 0, 0, 20)), s.nodes().get(1).components());
        assertEquals(new ApplicationQos("app", 4, 2, 6, 20, 50), s.applications().get("app"));
    }

    @Test
    void qosMonitoringCanBeSwitchedOff() {
        monitor.configure(config("flat", false));
        wire();
        SystemSnapshot s = monitor.collect();
        assertTrue(s.applications().isEmpty());
        assertTrue(asked.stream().noneMatch(c -> c.startsWith("qos:")), asked.toString());
    }

    /** One slow node container is marked stale; the others are in the snapshot on time. */
    @Test
    void aSlowNodeIsStaleAndDoesNotStallTheOthers() {
        bound(200, 3);
        monitor.configure(config("hierarchical", true));
        monitor.nodeMonitors = List.of(on("fast", nodeMonitor("fast", 0.1, 0)), remote("slow", nodeMonitor("slow", 0.1, 3000)));
        long t0 = System.nanoTime();
        SystemSnapshot s = monitor.collect();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(List.of("slow"), s.staleNodes());
        assertEquals(List.of("fast"), s.nodes().stream().map(NodeSample::node).toList());
        assertTrue(ms < 2000, "collect took " + ms + " ms");
    }

    @Test
    void aFailingNodeMonitorIsStale() {
        monitor.configure(config("hierarchical", true));
        NodeMonitor broken = new NodeMonitor() {
            public String nodeName() {
                return "x";
            }

            public NodeSample sample() {
                throw new IllegalStateException("connection reset");
            }
        };
        monitor.nodeMonitors = List.of(on("x", broken), on("a", nodeMonitor("a", 0.3, 0)));
        SystemSnapshot s = monitor.collect();
        assertEquals(List.of("x"), s.staleNodes());
        assertEquals(1, s.nodes().size());
    }
    /**
     * Hierarchical, two remote nodes, one hung: every snapshot comes within the bound with the other
     * node's figures and the hung one stale; after `attempts` timed-out samples in a row the node is
     * failed and no longer asked, still stale.
     */
    @Test
    void aHungRemoteNodeIsStaleThenFailedAndNoLongerAsked() {
        bound(500, 2);
        monitor.configure(config("hierarchical", true));
        monitor.nodeMonitors = List.of(remote("ok", nodeMonitor("ok", 0.4, 0)), remote("hung", nodeMonitor("hung", 0.1, 60_000)));
        for (int period = 1; period <= 3; period++) {
            SystemSnapshot s = monitor.collect();
            assertEquals(List.of("hung"), s.staleNodes(), "period " + period);
            assertEquals(List.of("ok"), s.nodes().stream().map(NodeSample::node).toList());
            assertEquals(period >= 2, calls.failed("hung"), "failed after 2 timeouts in a row, period " + period);
        }
        assertEquals(2, asked("node:hung"), "not asked once failed");
        assertEquals(3, asked("node:ok"));
        assertTrue(monitor.delays().maxMs() < 2000, "bounded by 500 ms per period, far from the 60 s hang");
    }

    /** Flat: one timed-out call per node and snapshot, the node's other monitors not asked; then failed, not asked at all. */
    @Test
    void flatAsksAHungRemoteNodeOncePerSnapshotThenNotAtAll() {
        bound(500, 2);
        monitor.configure(config("flat", true));
        monitor.resourceMonitors = List.of(remote("hung", resource("hung", "cpu", -1)), remote("hung", resource("hung", "memory", 0.1)),
                remote("ok", resource("ok", "cpu", 0.3)));
        monitor.qosMonitors = List.of(remote("hung", qos("hung")), remote("ok", qos("ok", new ApplicationQos("app", 2, 0, 2, 10, 12))));
        for (int period = 1; period <= 3; period++) {
            SystemSnapshot s = monitor.collect();
            assertEquals(List.of("hung"), s.staleNodes(), "period " + period);
            assertEquals(List.of("ok"), s.nodes().stream().map(NodeSample::node).toList());
            assertEquals(Map.of("cpu", 0.3), s.nodes().get(0).utilization());
            assertEquals(2, s.applications().get("app").met());
        }
        assertTrue(calls.failed("hung"));
        assertEquals(2, asked("cpu:hung"));
        assertEquals(0, asked("memory:hung") + asked("qos:hung"), "a node's calls after its first timeout in a snapshot are not made");
        assertEquals(3, asked("qos:ok"));
    }

    /**
     * A slow local NodeMonitor is called directly, as race.calls calls every service of this JVM (flat mode too):
     * waited for, so never stale, and a node in this JVM cannot hang apart from it: it never fails.
     */
    @Test
    void aSlowLocalNodeIsWaitedForAndNeverFails() {
        bound(200, 1);
        monitor.configure(config("hierarchical", true));
        monitor.nodeMonitors = List.of(on("local", nodeMonitor("local", 0.1, 400)), on("other", nodeMonitor("other", 0.2, 0)));
        for (int period = 1; period <= 2; period++) {
            SystemSnapshot s = monitor.collect();
            assertEquals(List.of(), s.staleNodes());
            assertEquals(List.of("local", "other"), s.nodes().stream().map(NodeSample::node).toList());
        }
        assertFalse(calls.failed("local"));
        assertEquals(2, asked("node:local"));
    }
}
