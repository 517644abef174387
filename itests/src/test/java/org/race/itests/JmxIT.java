package org.race.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.race.itests.Dist.await;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import javax.inject.Inject;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.race.api.CentralMonitor;
import org.race.api.Engine;
import org.race.api.monitoring.ApplicationQos;
import org.race.api.monitoring.ComponentSample;
import org.race.api.monitoring.NodeSample;
import org.race.api.monitoring.SystemSnapshot;

/**
 * race-jmx in the distribution's container: the figures of a running system (sim, EUCON acting) read
 * by attribute name from the platform MBean server, as JConsole and JMX exporters read them, and
 * compared with the CentralMonitor's snapshot and the registry they come from.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class JmxIT {
    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

    @Inject
    CommandProcessor processor;

    @Inject
    Engine engine;

    @Inject
    CentralMonitor monitor;

    @Inject
    org.race.api.CentralEffector effector;

    @Inject
    BundleContext context;

    @Inject
    org.osgi.service.cm.ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() throws Exception {
        return options(Dist.container(), bundle(Dist.extra("race-controller-eucon").toUri().toString()));
    }

    private static ObjectName name(String name) throws JMException {
        return new ObjectName("org.race:" + name);
    }

    private static Object get(String name, String attribute) throws JMException {
        return JMX.getAttribute(name(name), attribute);
    }

    private static double number(String name, String attribute) throws JMException {
        return ((Number) get(name, attribute)).doubleValue();
    }

    private static boolean registered(String name) {
        try {
            return JMX.isRegistered(name(name));
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * gnc-sc1 on sc1 (25 ms every 100 ms), "late" on sc2 (60 ms of work, deadline 50 ms: misses every
     * time) and "probe" on sc3 (gnc-sc1's components with a periodRange of 40 to 200 ms, which EUCON
     * moves towards sc3's set point). After 10 s of virtual time every figure is the one the
     * CentralMonitor measured in its last snapshot and the registry holds.
     */
    @Test
    public void theFiguresOfARunningSystemAreReadOverThePlatformMBeanServer() throws Exception {
        Dist.admitByCapacity(configAdmin, context); // late misses on purpose
        Path dir = Files.createTempDirectory("jmx-it");
        String gnc = Files.readString(Dist.example("gnc-sc1.json"));
        Files.writeString(dir.resolve("probe.json"), gnc.replace("\"gnc-sc1\"", "\"probe\"").replace("\"sc1\"", "\"sc3\"")
                .replace("\"deadline\": 100,", "\"deadline\": 100, \"periodRange\": {\"min\": 40, \"max\": 200},"));
        Files.writeString(dir.resolve("late.json"), "{\"name\":\"late\",\"importance\":\"low\",\"period\":100,\"deadline\":50,"
                + "\"components\":[{\"name\":\"work\",\"executionTime\":60,\"node\":\"sc2\"}]}");
        Shell shell = new Shell(processor);
        shell.run("race:domain " + Dist.conf("mms-domain.json"));
        shell.run("race:deploy " + Dist.example("gnc-sc1.json") + "; race:deploy " + dir.resolve("late.json") + "; race:deploy "
                + dir.resolve("probe.json"));
        shell.run("race:controller eucon; race:run 10");

        for (String n : new String[] { "type=Engine", "type=Node,name=sc1", "type=Node,name=ground", "type=Application,name=gnc-sc1",
                "type=Application,name=late", "type=Application,name=probe" }) {
            await(n + " registered", () -> registered(n));
        }
        SystemSnapshot s = monitor.latest().orElseThrow();
        assertEquals(10_000, s.timeMs());
        assertEquals(s.timeMs(), number("type=Engine", "SnapshotTimeMs"), 0);

        // per node utilization, as measured
        NodeSample sc1 = s.nodes().stream().filter(n -> n.node().equals("sc1")).findFirst().orElseThrow();
        double cpu = number("type=Node,name=sc1", "CpuUtilization");
        assertEquals(sc1.utilization().get("cpu"), cpu, 0);
        assertTrue("gnc-sc1 keeps sc1 about 25 % busy: " + cpu, cpu > 0.2 && cpu < 0.3);
        NodeSample sc2 = s.nodes().stream().filter(n -> n.node().equals("sc2")).findFirst().orElseThrow();
        double sc2cpu = number("type=Node,name=sc2", "CpuUtilization");
        assertEquals(sc2.utilization().get("cpu"), sc2cpu, 0);
        // late alone on sc2: 60 ms of work every 100 ms, each job's time varied by up to 10 % by the sim's seeded
        // generator, over the last window; the same figure every run
        assertEquals("sc2 cpu on the deterministic sim", 0.578876, sc2cpu, 1e-12);
        assertEquals(0.0, number("type=Node,name=ground", "CpuUtilization"), 0);
        assertEquals(1.0, number("type=Node,name=sc1", "CpuCapacity"), 0);
        assertEquals(0.25, number("type=Node,name=sc1", "ReservedCpu"), 1e-9);
        assertArrayEquals(new String[] { "gnc-sc1" }, (String[]) get("type=Node,name=sc1", "Applications"));

        // per application miss ratio and rate
        ApplicationQos gncQos = s.applications().get("gnc-sc1"), lateQos = s.applications().get("late");
        assertEquals(0.0, number("type=Application,name=gnc-sc1", "MissRatio"), 0);
        assertEquals(gncQos.met(), number("type=Application,name=gnc-sc1", "MetDeadlines"), 0);
        assertTrue("a second of 100 ms periods: " + gncQos, gncQos.met() >= 9);
        assertEquals(10.0, number("type=Application,name=gnc-sc1", "RateHz"), 1e-9);
        assertEquals(gncQos.meanLatencyMs(), number("type=Application,name=gnc-sc1", "MeanLatencyMs"), 0);
        assertEquals(1.0, number("type=Application,name=late", "MissRatio"), 0);
        assertEquals(lateQos.missed(), number("type=Application,name=late", "MissedDeadlines"), 0);
        assertTrue(lateQos.missed() >= 9);

        // the worst-case bound at the periods in force beside the measured latency; late, admitted by capacity, is flagged
        double gncBound = number("type=Application,name=gnc-sc1", "BoundMs");
        assertEquals("schedulable", get("type=Application,name=gnc-sc1", "Verdict"));
        assertTrue("the sim stays within the bound: " + gncQos.maxLatencyMs() + " <= " + gncBound,
                gncQos.maxLatencyMs() > 0 && gncQos.maxLatencyMs() <= gncBound && gncBound <= 100);
        assertEquals(engine.bounds().orElseThrow().application("gnc-sc1").orElseThrow().boundMs(), gncBound, 0);
        javax.management.openmbean.CompositeData[] gncComponents = (javax.management.openmbean.CompositeData[]) get("type=Application,name=gnc-sc1",
                "ComponentBounds");
        assertEquals(4, gncComponents.length);
        for (javax.management.openmbean.CompositeData c : gncComponents) {
            assertEquals("sc1", c.get("node"));
            assertTrue(c.toString(), (double) c.get("responseMs") <= gncBound && (double) c.get("wcetMs") > 0);
        }
        assertEquals(66.0, number("type=Application,name=late", "BoundMs"), 1e-9); // 60 ms x (1 + the sim's variation 0.1)
        assertEquals("beyond deadline", get("type=Application,name=late", "Verdict"));
        assertEquals("late: worst-case 66 ms > deadline 50 ms on sc2 (path work; interference none)", get("type=Application,name=late", "BoundExplanation"));

        // per component, as race:status -v: late's work job by job on the sim (60 ms of work varied by up to 10 %)
        javax.management.openmbean.CompositeData[] lateFigures = (javax.management.openmbean.CompositeData[]) get("type=Application,name=late",
                "ComponentFigures");
        assertEquals(1, lateFigures.length);
        javax.management.openmbean.CompositeData work = lateFigures[0];
        ComponentSample sampled = sc2.components().stream().filter(c -> c.application().equals("late")).findFirst().orElseThrow();
        assertEquals(List.of("work", "sc2", sampled.jobs(), sampled.jobCpu().jobs(), sampled.jobCpu().medianMs(), sampled.jobCpu().maxMs()),
                List.of(work.get("name"), work.get("node"), work.get("jobs"), work.get("jobCpuJobs"), work.get("jobCpuMedianMs"), work.get("jobCpuMaxMs")));
        double median = (double) work.get("jobCpuMedianMs"), max = (double) work.get("jobCpuMaxMs");
        assertTrue("ten windows of 100 ms periods: " + work, (long) work.get("jobCpuJobs") >= 90);
        assertTrue("60 ms +/- 10 %: median " + median + ", max " + max, median >= 54 && median <= max && max <= 66);
        assertEquals("declared", get("type=Application,name=late", "ExecutionTimes"));
        engine.useExecutionTimes("late", "max");
        assertEquals("max", get("type=Application,name=late", "ExecutionTimes"));
        assertEquals("the analysis counts the measured max (node cpu 1) with its variation", max * 1.1, number("type=Application,name=late", "BoundMs"), 1e-9);
        engine.useExecutionTimes("late", "default");
        assertEquals(66.0, number("type=Application,name=late", "BoundMs"), 1e-9);
        assertArrayEquals(new String[] { "late" }, (String[]) get("type=Engine", "ApplicationsBeyondDeadline"));

        // EUCON changed probe's period: the rate follows the registry
        double period = engine.application("probe").orElseThrow().application().periodMs();
        assertTrue("EUCON sped probe up: " + period, period < 100);
        assertEquals(period, number("type=Application,name=probe", "PeriodMs"), 0);
        assertEquals(1000 / period, number("type=Application,name=probe", "RateHz"), 1e-9);
        assertEquals(40, number("type=Application,name=probe", "MinPeriodMs"), 0);

        // the loop: active controller, monitoring and actuation delays
        assertEquals("eucon", get("type=Engine", "ActiveController"));
        assertEquals("eucon", get("type=Engine", "ChosenController"));
        assertTrue((String) get("type=Engine", "LastDecision"), ((String) get("type=Engine", "LastDecision")).startsWith("eucon: "));
        assertEquals(monitor.delays().samples(), number("type=Engine", "MonitoringDelaySamples"), 0);
        assertTrue(number("type=Engine", "MonitoringDelaySamples") >= 10);
        // the delays as the monitor and the effector measured them (wall time), each at least its own median
        assertEquals(monitor.delays().medianMs(), number("type=Engine", "MonitoringDelayMedianMs"), 0);
        assertTrue(number("type=Engine", "MonitoringDelayMedianMs") > 0 && monitor.delays().maxMs() >= monitor.delays().medianMs());
        assertTrue("EUCON's changes were applied", number("type=Engine", "ActuationDelaySamples") >= 1);
        assertEquals(effector.delays().maxMs(), number("type=Engine", "ActuationDelayMaxMs"), 0);
        assertTrue(effector.delays().maxMs() > 0 && effector.delays().maxMs() >= effector.delays().medianMs());
        assertEquals("sim", get("type=Engine", "Platform"));
        assertEquals("mms", get("type=Engine", "Domain"));
        System.out.printf("JmxIT: sc1 cpu %.4f, gnc-sc1 rate %.1f Hz miss ratio %.2f, late miss ratio %.2f, probe period %.1f ms (%.2f Hz),"
                + " monitoring delay median %.3f ms over %d, actuation delay max %.3f ms over %d, controller %s%n", cpu,
                number("type=Application,name=gnc-sc1", "RateHz"), number("type=Application,name=gnc-sc1", "MissRatio"),
                number("type=Application,name=late", "MissRatio"), period, 1000 / period,
                number("type=Engine", "MonitoringDelayMedianMs"), (int) number("type=Engine", "MonitoringDelaySamples"),
                number("type=Engine", "ActuationDelayMaxMs"), (int) number("type=Engine", "ActuationDelaySamples"),
                get("type=Engine", "ActiveController"));

        // in step with the registry and the domain
        engine.undeploy("late");
        await("late's MBean gone", () -> !registered("type=Application,name=late"));
        for (String a : new String[] { "gnc-sc1", "probe" }) engine.undeploy(a);
        Path lab = dir.resolve("lab.json");
        Files.writeString(lab, "{\"name\":\"lab\",\"nodes\":[{\"name\":\"n1\",\"cpu\":1,\"memory\":1024,\"bandwidth\":100}]}");
        shell.run("race:domain " + lab);
        await("n1's MBean", () -> registered("type=Node,name=n1"));
        await("sc1's MBean gone", () -> !registered("type=Node,name=sc1"));
        assertEquals("lab", get("type=Engine", "Domain"));
    }

    /** Stopping the bundle takes every org.race MBean away; starting it brings them back. */
    @Test
    public void theMBeansLiveAsLongAsTheBundle() throws Exception {
        new Shell(processor).run("race:domain " + Dist.conf("mms-domain.json"));
        Bundle jmx = Stream.of(context.getBundles()).filter(b -> "race-jmx".equals(b.getSymbolicName())).findFirst().orElseThrow();
        await("sc1's MBean", () -> registered("type=Node,name=sc1"));
        jmx.stop();
        assertTrue(JMX.queryNames(name("*"), null).isEmpty());
        jmx.start();
        await("the Engine MBean back", () -> registered("type=Engine"));
        await("sc1's MBean back", () -> registered("type=Node,name=sc1"));
    }
}
