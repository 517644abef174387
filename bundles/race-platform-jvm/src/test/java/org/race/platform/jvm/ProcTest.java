package org.race.platform.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.race.api.ResourceMonitor;

/** The /proc parsers on fixed text as kernels print it, and the monitors over a fake /proc. */
class ProcTest {
    static final String STAT = """
            cpu  86381 10 8273 263140 502 0 133 19 7 3
            cpu0 42405 0 3897 132733 90 0 19 7 0 0
            cpu1 43975 0 4376 130407 411 0 114 12 0 0
            intr 1234 0 0
            ctxt 99
            """;

    static final String MEMINFO = """
            MemTotal:       24684084 kB
            MemFree:        24081332 kB
            MemAvailable:   24135800 kB
            Buffers:           12000 kB
            Cached:           300000 kB
            HugePages_Total:       0
            """;

    static final String NET_DEV = """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                lo:    3193      29    0    0    0     0          0         0     3193      29    0    0    0     0       0          0
              eth0: 50979268    2595    0    0    0     0          0         0   563851    2593    0    0    0     0       0          0
              ifb0:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0
            """;

    @Test
    void cpuLineBusyAndTotal() {
        Proc.CpuTimes t = Proc.cpu(STAT);
        // busy: user + nice + system + irq + softirq + steal; guest is inside user already
        assertEquals(86381 + 10 + 8273 + 0 + 133 + 19, t.busy());
        assertEquals(t.busy() + 263140 + 502, t.total());
    }

    @Test
    void cpuLineOfAnOldKernelWithFourCounters() {
        Proc.CpuTimes t = Proc.cpu("cpu 100 0 50 850\ncpu0 100 0 50 850\n");
        assertEquals(150, t.busy());
        assertEquals(1000, t.total());
    }

