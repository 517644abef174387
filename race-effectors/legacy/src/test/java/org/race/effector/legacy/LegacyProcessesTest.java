package org.race.effector.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.race.api.LegacyComponent;
import org.race.api.model.Importance;
import org.race.api.monitoring.ComponentSample;

/** A real, unmodified process (a Python busy loop) adopted, measured, reniced and given back. */
class LegacyProcessesTest {
    private static final Path PROC = Path.of("/proc");
    @TempDir
    Path fs;
    private Process busy;

    @BeforeEach
    void start() throws Exception {
        busy = new ProcessBuilder("python3", "-c", "x = bytearray(8 << 20)\nwhile True: pass").start();
        Thread.sleep(200);
    }

    @AfterEach
    void stop() {
        busy.destroyForcibly();
    }

    private int niceNow() throws Exception {
        return ProcessStat.read(PROC, busy.pid()).nice();
    }

    @Test
    void withoutQuotasTheCpuLimitBecomesANiceValueAndTheReasonIsKept() throws Exception {
        LegacyProcesses legacy = new LegacyProcesses(PROC, new CpuQuota.Probe(null, "no cgroup v2 here (test)"));
        AdoptedSample a = legacy.adopt(busy.pid(), "spinner", "sc1", Importance.LOW, 0.25);
        assertEquals(LegacyProcesses.niceForQuota(0.25), niceNow(), "a quarter processor: nice 14, above low's 10");
        assertTrue(a.limit().contains("in place of a quota of 0.25 cpus: no cgroup v2 here (test)"), a.limit());
        Thread.sleep(1000);
        List<AdoptedSample> samples = legacy.sample();
        assertEquals(1, samples.size());
        AdoptedSample s = samples.get(0);
        assertTrue(s.cpu() > 0.1 && s.cpu() < 1.2, "a busy loop keeps about one processor busy: " + s);
        assertTrue(s.memoryMb() > 8, "its 8 MiB buffer is resident: " + s);
        legacy.nice("spinner", 3);
        assertEquals(3, niceNow());
        legacy.abandon("spinner");
        assertEquals(0, niceNow(), "its original nice again");
        assertTrue(legacy.sample().isEmpty());
    }

    @Test
    void withAQuotaTheCriticalityAloneSetsTheNiceValue() throws Exception {
        Path root = Files.createDirectories(fs.resolve("cg"));
        LegacyProcesses legacy = new LegacyProcesses(PROC, new CpuQuota.Probe(root, "cgroup v2 cpu.max (test copy)"));
        AdoptedSample a = legacy.adopt(busy.pid(), "spinner", "sc1", Importance.LOW, 0.5);
        assertEquals("50000 100000", Files.readString(root.resolve("race-spinner/cpu.max")));
        assertEquals(Long.toString(busy.pid()), Files.readString(root.resolve("race-spinner/cgroup.procs")));
        assertEquals(10, niceNow());
        assertTrue(a.limit().startsWith("cgroup v2 cpu.max 50000 100000"), a.limit());
    }

    @Test
    void badInputIsRefusedAndChangesNothing() throws Exception {
        LegacyProcesses legacy = new LegacyProcesses(PROC, new CpuQuota.Probe(null, "none"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> legacy.adopt(Integer.MAX_VALUE, "ghost", "sc1", Importance.HIGH, 0)).getMessage()
                .contains("no process " + Integer.MAX_VALUE));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> legacy.adopt(busy.pid(), "bad name", "sc1", Importance.HIGH, 0)).getMessage().contains("name"));
        legacy.adopt(busy.pid(), "spinner", "sc1", Importance.MEDIUM, 0);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> legacy.adopt(busy.pid(), "again", "sc1", Importance.HIGH, 0)).getMessage()
                .contains("already adopted as 'spinner'"));
        assertEquals(0, niceNow());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> legacy.abandon("ghost")).getMessage().contains("no adopted component 'ghost'"));
        assertEquals(1, legacy.sample().size());
    }

    /**
     * The node's view: a component of application {@value LegacyComponent#APPLICATION} with about one
     * processor busy since it started and then over a full window, its buffer resident and its quota reserved; samples closer
     * together than the window repeat the last figure instead of reading a few clock ticks as a rate.
     */
    @Test
    void theNodeSeesItsCpuOverAFullWindowItsMemoryAndItsQuota() throws Exception {
        Thread.sleep(800); // a second old: its average since it started is more than a few 10 ms ticks
        LegacyProcesses legacy = new LegacyProcesses(PROC, new CpuQuota.Probe(null, "none"));
        legacy.adopt(busy.pid(), "spinner", "sc1", Importance.MEDIUM, 0.75);
        LegacyComponent c = legacy.component("spinner");
        assertEquals(0.75, c.reservedCpu());
        double lifetime = c.sample().utilization();
        assertTrue(lifetime > 0.1 && lifetime < 1.2, "before a full window, its average since it started (busy from the start): " + lifetime);
        Thread.sleep(1000);
        ComponentSample s = c.sample();
        assertEquals(LegacyComponent.APPLICATION, s.application());
        assertEquals("spinner", s.component());
        assertTrue(s.utilization() > 0.1 && s.utilization() < 1.2, "a busy loop keeps about one processor busy: " + s);
        assertTrue(s.memoryMb() > 8, "its 8 MiB buffer is resident: " + s);
        assertEquals(s.utilization(), c.sample().utilization(), "a sample right after: the same window's figure");
        assertEquals(1, legacy.sample().size(), "race:adopted has its own window");
        busy.destroyForcibly().waitFor();
        Thread.sleep(100); // the parent reaps it: /proc/PID is gone
        assertEquals(0, c.sample().utilization(), "ended");
        assertTrue(legacy.sample().isEmpty(), "and released");
    }
}
