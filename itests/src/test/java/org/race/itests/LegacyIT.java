package org.race.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.race.api.Engine;
import org.race.api.model.DeploymentPlan;

/**
 * {@code race:adopt} in real Felix on real, unmodified processes ({@code sleep}, a Python busy loop),
 * on a one-node domain: the adopted process is a component of that node, in its samples and in what
 * allocators see as used there.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LegacyIT {
    @Inject
    CommandProcessor processor;

    @Inject
    Engine engine;

    private Shell shell;
    private Path dir;

    @Configuration
    public Option[] config() throws Exception {
        return options(Dist.container());
    }

    @Before
    public void loadDomain() throws Exception {
        shell = new Shell(processor);
        dir = Dist.emptyWork("LegacyIT", "descriptors");
        Files.writeString(dir.resolve("one.json"), """
                {"name": "one", "nodes": [{"name": "n1", "cpu": 1, "memory": 512, "bandwidth": 10}]}""");
        // would fit the empty node, not one with a busy process on it
        Files.writeString(dir.resolve("big.json"), """
                {"name": "big", "period": 100, "deadline": 100, "components": [{"name": "k", "cpu": 0.8}]}""");
        shell.run("race:domain " + dir.resolve("one.json"));
    }

    @After
    public void undeployAll() throws Exception {
        for (DeploymentPlan p : engine.applications()) engine.undeploy(p.name());
    }

    private static int nice(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 1).trim().split("\\s+")[16]);
    }

    /** The reserved cpu race:nodes prints for n1. */
    private double reservedCpu() throws Exception {
        String out = shell.run("race:nodes");
        Matcher m = Pattern.compile("(?m)^n1\\s+up\\s+1\\s+512\\s+10\\s+([\\d.]+)\\s").matcher(out);
        assertTrue(out, m.find());
        return Double.parseDouble(m.group(1));
    }

    @Test
    public void anAdoptedProcessIsMonitoredAndRenicedAndGivenBack() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            String out = shell.run("race:adopt --criticality low --cpu 0.5 " + sleeper.pid() + " sleeper");
            assertTrue(out, out.contains("adopted process " + sleeper.pid() + " as sleeper on node n1 (criticality low)"));
            assertTrue("the output says how the cpu is limited: " + out, out.contains("cgroup v2 cpu.max 50000 100000") || out.contains("in place of a quota of 0.5 cpus"));
            assertEquals("low criticality (and half a processor, by nice where there is no quota): nice 10", 10, nice(sleeper.pid()));
            out = shell.run("race:adopted");
            assertTrue(out, out.matches("(?s)sleeper\\s+pid " + sleeper.pid() + "\\s+low\\s+cpu\\s+0\\.\\d\\d\\s+memory\\s+\\d+\\.\\d MB\\s+nice\\s+10\\s+node n1.*"));
            assertEquals("its quota is reserved on its node", 0.5, reservedCpu(), 1e-9);
            assertTrue(shell.fail("race:adopt " + sleeper.pid() + " again").getMessage().contains("already adopted as 'sleeper'"));
            assertTrue(shell.fail("race:adopt --criticality urgent 1 x").getMessage().contains("not low, medium or high"));
            assertTrue(shell.fail("race:adopt --node sc9 1 x").getMessage().contains("--node 'sc9' is not a node of domain one (n1)"));
            shell.run("race:abandon sleeper");
            assertEquals("its nice value before adoption", 0, nice(sleeper.pid()));
            assertEquals("released", 0, reservedCpu(), 1e-9);
        } finally {
            sleeper.destroyForcibly();
        }
    }

    /**
     * A busy process adopted on the only node: race:status shows it using about a processor, so an
     * application that fits the empty node is refused for want of cpu; abandoned, it fits again.
     */
    @Test
    public void anAdoptedBusyProcessTakesItsNodesCpuFromAllocation() throws Exception {
        Process busy = new ProcessBuilder("python3", "-c", "while True: pass").start();
        try {
            shell.run("race:adopt " + busy.pid() + " spinner");
            Thread.sleep(1000); // a window of wall time for its cpu: virtual periods pass in microseconds
            String status = shell.run("race:run 2; race:status");
            Matcher m = Pattern.compile("(?m)^spinner\\s+n1\\s+([\\d.]+)%\\s+([\\d.]+)$").matcher(status);
            assertTrue(status, m.find());
            double cpu = Double.parseDouble(m.group(1)) / 100;
            assertTrue("a busy loop keeps about one processor busy: " + status, cpu > 0.3 && cpu < 1.2);
            assertTrue(status, Double.parseDouble(m.group(2)) > 1);
            Exception refused = shell.fail("race:deploy " + dir.resolve("big.json"));
            assertTrue(refused.getMessage(), refused.getMessage().contains("cpu short on n1"));
            assertTrue(engine.applications().isEmpty());
            shell.run("race:abandon spinner");
            String out = shell.run("race:deploy " + dir.resolve("big.json"));
            assertTrue(out, out.contains("deployed big"));
        } finally {
            busy.destroyForcibly();
        }
    }
}