    @Test
    void cpuWithoutTheAggregateLineIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Proc.cpu("cpu0 1 2 3 4\nintr 5\n"));
        assertThrows(IllegalArgumentException.class, () -> Proc.cpu("cpu 1 2 3\n"));
        assertThrows(IllegalArgumentException.class, () -> Proc.cpu(""));
    }

    @Test
    void memoryUsedFromMemAvailable() {
        assertEquals((24684084 - 24135800) / 24684084.0, Proc.memoryUsed(MEMINFO), 1e-12);
    }

    @Test
    void memoryUsedBeforeMemAvailableExisted() {
        String old = "MemTotal: 1000 kB\nMemFree: 500 kB\nBuffers: 100 kB\nCached: 150 kB\n";
        assertEquals(0.25, Proc.memoryUsed(old), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Proc.memoryUsed("MemFree: 5 kB\n"));
    }

    @Test
    void networkBytesOfTheNonLoopbackInterfaces() {
        assertEquals(50979268L + 563851L, Proc.networkBytes(NET_DEV));
    }

    @Test
    void networkBytesOfLoopbackWhenThereIsNothingElse() {
        String onlyLo = NET_DEV.lines().filter(l -> !l.contains("eth0") && !l.contains("ifb0")).reduce("", (a, b) -> a + b + "\n");
        assertEquals(3193L + 3193L, Proc.networkBytes(onlyLo));
        // an old kernel printed no space after the colon
        assertEquals(10L + 20L, Proc.networkBytes("  eth0:10 1 0 0 0 0 0 0 20 2 0 0 0 0 0 0\n"));
        assertThrows(IllegalArgumentException.class, () -> Proc.networkBytes(NET_DEV.lines().limit(2).reduce("", (a, b) -> a + b + "\n")));
    }

    @Test
    void monitorsOverAFakeProc(@TempDir Path proc) throws Exception {
        Files.createDirectories(proc.resolve("net"));
        Files.writeString(proc.resolve("stat"), "cpu 100 0 0 900 0 0 0 0\n");
        Files.writeString(proc.resolve("meminfo"), MEMINFO);
        Files.writeString(proc.resolve("net/dev"), "eth0: 1000 0 0 0 0 0 0 0 1000 0 0 0 0 0 0 0\n");
        OsMonitors os = new OsMonitors(proc);
        assertTrue(os.available());
        ResourceMonitor cpu = os.cpu(), memory = os.memory(), bandwidth = os.bandwidth(100);
        Files.writeString(proc.resolve("stat"), "cpu 400 0 0 1600 0 0 0 0\n"); // 300 busy of 1000
        Files.writeString(proc.resolve("net/dev"), "eth0: 1000 0 0 0 0 0 0 0 1001000 0 0 0 0 0 0 0\n"); // 8 Mbit more
        Thread.sleep(100);
        assertEquals(0.3, cpu.utilization(), 1e-12);
        assertEquals(0.0, cpu.utilization(), 1e-12, "nothing happened since the previous call");
        assertEquals(Proc.memoryUsed(MEMINFO), memory.utilization(), 1e-12);
        double b = bandwidth.utilization();
        assertTrue(b > 0.1 && b <= 0.8, "8 Mbit in a bit more than 0.1 s on 100 Mbit/s: " + b);
        assertEquals("bandwidth", bandwidth.resource());
        assertTrue(!new OsMonitors(proc.resolve("missing")).available());
    }

    /** This machine's own /proc, where there is one: whole files, also from sysctl files that answer one read only. */
    @Test
    void theRealProc() throws Exception {
        Path proc = Path.of("/proc");
        Assumptions.assumeTrue(Files.isReadable(proc.resolve("stat")), "not Linux");
        Proc.CpuTimes t = Proc.cpu(Proc.read(proc.resolve("stat")));
        assertTrue(t.total() > 0 && t.busy() <= t.total(), t.toString());
        double used = Proc.memoryUsed(Proc.read(proc.resolve("meminfo")));
        assertTrue(used > 0 && used < 1, "memory used " + used);
        Proc.networkBytes(Proc.read(proc.resolve("net/dev"))); // this kernel's format parses (else it throws)
        Path period = proc.resolve("sys/kernel/sched_rt_period_us");
        if (Files.isReadable(period)) assertTrue(Long.parseLong(Proc.read(period).trim()) >= 1000, "the whole number, not its first digit");
    }

    /**
     * The busy and total times of this machine's /proc/stat against what is known independently: this thread
     * burns 300 ms of cpu (ThreadMXBean), all of which is busy time, and the total is every cpu's wall time
     * (USER_HZ = 100 ticks a second on Linux).
     */
    @Test
    void theRealProcCountsABusyThreadAsBusy() throws Exception {
        Path stat = Path.of("/proc/stat");
        Assumptions.assumeTrue(Files.isReadable(stat), "not Linux");
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(threads.isCurrentThreadCpuTimeSupported());
        String first = Proc.read(stat);
        long cpus = first.lines().filter(l -> l.matches("cpu\\d+ .*")).count();
        Proc.CpuTimes before = Proc.cpu(first);
        long wall = System.nanoTime(), burnt = threads.getCurrentThreadCpuTime();
        long sink = 0;
        while (threads.getCurrentThreadCpuTime() - burnt < 300_000_000L && System.nanoTime() - wall < 10_000_000_000L) sink += sink * 31 + 7;
        Thread.sleep(20); // past the next tick
        Proc.CpuTimes after = Proc.cpu(Proc.read(stat));
        double seconds = (System.nanoTime() - wall) / 1e9, burntSeconds = (threads.getCurrentThreadCpuTime() - burnt) / 1e9;
        double busy = (after.busy() - before.busy()) / 100.0, total = (after.total() - before.total()) / 100.0;
        assertTrue(busy >= burntSeconds * 0.8, "busy " + busy + " s while this thread alone burnt " + burntSeconds + " s (" + sink + ")");
        assertTrue(total >= seconds * cpus * 0.7 && total <= seconds * cpus * 1.3, "total " + total + " s over " + seconds + " s of " + cpus + " cpus");
    }
}
