package org.race.effector.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe's decision on copies of what /proc/self/mounts and a cgroup v2 mount show. */
class CpuQuotaTest {
    @TempDir
    Path fs;

    @Test
    void withoutACgroup2MountThereIsNoQuotaAndTheReasonSaysSo() {
        CpuQuota.Probe p = CpuQuota.probe("cgroup /sys/fs/cgroup/cpu cgroup rw,cpu 0 0\n", fs);
        assertFalse(p.usable());
        assertTrue(p.why().contains("no cgroup v2"), p.why());
    }

    @Test
    void aCgroup2MountWithoutTheCpuControllerIsNotUsed() throws Exception {
        Path root = Files.createDirectories(fs.resolve("sys/fs/cgroup/unified"));
        Files.writeString(root.resolve("cgroup.controllers"), "\n");
        CpuQuota.Probe p = CpuQuota.probe("cgroup2 /sys/fs/cgroup/unified cgroup2 rw 0 0\n", fs);
        assertFalse(p.usable());
        assertTrue(p.why().contains("no cpu controller"), p.why());
    }

    @Test
    void withTheCpuControllerTheQuotaGoesIntoCpuMax() throws Exception {
        Path root = Files.createDirectories(fs.resolve("sys/fs/cgroup"));
        Files.writeString(root.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
        Files.writeString(root.resolve("cgroup.subtree_control"), "memory\n");
        CpuQuota.Probe p = CpuQuota.probe("cgroup2 /sys/fs/cgroup cgroup2 rw 0 0\n", fs);
        assertTrue(p.usable(), p.why());
        assertEquals("+cpu", Files.readString(root.resolve("cgroup.subtree_control")), "the cpu controller is enabled for the children");
        Path group = CpuQuota.apply(p.root(), "web", 4711, 0.5);
        assertEquals("50000 100000", Files.readString(group.resolve("cpu.max")));
        assertEquals("4711", Files.readString(group.resolve("cgroup.procs")));
    }

    @Test
    void thisMachineGivesAnAnswerWithAReason() throws Exception {
        CpuQuota.Probe p = CpuQuota.probe(ProcessStat.text(Path.of("/proc/self/mounts")), Path.of("/"));
        assertNotNull(p.why());
    }
}
