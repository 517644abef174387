package org.race.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.nio.file.Files;
import java.nio.file.Path;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** {@code race:adopt} in real Felix on a real, unmodified process ({@code sleep}). */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LegacyIT {
    @Inject
    CommandProcessor processor;

    @Configuration
    public Option[] config() throws Exception {
        return options(Dist.container());
    }

    private static int nice(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 1).trim().split("\\s+")[16]);
    }

    @Test
    public void anAdoptedProcessIsMonitoredAndRenicedAndGivenBack() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            Shell shell = new Shell(processor);
            String out = shell.run("race:adopt --criticality low --cpu 0.5 " + sleeper.pid() + " sleeper");
            assertTrue(out, out.contains("adopted process " + sleeper.pid() + " as sleeper (criticality low)"));
            assertTrue("the output says how the cpu is limited: " + out, out.contains("cgroup v2 cpu.max 50000 100000") || out.contains("in place of a quota of 0.5 cpus"));
            assertEquals("low criticality (and half a processor, by nice where there is no quota): nice 10", 10, nice(sleeper.pid()));
            out = shell.run("race:adopted");
            assertTrue(out, out.matches("(?s)sleeper\\s+pid " + sleeper.pid() + "\\s+low\\s+cpu\\s+0\\.\\d\\d\\s+memory\\s+\\d+\\.\\d MB\\s+nice\\s+10.*"));
            assertTrue(shell.fail("race:adopt " + sleeper.pid() + " again").getMessage().contains("already adopted as 'sleeper'"));
            assertTrue(shell.fail("race:adopt --criticality urgent 1 x").getMessage().contains("not low, medium or high"));
            shell.run("race:abandon sleeper");
            assertEquals("its nice value before adoption", 0, nice(sleeper.pid()));
        } finally {
            sleeper.destroyForcibly();
        }
    }
}
