package org.race.effector.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class ProcessStatTest {
    @Test
    void fieldsAreCountedFromTheLastParenthesisOfTheCommand() {
        String stat = "4711 (a (b) c) S 1 4711 4711 0 -1 4194560 100 0 0 0 250 37 0 0 25 5 1 0 1234 5000000 300";
        ProcessStat s = ProcessStat.parse(4711, stat, "Name:\tx\nVmRSS:\t   2048 kB\nThreads: 1\n");
        assertEquals(287, s.cpuTicks(), "utime 250 + stime 37");
        assertEquals(5, s.nice());
        assertEquals(2048, s.rssKb());
        assertEquals(1234, s.startTicks());
        assertEquals(2.87 / (22.34 - 12.34), s.lifetimeCpu(22.34), 1e-9, "2.87 s of cpu in the 10 s since it started");
        assertEquals(0, s.lifetimeCpu(12.34), "started just now");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ProcessStat.parse(9, "9 (x) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18", "")).getMessage().contains("/proc/9/stat"));
    }

    @Test
    void readsThisProcessFromProc() throws Exception {
        ProcessStat self = ProcessStat.read(Path.of("/proc"), ProcessHandle.current().pid());
        assertTrue(self.cpuTicks() > 0 && self.rssKb() > 1024, self.toString());
        assertTrue(assertThrows(java.io.IOException.class, () -> ProcessStat.read(Path.of("/proc"), Integer.MAX_VALUE)).getMessage().contains("no process"));
    }
}
