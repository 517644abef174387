package org.race.experiment.hopbench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The plain-Java chains the component runtime is compared with: the same chain of {@code n} threads, each
 * taking a 1 KB payload, burning the same CPU time and handing the payload on, released by a timer thread
 * at the same rate through a queue (as the jvm platform's release timer queues the source's job); the
 * hand-off between two stages is a {@link LinkedBlockingQueue} (the platform's worker queue) or a TCP
 * connection on loopback (a payload sent, read whole by the next stage's thread).
 */
final class Baselines {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    enum Kind {
        QUEUE, SOCKET
    }

    private Baselines() {
    }

    /** Runs the chain for {@code timeline.iterations()} releases at {@code rateHz}; fills the timeline. */
    static void run(Kind kind, Timeline timeline, int rateHz, int payloadBytes, long spinNanos) throws Exception {
        int n = timeline.n, iterations = timeline.iterations();
        long[][] queued = new long[n][iterations];
        List<BlockingQueue<byte[]>> queues = new ArrayList<>();
        for (int k = 0; k < n; k++) queues.add(new LinkedBlockingQueue<>());
        List<Socket> sockets = new ArrayList<>();
        In[] in = new In[n];
        Out[] out = new Out[n];
        in[0] = queues.get(0)::take;
        for (int k = 0; k + 1 < n; k++) {
            if (kind == Kind.QUEUE) {
                BlockingQueue<byte[]> q = queues.get(k + 1);
                out[k] = q::add;
                in[k + 1] = q::take;
            } else {
                try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    Socket send = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                    Socket receive = server.accept();
                    send.setTcpNoDelay(true);
                    receive.setTcpNoDelay(true);
                    sockets.add(send);
                    sockets.add(receive);
                    OutputStream os = send.getOutputStream();
                    DataInputStream is = new DataInputStream(receive.getInputStream());
                    out[k] = p -> os.write(p);
                    in[k + 1] = () -> {
                        byte[] p = new byte[payloadBytes];
                        is.readFully(p);
                        return p;
                    };
                }
            }
        }
        out[n - 1] = p -> {
        };
        CountDownLatch done = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            int stage = k;
            Thread t = new Thread(() -> {
                try {
                    for (int i = 0; i < iterations; i++) {
                        byte[] p = in[stage].take();
                        long started = System.nanoTime();
                        int it = (int) ByteBuffer.wrap(p).getLong();
                        spin(spinNanos);
                        if (stage == 0) p = payload(it, payloadBytes);
                        long ended = System.nanoTime();
                        timeline.job(stage, it, queued[stage][it], started, ended);
                        if (stage + 1 < n) queued[stage + 1][it] = System.nanoTime(); // the next stage reads it after the payload
                        out[stage].put(p);
                    }
                    if (stage == n - 1) done.countDown();
                } catch (InterruptedException | IOException e) {
                    // stopped
                }
            }, "baseline-" + kind.name().toLowerCase() + "-" + k);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
        long[] next = { 0 };
        timer.scheduleAtFixedRate(() -> {
            long i = next[0]++;
            if (i >= iterations) return;
            long now = System.nanoTime();
            timeline.release(i, now);
            queued[0][(int) i] = now;
            queues.get(0).add(ByteBuffer.allocate(Long.BYTES).putLong(i).array());
        }, 0, 1_000_000_000L / rateHz, TimeUnit.NANOSECONDS);
        boolean finished = done.await(iterations / rateHz + 30, TimeUnit.SECONDS);
        timer.shutdownNow();
        threads.forEach(Thread::interrupt);
        for (Socket s : sockets) s.close();
        for (Thread t : threads) t.join(2000);
        if (!finished) System.err.println("  (the " + kind + " chain of " + n + " did not finish every iteration in time)");
    }

    /** A payload of {@code size} bytes carrying its iteration, as echo's source makes it. */
    static byte[] payload(long iteration, int size) {
        byte[] p = new byte[size];
        ByteBuffer.wrap(p).putLong(iteration);
        for (int i = Long.BYTES; i < size; i++) p[i] = (byte) (iteration * 31 + i);
        return p;
    }

    /** Burns {@code nanos} of this thread's CPU time, as echo's spinMicros does. */
    static void spin(long nanos) {
        if (nanos <= 0) return;
        long end = MX.getCurrentThreadCpuTime() + nanos;
        while (MX.getCurrentThreadCpuTime() < end) Thread.onSpinWait();
    }

    /** Where a stage takes its payload from. */
    private interface In {
        byte[] take() throws InterruptedException, IOException;
    }

    /** Where a stage hands its payload to. */
    private interface Out {
        void put(byte[] p) throws IOException;
    }
}
