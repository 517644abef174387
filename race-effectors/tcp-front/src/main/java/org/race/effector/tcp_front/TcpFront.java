package org.race.effector.tcp_front;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A front for an unmodified TCP server (paper 002's classifier, sensors and actuators, in user space
 * instead of the kernel): it accepts every connection on its own port, sorts it into a class by the
 * client's address, queues it in that class, and forwards it to the server at the class's accept
 * rate, copying bytes both ways. The connection delay of a connection is the time from its arrival at
 * the front until the server's first byte comes back: the wait in the class's queue plus the server's
 * own queueing, which is what a client perceives before anything is served.
 */
public final class TcpFront implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TcpFront.class);
    /** A paced dispatcher re-reads its rate at least this often, so a raised rate acts at once. */
    private static final long PACING_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private record Pending(Socket client, long arrivedNanos) {
    }

    /** One class: its queue (sensor: waiting), its counters and its accept-rate actuator. */
    private static final class ServiceClass {
        final String name;
        final LinkedBlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
        final AtomicLong accepted = new AtomicLong();
        volatile double acceptRate = Double.POSITIVE_INFINITY;
        long delayed;
        double delaySum;

        ServiceClass(String name) {
            this.name = name;
        }

        synchronized void delay(double seconds) {
            delayed++;
            delaySum += seconds;
        }

        synchronized ClassSensors read() {
            return new ClassSensors(name, waiting.size(), accepted.get(), delayed, delaySum, acceptRate);
        }
    }

    private final Classifier classifier;
    private final InetSocketAddress server;
    private final ServerSocket listener;
    private final Map<String, ServiceClass> classes = new LinkedHashMap<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "race-front");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    /**
     * Starts listening on {@code listen} and forwarding to {@code server}.
     *
     * @param classes classification rules, see {@link Classifier#parse}
     */
    public TcpFront(InetSocketAddress listen, InetSocketAddress server, String classes) throws IOException {
        this.classifier = Classifier.parse(classes);
        this.server = server;
        for (String name : classifier.classes()) this.classes.put(name, new ServiceClass(name));
        this.listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(listen, 1024);
        threads.execute(this::acceptLoop);
        for (ServiceClass c : this.classes.values()) threads.execute(() -> dispatchLoop(c));
        LOG.info("TCP front on {} forwarding to {}, classes {}", listener.getLocalSocketAddress(), server, classes);
    }

    /** The address clients connect to (the port is the real one when 0 was asked for). */
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    public List<String> classes() {
        return List.copyOf(classes.keySet());
    }

    /** The sensors of every class, in the order of the rules. */
    public List<ClassSensors> sensors() {
        return classes.values().stream().map(ServiceClass::read).toList();
    }

    public ClassSensors sensors(String className) {
        return serviceClass(className).read();
    }

    /**
     * The accept-rate actuator: connections per second the class may forward to the server;
     * {@code Double.POSITIVE_INFINITY} removes the limit.
     */
    public void acceptRate(String className, double perSecond) {
        if (!(perSecond > 0)) throw new IllegalArgumentException("accept rate of class '" + className + "' must be > 0, was " + perSecond);
        serviceClass(className).acceptRate = perSecond;
    }

    private ServiceClass serviceClass(String name) {
        ServiceClass c = classes.get(name);
        if (c == null) throw new IllegalArgumentException("no class '" + name + "' (classes: " + classes.keySet() + ")");
        return c;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                long now = System.nanoTime();
                classes.get(classifier.classify(client.getInetAddress())).waiting.add(new Pending(client, now));
            } catch (IOException e) {
                if (!closed) LOG.warn("TCP front on {}: accept failed: {}", listener.getLocalSocketAddress(), e.toString());
            }
        }
    }

    /** Takes the class's connections in arrival order, no faster than its accept rate. */
    private void dispatchLoop(ServiceClass c) {
        long last = System.nanoTime() - TimeUnit.SECONDS.toNanos(1);
        try {
            while (!closed) {
                Pending p = c.waiting.take();
                while (true) {
                    double rate = c.acceptRate;
                    if (Double.isInfinite(rate)) break;
                    long wait = last + (long) (1e9 / rate) - System.nanoTime();
                    if (wait <= 0) break;
                    TimeUnit.NANOSECONDS.sleep(Math.min(wait, PACING_SLICE_NANOS));
                }
                last = System.nanoTime();
                c.accepted.incrementAndGet();
                threads.execute(() -> forward(c, p));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void forward(ServiceClass c, Pending p) {
        try (Socket client = p.client(); Socket upstream = new Socket()) {
            upstream.connect(server);
            threads.execute(() -> copyRequest(client, upstream));
            InputStream in = upstream.getInputStream();
            OutputStream out = client.getOutputStream();
            byte[] buffer = new byte[16384];
            int n = in.read(buffer);
            if (n > 0) c.delay((System.nanoTime() - p.arrivedNanos()) / 1e9);
            while (n >= 0) {
                out.write(buffer, 0, n);
                n = in.read(buffer);
            }
        } catch (IOException e) {
            if (!closed) LOG.debug("TCP front: connection of class {} ended: {}", c.name, e.toString());
        }
    }

    /** Client to server; the client's end of its requests is passed on as a half-close. */
    private static void copyRequest(Socket client, Socket upstream) {
        try {
            client.getInputStream().transferTo(upstream.getOutputStream());
            upstream.shutdownOutput();
        } catch (SocketException closedMeanwhile) {
            // the server's side finished first and closed both sockets
        } catch (IOException e) {
            LOG.debug("TCP front: request copy ended: {}", e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            LOG.debug("TCP front: closing the listener: {}", e.toString());
        }
        threads.shutdownNow();
        for (ServiceClass c : classes.values()) {
            for (Pending p : c.waiting) {
                try {
                    p.client().close();
                } catch (IOException ignored) {
                    // dropping it anyway
                }
            }
        }
    }
}
