package org.race.monitor.central;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.race.api.NodeMonitor;
import org.race.api.QosMonitor;
import org.race.api.ResourceMonitor;
import org.race.api.RoleProperties;
import org.race.api.monitoring.ApplicationQos;
import org.race.api.monitoring.NodeSample;
import org.race.api.monitoring.QosSample;
import org.race.api.monitoring.SystemSnapshot;

class RaceCentralMonitorTest {
    private final RaceCentralMonitor monitor = new RaceCentralMonitor();
    private final List<String> calls = new ArrayList<>();

    static RaceCentralMonitor.Config config(String mode, boolean qos, long timeoutMs) {
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

            public long timeoutMs() {
                return timeoutMs;
            }

            public int threads() {
                return 4;
            }
        };
    }

    static <T> Map.Entry<Map<String, Object>, T> on(String node, T service) {
        return Map.entry(Map.of(RoleProperties.NODE, node), service);
    }

    NodeMonitor nodeMonitor(String node, double cpu, long sleepMs, ApplicationQos... qos) {
        return new NodeMonitor() {
            public String nodeName() {
                return node;
            }

            public NodeSample sample() {
                synchronized (calls) {
                    calls.add("node:" + node);
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
                calls.add(resource + ":" + node);
                return value;
            }
        };
    }

    QosMonitor qos(String node, ApplicationQos... apps) {
        return () -> {
            calls.add("qos:" + node);
            return new QosSample(List.of(apps), List.of());
        };
    }

    @AfterEach
    void stop() {
        monitor.deactivate();
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
        monitor.configure(config("hierarchical", true, 1000));
        wire();
        SystemSnapshot s = monitor.collect();
        assertEquals(List.of("a", "b"), s.nodes().stream().map(NodeSample::node).toList());
        assertEquals(List.of("node:a", "node:b"), calls.stream().sorted().toList());
        // 4 + 2 iterations, (4 x 10 + 2 x 40) / 6 = 20 ms mean
        assertEquals(new ApplicationQos("app", 4, 2, 6, 20, 50), s.applications().get("app"));
        assertEquals(s, monitor.latest().orElseThrow());
        assertEquals(1, monitor.delays().samples());
    }

    @Test
    void flatPollsEveryResourceAndQosMonitorItself() {
        monitor.configure(config("flat", true, 1000));
        wire();
        SystemSnapshot s = monitor.collect();
        assertEquals(List.of("cpu:a", "memory:a", "cpu:b", "qos:a", "qos:b"), calls, "one after another, no NodeMonitor");
        assertEquals(Map.of("cpu", 0.5, "memory", 0.1), s.nodes().get(0).utilization());
        assertEquals(new ApplicationQos("app", 4, 2, 6, 20, 50), s.applications().get("app"));
    }

    @Test
    void qosMonitoringCanBeSwitchedOff() {
        monitor.configure(config("flat", false, 1000));
        wire();
        SystemSnapshot s = monitor.collect();
        assertTrue(s.applications().isEmpty());
        assertTrue(calls.stream().noneMatch(c -> c.startsWith("qos:")), calls.toString());
    }

    /** One slow node is marked stale; the others are in the snapshot on time. */
    @Test
    void aSlowNodeIsStaleAndDoesNotStallTheOthers() {
        monitor.configure(config("hierarchical", true, 200));
        monitor.nodeMonitors = List.of(on("fast", nodeMonitor("fast", 0.1, 0)), on("slow", nodeMonitor("slow", 0.1, 3000)));
        long t0 = System.nanoTime();
        SystemSnapshot s = monitor.collect();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(List.of("slow"), s.staleNodes());
        assertEquals(List.of("fast"), s.nodes().stream().map(NodeSample::node).toList());
        assertTrue(ms < 2000, "collect took " + ms + " ms");
    }

    @Test
    void aFailingNodeMonitorIsStale() {
        monitor.configure(config("hierarchical", true, 1000));
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
}
