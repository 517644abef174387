package org.race.effector.legacy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What /proc says about one process: CPU time used (user + system, in clock ticks), nice value,
 * resident memory and when it started (clock ticks after boot). /proc/PID/stat's second field is the command in parentheses, which may itself
 * hold spaces and parentheses, so the fields are counted from the last ')'.
 */
record ProcessStat(long cpuTicks, int nice, long rssKb, long startTicks) {
    /** Linux's USER_HZ, which /proc/PID/stat counts in on every architecture Java runs on. */
    static final double TICKS_PER_SECOND = 100;

    static ProcessStat read(Path proc, long pid) throws IOException {
        Path dir = proc.resolve(Long.toString(pid));
        try {
            return parse(pid, text(dir.resolve("stat")), text(dir.resolve("status")));
        } catch (NoSuchFileException gone) {
            throw new IOException("no process " + pid + " (" + gone.getFile() + " does not exist)");
        }
    }

    static ProcessStat parse(long pid, String stat, String status) {
        int close = stat.lastIndexOf(')');
        if (close < 0) throw new IllegalArgumentException("/proc/" + pid + "/stat: no ')' after the command");
        // after ')': state(3) ppid(4) ... utime(14) stime(15) cutime cstime priority(18) nice(19) ... starttime(22)
        String[] f = stat.substring(close + 1).trim().split("\\s+");
        if (f.length < 20) throw new IllegalArgumentException("/proc/" + pid + "/stat: " + f.length + " fields after the command, need 20");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        int nice = Integer.parseInt(f[16]);
        long rss = 0; // kernel threads and zombies have no VmRSS
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) rss = Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
        }
        return new ProcessStat(ticks, nice, rss, Long.parseLong(f[19]));
    }

    /** Processors it kept busy on average since it started, given the system's uptime (first figure of /proc/uptime). */
    double lifetimeCpu(double uptimeSeconds) {
        double alive = uptimeSeconds - startTicks / TICKS_PER_SECOND;
        return alive <= 0 ? 0 : cpuTicks / TICKS_PER_SECOND / alive;
    }

    static double uptimeSeconds(Path proc) throws IOException {
        return Double.parseDouble(text(proc.resolve("uptime")).trim().split("\\s+")[0]);
    }

    /** Not Files.readString: /proc files report a size of 0. */
    static String text(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
