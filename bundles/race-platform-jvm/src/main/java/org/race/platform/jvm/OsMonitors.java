package org.race.platform.jvm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.race.api.ResourceMonitor;

/**
 * The machine's own utilization from /proc, for a container that is one node of the domain: cpu
 * from /proc/stat, memory from /proc/meminfo, network from /proc/net/dev. Each window opens when
 * the monitor is made and closes at each call.
 */
final class OsMonitors {
    private final Path proc;

    /** {@code proc}: where /proc is mounted (tests point it at sample files). */
    OsMonitors(Path proc) {
        this.proc = proc;
    }

    boolean available() {
        return Files.isReadable(proc.resolve("stat")) && Files.isReadable(proc.resolve("meminfo"))
                && Files.isReadable(proc.resolve("net/dev"));
    }

    /** Busy jiffies over all jiffies of all processors in the window. */
    ResourceMonitor cpu() {
        return new ResourceMonitor() {
            private Proc.CpuTimes last = Proc.cpu(read("stat"));

            @Override
            public String resource() {
                return "cpu";
            }

            @Override
            public synchronized double utilization() {
                Proc.CpuTimes now = Proc.cpu(read("stat"));
                long total = now.total() - last.total(), busy = now.busy() - last.busy();
                last = now;
                return total <= 0 ? 0 : busy / (double) total;
            }
        };
    }

    ResourceMonitor memory() {
        return new ResourceMonitor() {
            @Override
            public String resource() {
                return "memory";
            }

            @Override
            public double utilization() {
                return Proc.memoryUsed(read("meminfo"));
            }
        };
    }

    /** Megabits received and sent per second in the window, over the node's bandwidth in Mbit/s. */
    ResourceMonitor bandwidth(double capacityMbps) {
        return new ResourceMonitor() {
            private long lastBytes = Proc.networkBytes(read("net/dev"));
            private long lastNanos = System.nanoTime();

            @Override
            public String resource() {
                return "bandwidth";
            }

            @Override
            public synchronized double utilization() {
                long bytes = Proc.networkBytes(read("net/dev")), now = System.nanoTime();
                double seconds = Math.max(1, now - lastNanos) / 1e9;
                // counters restart when an interface goes away: count that window as idle
                double megabits = Math.max(0, bytes - lastBytes) * 8 / 1e6;
                lastBytes = bytes;
                lastNanos = now;
                return megabits / seconds / capacityMbps;
            }
        };
    }

    private String read(String file) {
        try {
            return Proc.read(proc.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + proc.resolve(file), e);
        }
    }
}
