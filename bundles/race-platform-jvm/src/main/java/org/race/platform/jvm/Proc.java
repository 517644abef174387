package org.race.platform.jvm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Parsers of the Linux /proc files the monitors of a single-node container read. They accept what
 * older and newer kernels print (missing trailing columns, extra lines) and reject text that has
 * none of what they need, naming the file.
 */
final class Proc {
    /** Jiffies the processors spent busy and in all, summed over every processor since boot. */
    record CpuTimes(long busy, long total) {
    }

    private Proc() {
    }

    /**
     * The text of a /proc file. Not Files.readString: /proc reports a size of 0, and sysctl files
     * (/proc/sys) answer only the first read, so the content must come in one large read.
     */
    static String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    /**
     * The aggregate {@code cpu} line of /proc/stat: user nice system idle iowait irq softirq steal
     * guest guest_nice. Guest time is already counted in user and nice, so it is left out; idle and
     * iowait are the idle part.
     */
    static CpuTimes cpu(String procStat) {
        for (String line : procStat.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (!f[0].equals("cpu")) continue;
            if (f.length < 5) throw new IllegalArgumentException("/proc/stat: the cpu line has fewer than 4 counters: " + line);
            long[] v = new long[8];
            for (int i = 0; i < v.length && i + 1 < f.length; i++) v[i] = Long.parseLong(f[i + 1]);
            long idle = v[3] + v[4];
            long busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7];
            return new CpuTimes(busy, busy + idle);
        }
        throw new IllegalArgumentException("/proc/stat: no aggregate cpu line");
    }

    /**
     * Fraction of memory in use from /proc/meminfo: (MemTotal - MemAvailable) / MemTotal; kernels
     * before 3.14 have no MemAvailable, then MemFree + Buffers + Cached is what is available.
     */
    static double memoryUsed(String meminfo) {
        Map<String, Long> kb = new HashMap<>();
        for (String line : meminfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) continue;
            String[] value = line.substring(colon + 1).trim().split("\\s+");
            try {
                kb.put(line.substring(0, colon).trim(), Long.parseLong(value[0]));
            } catch (NumberFormatException notANumber) {
                // a line this parser does not need
            }
        }
        Long total = kb.get("MemTotal");
        if (total == null || total <= 0) throw new IllegalArgumentException("/proc/meminfo: no MemTotal");
        Long available = kb.get("MemAvailable");
        if (available == null) available = kb.getOrDefault("MemFree", 0L) + kb.getOrDefault("Buffers", 0L) + kb.getOrDefault("Cached", 0L);
        return Math.max(0, total - available) / (double) total;
    }

    /**
     * Bytes received plus sent by the network interfaces of /proc/net/dev (columns 1 and 9 after the
     * colon): the non-loopback ones, or loopback when there is nothing else.
     */
    static long networkBytes(String netDev) {
        long external = 0, loopback = 0;
        boolean anyExternal = false, any = false;
        for (String line : netDev.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) continue; // the two header lines
            String name = line.substring(0, colon).trim();
            String[] f = line.substring(colon + 1).trim().split("\\s+");
            if (f.length < 9) throw new IllegalArgumentException("/proc/net/dev: interface " + name + " has fewer than 9 counters");
            long bytes = Long.parseLong(f[0]) + Long.parseLong(f[8]);
            any = true;
            if (name.equals("lo")) {
                loopback += bytes;
            } else {
                external += bytes;
                anyExternal = true;
            }
        }
        if (!any) throw new IllegalArgumentException("/proc/net/dev: no interfaces");
        return anyExternal ? external : loopback;
    }
}
