package org.race.effector.legacy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A cgroup v2 CPU quota for an adopted process: its own group {@code race-NAME} under the cgroup v2
 * mount, with {@code cpu.max = quota period}. Whether this machine allows it is found out once, by
 * {@link #probe}; the answer says why not when it does not.
 */
final class CpuQuota {
    static final long PERIOD_US = 100_000;

    /** The probe's answer: {@code root} null when quotas cannot be used, then {@code why} says why. */
    record Probe(Path root, String why) {
        boolean usable() {
            return root != null;
        }
    }

    private CpuQuota() {
    }

    /**
     * @param mounts the text of /proc/self/mounts
     * @param fs     where the mount points are looked up (the real root, or a test's copy)
     */
    static Probe probe(String mounts, Path fs) {
        String mountPoint = mounts.lines().map(l -> l.split(" ")).filter(f -> f.length > 2 && f[2].equals("cgroup2")).map(f -> f[1]).findFirst().orElse(null);
        if (mountPoint == null) return new Probe(null, "no cgroup v2 file system is mounted (/proc/self/mounts has no cgroup2 entry)");
        Path root = fs.resolve(mountPoint.substring(1));
        try {
            String controllers = ProcessStat.text(root.resolve("cgroup.controllers")).trim();
            if (Arrays.stream(controllers.split("\\s+")).noneMatch("cpu"::equals)) {
                return new Probe(null, "the cgroup v2 hierarchy at " + mountPoint + " has no cpu controller (cgroup.controllers: '" + controllers
                        + "'; on this machine it is bound to a cgroup v1 hierarchy)");
            }
            String enabled = ProcessStat.text(root.resolve("cgroup.subtree_control")).trim();
            if (Arrays.stream(enabled.split("\\s+")).noneMatch("cpu"::equals)) Files.writeString(root.resolve("cgroup.subtree_control"), "+cpu");
            Path trial = Files.createDirectories(root.resolve("race-probe"));
            Files.delete(trial);
            return new Probe(root, "cgroup v2 cpu.max under " + mountPoint);
        } catch (IOException | RuntimeException e) {
            return new Probe(null, "cgroup v2 at " + mountPoint + " does not let this process create a group with the cpu controller (" + e + ")");
        }
    }

    /** Puts {@code pid} into {@code race-NAME} limited to {@code cpus} processors (0.5 = half of one). */
    static Path apply(Path root, String name, long pid, double cpus) throws IOException {
        Path group = Files.createDirectories(root.resolve("race-" + name));
        Files.writeString(group.resolve("cpu.max"), Math.max(1000, Math.round(cpus * PERIOD_US)) + " " + PERIOD_US);
        Files.writeString(group.resolve("cgroup.procs"), Long.toString(pid));
        return group;
    }

    /** Moves the process back to the root group and removes the process's group. */
    static void release(Path root, Path group, long pid) throws IOException {
        try {
            Files.writeString(root.resolve("cgroup.procs"), Long.toString(pid));
        } catch (IOException gone) {
            // the process ended: the group is empty anyway
        }
        Files.deleteIfExists(group.resolve("cpu.max")); // a test's plain directory; a real cgroup ignores this
        Files.deleteIfExists(group.resolve("cgroup.procs"));
        Files.deleteIfExists(group);
    }
}
