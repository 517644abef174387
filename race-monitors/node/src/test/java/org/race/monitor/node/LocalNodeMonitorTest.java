package org.race.monitor.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.race.api.Clock;
import org.race.api.LegacyComponent;
import org.race.api.QosMonitor;
import org.race.api.ResourceMonitor;
import org.race.api.monitoring.ApplicationQos;
import org.race.api.monitoring.ComponentSample;
import org.race.api.monitoring.NodeSample;
import org.race.api.monitoring.QosSample;

class LocalNodeMonitorTest {
    static ResourceMonitor monitor(String resource, double value) {
        return new ResourceMonitor() {
            public String resource() {
                return resource;
            }

            public double utilization() {
                if (value < 0) throw new IllegalStateException("sensor gone");
                return value;
            }
        };
    }

    /** A clock that reads what the test sets. */
    static final class ManualClock implements Clock {
        long now;

        public long nowMillis() {
            return now;
        }

        public AutoCloseable schedule(long periodMs, Runnable task) {
            throw new UnsupportedOperationException();
        }

        public void elapse(long durationMs) {
            now += durationMs;
        }
    }

    @Test
    void samplesEveryResourceMonitorAndTheQosMonitorWithTheWindow() {
        List<ResourceMonitor> resources = new ArrayList<>(List.of(monitor("cpu", 0.4), monitor("memory", 0.2)));
        ApplicationQos app = new ApplicationQos("app", 5, 0, 5, 12, 15);
        ComponentSample comp = new ComponentSample("app", "f", 0.1, 5, 3, 4);
        QosMonitor qos = () -> new QosSample(List.of(app), List.of(comp));
        ManualClock clock = new ManualClock();
        clock.now = 1000;
        LocalNodeMonitor m = new LocalNodeMonitor("sc1", () -> resources, () -> qos, List::of, () -> clock);
        m.sample();
        clock.now = 3000;
        // a battery monitor arrives as a bundle: it is in the next sample
        resources.add(monitor("battery", 0.9));
        NodeSample s = m.sample();
        assertEquals("sc1", s.node());
        assertEquals(3000, s.timeMs());
        assertEquals(2000, s.windowMs());
        assertEquals(Map.of("cpu", 0.4, "memory", 0.2, "battery", 0.9), s.utilization());
        assertEquals(List.of(app), s.applications());
        assertEquals(List.of(comp), s.components());
    }

    @Test
    void qosOffAndAFailingResourceMonitorLeaveTheRest() {
        AtomicBoolean qosOn = new AtomicBoolean(false);
        QosMonitor qos = () -> new QosSample(List.of(new ApplicationQos("app", 1, 0, 1, 1, 1)), List.of());
        LocalNodeMonitor m = new LocalNodeMonitor("sc2", () -> List.of(monitor("cpu", 0.3), monitor("bandwidth", -1)),
                () -> qosOn.get() ? qos : null, List::of, () -> null);
        NodeSample off = m.sample();
        assertEquals(Map.of("cpu", 0.3), off.utilization());
        assertTrue(off.applications().isEmpty());
        qosOn.set(true);
        assertEquals(1, m.sample().applications().size());
    }

    /** An adopted process using {@code cpu} processors; a negative cpu: it fails. */
    record Adopted(String name, double cpu) implements LegacyComponent {
        public double reservedCpu() {
            return 0;
        }

        public ComponentSample sample() {
            if (cpu < 0) throw new IllegalStateException("process gone");
            return new ComponentSample(APPLICATION, name, cpu, 0, 0, 0, 12.5);
        }
    }

    /** An adopted process is listed after the node's own components, with QoS monitoring off too; a failing one is left out. */
    @Test
    void legacyComponentsAreListedAfterTheNodesOwnQosOnOrOff() {
        AtomicBoolean qosOn = new AtomicBoolean(true);
        ComponentSample own = new ComponentSample("app", "f", 0.1, 5, 3, 4);
        QosMonitor qos = () -> new QosSample(List.of(), List.of(own));
        List<LegacyComponent> adopted = new ArrayList<>(List.of(new Adopted("web", 0.9), new Adopted("gone", -1)));
        LocalNodeMonitor m = new LocalNodeMonitor("sc1", () -> List.of(monitor("cpu", 0.3)), () -> qosOn.get() ? qos : null, () -> adopted, () -> null);
        ComponentSample web = new ComponentSample(LegacyComponent.APPLICATION, "web", 0.9, 0, 0, 0, 12.5);
        assertEquals(List.of(own, web), m.sample().components());
        qosOn.set(false);
        assertEquals(List.of(web), m.sample().components());
        adopted.remove(0);
        assertEquals(List.of(), m.sample().components(), "abandoned: gone from the next sample");
    }
}
