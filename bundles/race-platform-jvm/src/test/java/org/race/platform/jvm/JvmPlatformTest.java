package org.race.platform.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.race.api.NodeManager;
import org.race.api.QosMonitor;
import org.race.api.ResourceMonitor;
import org.race.api.RoleProperties;
import org.race.api.model.Domain;
import org.race.api.model.Node;
import org.race.api.model.Resources;

/** The DS component: what it registers per node, its clock, and that nothing is left when it goes. */
class JvmPlatformTest {
    /** A registered service: its interfaces, object and properties, and whether it was unregistered. */
    static final class Registration {
        final List<String> classes;
        final Object service;
        final Map<String, Object> properties = new TreeMap<>();
        boolean unregistered;

        Registration(List<String> classes, Object service, Dictionary<String, ?> props) {
            this.classes = classes;
            this.service = service;
            for (String k : Collections.list(props.keys())) properties.put(k, props.get(k));
        }
    }

    /** Only registerService and getProperty (no framework property set: the embedded mode) are used by the platform. */
    static BundleContext context(List<Registration> registered) {
        return (BundleContext) Proxy.newProxyInstance(JvmPlatformTest.class.getClassLoader(), new Class<?>[] { BundleContext.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("getProperty")) return null;
                    if (!method.getName().equals("registerService")) throw new UnsupportedOperationException(method.getName());
                    List<String> classes = args[0] instanceof String[] a ? List.of(a)
                            : List.of(args[0] instanceof Class<?> c ? c.getName() : (String) args[0]);
                    Registration r = new Registration(classes, args[1], (Dictionary<String, ?>) args[2]);
                    registered.add(r);
                    return Proxy.newProxyInstance(JvmPlatformTest.class.getClassLoader(), new Class<?>[] { ServiceRegistration.class },
                            (p, m, a) -> {
                                if (!m.getName().equals("unregister")) throw new UnsupportedOperationException(m.getName());
                                r.unregistered = true;
                                return null;
                            });
                });
    }

    static JvmPlatform.Config config(double workload, String scheduler) {
        return new JvmPlatform.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return JvmPlatform.Config.class;
            }

            @Override
            public double workload() {
                return workload;
            }

            @Override
            public String scheduler() {
                return scheduler;
            }

            @Override
            public String connections() {
                return Links.ENFORCED;
            }

            @Override
            public double connectionBurst() {
                return 2;
            }

            @Override
            public int maxPayloadBytes() {
                return JvmPlatform.DEFAULT_PAYLOAD_LIMIT;
            }
        };
    }

    static Domain domain(String... nodes) {
        List<Node> ns = new ArrayList<>();
        for (String n : nodes) ns.add(new Node(n, new Resources(1, 512, 10)));
        return new Domain("d", ns, 1);
    }

    @Test
    void registersTheSimsServicesPerNodeAndLeavesNothingBehind(@TempDir Path proc) throws Exception {
        List<Registration> regs = new ArrayList<>();
        JvmPlatform p = new JvmPlatform(context(regs), config(1.0, "none"), OsPriorities.PROCESSES, new OsMonitors(proc));
        p.domainLoaded(domain("a", "b"));
        assertEquals(10, regs.size(), "per node: NodeManager+NodeEffector, 3 ResourceMonitors, QosMonitor");
        for (Registration r : regs) {
            assertEquals("jvm", r.properties.get(RoleProperties.PLATFORM));
            assertTrue(List.of("a", "b").contains(r.properties.get(RoleProperties.NODE)), r.properties.toString());
        }
        assertEquals(List.of(NodeManager.class.getName(), "org.race.api.NodeEffector"), regs.get(0).classes);
        assertEquals(List.of("cpu", "memory", "bandwidth"), regs.subList(1, 4).stream().map(r -> r.properties.get(RoleProperties.RESOURCE)).toList());
        assertTrue(regs.get(1).service instanceof ResourceMonitor && regs.get(4).service instanceof QosMonitor);

        NodeManager a = (NodeManager) regs.get(0).service;
        a.deploy(JvmWorldTest.plan("app", 50, 50, null, List.of(JvmWorldTest.comp("c", 5, "a")), List.of(), null));
        assertEquals(List.of("app"), a.applications());

        AtomicInteger ticks = new AtomicInteger();
        long t0 = p.nowMillis();
        AutoCloseable s = p.schedule(50, ticks::incrementAndGet);
        p.elapse(275);
        assertTrue(p.nowMillis() - t0 >= 275, "elapse waits for real");
        assertTrue(ticks.get() >= 3 && ticks.get() <= 6, "every 50 ms: " + ticks);
        s.close();
        int after = ticks.get();
        p.elapse(120);
        assertEquals(after, ticks.get(), "closed: no more ticks");

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> p.domainLoaded(domain("c")));
        assertTrue(refused.getMessage().contains("still deployed"), refused.getMessage());
        p.deactivate();
        assertTrue(regs.stream().allMatch(r -> r.unregistered), "every service unregistered");
        assertEquals(List.of(), JvmWorldTest.raceThreads(), "workers, timers and the clock are gone");
    }

    /** A domain of one node is this container: its resources are the machine's, from /proc. */
    @Test
    void aSingleNodeIsMeasuredFromProc(@TempDir Path proc) throws Exception {
        Files.createDirectories(proc.resolve("net"));
        Files.writeString(proc.resolve("stat"), "cpu 100 0 0 900 0 0 0 0\n");
        Files.writeString(proc.resolve("meminfo"), "MemTotal: 1000 kB\nMemAvailable: 400 kB\n");
        Files.writeString(proc.resolve("net/dev"), "eth0: 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n");
        List<Registration> regs = new ArrayList<>();
        JvmPlatform p = new JvmPlatform(context(regs), config(1.0, "none"), OsPriorities.PROCESSES, new OsMonitors(proc));
        try {
            p.domainLoaded(domain("solo"));
            assertEquals(5, regs.size());
            ResourceMonitor memory = (ResourceMonitor) regs.get(2).service, cpu = (ResourceMonitor) regs.get(1).service;
            assertEquals(0.6, memory.utilization(), 1e-12, "(MemTotal - MemAvailable) / MemTotal of the fake /proc");
            Files.writeString(proc.resolve("stat"), "cpu 150 0 0 950 0 0 0 0\n");
            assertEquals(0.5, cpu.utilization(), 1e-12);
        } finally {
            p.deactivate();
        }
    }
}
