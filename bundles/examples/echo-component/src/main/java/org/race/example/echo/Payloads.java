package org.race.example.echo;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/** Echo's payloads: the iteration (8 bytes), then bytes that follow from it, so that a change anywhere shows. */
final class Payloads {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    static final int HEADER = Long.BYTES;

    static byte[] make(long iteration, int size) {
        if (size < HEADER) throw new IllegalArgumentException("payloadBytes must be at least " + HEADER + " (the iteration), got " + size);
        byte[] p = new byte[size];
        ByteBuffer.wrap(p).putLong(iteration);
        for (int i = HEADER; i < size; i++) p[i] = pattern(iteration, i);
        return p;
    }

    private static byte pattern(long iteration, int i) {
        return (byte) (iteration * 31 + i);
    }

    /** The iteration an intact payload carries; throws if it is not intact. */
    static long iterationOf(byte[] p) {
        if (p.length < HEADER) throw new IllegalStateException("payload of " + p.length + " bytes: shorter than its header");
        long iteration = ByteBuffer.wrap(p).getLong();
        for (int i = HEADER; i < p.length; i++) {
            if (p[i] != pattern(iteration, i)) throw new IllegalStateException("payload of iteration " + iteration + " changed at byte " + i);
        }
        return iteration;
    }

    /** Burns {@code nanos} of this thread's CPU time. */
    static void spin(long nanos) {
        if (nanos <= 0) return;
        long end = MX.getCurrentThreadCpuTime() + nanos;
        while (MX.getCurrentThreadCpuTime() < end) Thread.onSpinWait();
    }

    /** What a checking echo saw last: every input intact, of the job's iteration, each iteration the one after the previous. */
    static final class Order {
        private long last = -1;

        void check(long iteration, Map<String, byte[]> inputs, List<String> predecessors) {
            // iterations are numbered without gaps (a release dropped under overload gets no number)
            long previous = last;
            // a gap forward is one failure, then the count goes on from there (a lost node's iterations are gone for good)
            if (iteration > last) last = iteration;
            if (previous >= 0 && iteration != previous + 1) throw new IllegalStateException("iteration " + iteration + " after " + previous + ": one lost or run twice");
            for (String from : predecessors) {
                byte[] p = inputs.get(from);
                if (p == null) throw new IllegalStateException("no payload from " + from + " in iteration " + iteration);
                long carried = iterationOf(p);
                if (carried != iteration) throw new IllegalStateException("payload of iteration " + carried + " from " + from + " in iteration " + iteration);
            }
        }
    }

    private Payloads() {
    }
}
