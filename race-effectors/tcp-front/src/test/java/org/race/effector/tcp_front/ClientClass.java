package org.race.effector.tcp_front;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded load: a fixed number of HTTP clients bound to one loopback source address, each fetching
 * the page again as soon as the last fetch is complete (a closed loop, so the load never exceeds the
 * number of clients).
 */
final class ClientClass implements AutoCloseable {
    private final List<Thread> clients = new ArrayList<>();
    private final AtomicLong completed = new AtomicLong(), failed = new AtomicLong();
    private volatile boolean stopped;

    ClientClass(String sourceAddress, int count, InetSocketAddress front) {
        for (int i = 0; i < count; i++) {
            Thread t = new Thread(() -> {
                while (!stopped) fetch(sourceAddress, front);
            }, "client-" + sourceAddress + "-" + i);
            t.setDaemon(true);
            clients.add(t);
            t.start();
        }
    }

    private void fetch(String sourceAddress, InetSocketAddress front) {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(sourceAddress, 0));
            s.connect(front);
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /" + HttpServerProcess.FILE + " HTTP/1.0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buffer = new byte[65536];
            long bytes = 0;
            for (int n; (n = in.read(buffer)) >= 0;) bytes += n;
            if (bytes > 0) completed.incrementAndGet();
            else failed.incrementAndGet();
        } catch (IOException e) {
            if (!stopped) failed.incrementAndGet();
        }
    }

    long completed() {
        return completed.get();
    }

    long failed() {
        return failed.get();
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        for (Thread t : clients) t.join(35_000);
    }
}
