package org.race.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a node container that died (crash, {@code kill -9}) faster than its ZooKeeper session can: the central
 * holds one idle TCP connection to each node container's Remote Services endpoint. When the container's process
 * ends, its operating system closes that connection at once; the watch connects again, and a refusal means nothing
 * listens there any more: the container's nodes are reported gone. A container that only pauses (SIGSTOP, a long
 * garbage collection) keeps its connection open and its kernel still accepts new ones, so it is never reported; nor
 * is a host that stops answering altogether (power loss, a cut network: no packet says so), which is left to the
 * ZooKeeper session and the bound on calls. One thread and one socket per container, whatever the number of nodes.
 */
final class ContainerWatch {
    /** Aries RSA fastbin's endpoint property: where the node container's Remote Services listen, tcp://host:port. */
    static final String FASTBIN_ADDRESS = "aries.fastbin.address";
    /** A connect not answered within this is abandoned and tried again later: only a quick refusal is a verdict. */
    static final long CONNECT_MS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(ContainerWatch.class);

    private final BiConsumer<String, String> gone;
    private final Queue<Runnable> requests = new ConcurrentLinkedQueue<>();
    // the watch thread's own state
    private final Map<InetSocketAddress, Set<String>> nodesAt = new HashMap<>();
    private final Map<String, InetSocketAddress> addressOf = new HashMap<>();
    private final Map<InetSocketAddress, SocketChannel> channels = new HashMap<>();
    private final Map<InetSocketAddress, Long> connectingSince = new HashMap<>();
    private Selector selector;
    private Thread thread;
    private volatile boolean closed;

    /** {@code gone} gets a node and the evidence, on the watch thread. */
    ContainerWatch(BiConsumer<String, String> gone) {
        this.gone = gone;
    }

    /** Watches the container a node's NodeManager was imported from; a local node (no endpoint address) is not watched. */
    synchronized void watch(String node, Map<String, Object> service) {
        InetSocketAddress address = address(service.get(FASTBIN_ADDRESS));
        if (address == null || closed) {
            unwatch(node);
            return;
        }
        request(() -> {
            forget(node);
            addressOf.put(node, address);
            nodesAt.computeIfAbsent(address, a -> new TreeSet<>()).add(node);
            if (!channels.containsKey(address)) connect(address);
        });
    }

    synchronized void unwatch(String node) {
        if (thread != null) request(() -> forget(node));
    }

    /** Stops the watch thread; it does not wait for it (it may be reporting to a caller that holds the lock of this one's owner). */
    synchronized void close() {
        closed = true;
        if (selector != null) selector.wakeup();
    }

    /** host:port of a {@code tcp://host:port} endpoint address; null for none or another form. */
    static InetSocketAddress address(Object value) {
        if (value == null) return null;
        try {
            URI uri = URI.create(value.toString().trim());
            if (!"tcp".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() <= 0) return null;
            return new InetSocketAddress(uri.getHost(), uri.getPort());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void request(Runnable r) {
        if (thread == null) start();
        requests.add(r);
        selector.wakeup();
    }

    private void start() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch node containers", e);
        }
        thread = new Thread(this::run, "race-container-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        ByteBuffer sink = ByteBuffer.allocate(256);
        try {
            while (!closed) {
                selector.select(CONNECT_MS);
                for (Runnable r; (r = requests.poll()) != null;) r.run();
                for (SelectionKey k : selector.selectedKeys()) {
                    InetSocketAddress address = (InetSocketAddress) k.attachment();
                    if (!k.isValid() || channels.get(address) != k.channel()) continue;
                    if (k.isConnectable()) connected(address, k);
                    else if (k.isReadable()) readable(address, (SocketChannel) k.channel(), sink);
                }
                selector.selectedKeys().clear();
                retrySlowConnects();
            }
        } catch (IOException | ClosedSelectorException e) {
            if (!closed) LOG.error("node container watch stopped: {}", e.toString());
        } finally {
            channels.values().forEach(ContainerWatch::closeQuietly);
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** The connection was closed (or broke): the container may be gone, so connect again; a refusal decides. */
    private void readable(InetSocketAddress address, SocketChannel channel, ByteBuffer sink) {
        int n;
        try {
            sink.clear();
            n = channel.read(sink);
        } catch (IOException reset) {
            n = -1;
        }
        if (n < 0) connect(address);
    }

    private void connected(InetSocketAddress address, SelectionKey k) {
        try {
            if (((SocketChannel) k.channel()).finishConnect()) {
                connectingSince.remove(address);
                k.interestOps(SelectionKey.OP_READ);
            }
        } catch (ConnectException refused) {
            refused(address, refused);
        } catch (IOException other) {
            // unreachable, or the like: no verdict; tried again after CONNECT_MS
            LOG.debug("node container {}: {}", address, other.toString());
        }
    }

    private void connect(InetSocketAddress address) {
        closeQuietly(channels.remove(address));
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open();
            ch.configureBlocking(false);
            channels.put(address, ch);
            connectingSince.put(address, System.nanoTime());
            boolean done = ch.connect(address);
            ch.register(selector, done ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, address);
            if (done) connectingSince.remove(address);
        } catch (ConnectException refused) {
            refused(address, refused);
        } catch (IOException other) {
            LOG.debug("node container {}: {}", address, other.toString());
        }
    }

    /** A connect that neither succeeds nor is refused quickly (packets dropped) is no verdict: start it again. */
    private void retrySlowConnects() {
        long now = System.nanoTime();
        for (InetSocketAddress a : Set.copyOf(connectingSince.keySet())) {
            if (now - connectingSince.get(a) > CONNECT_MS * 1_000_000) connect(a);
        }
    }

    private void refused(InetSocketAddress address, ConnectException e) {
        Set<String> nodes = nodesAt.remove(address);
        closeQuietly(channels.remove(address));
        connectingSince.remove(address);
        if (nodes == null) return;
        nodes.forEach(addressOf::remove);
        String evidence = "its container at " + address.getHostString() + ":" + address.getPort() + " is gone (its connection closed, a new one refused)";
        for (String node : nodes) {
            try {
                gone.accept(node, evidence);
            } catch (RuntimeException ex) {
                LOG.error("reporting node {} gone failed", node, ex);
            }
        }
    }

    private void forget(String node) {
        InetSocketAddress old = addressOf.remove(node);
        if (old == null) return;
        Set<String> left = nodesAt.getOrDefault(old, new HashSet<>());
        left.remove(node);
        if (left.isEmpty()) {
            nodesAt.remove(old);
            connectingSince.remove(old);
            closeQuietly(channels.remove(old));
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
