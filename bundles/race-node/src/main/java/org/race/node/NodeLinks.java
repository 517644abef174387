package org.race.node;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.race.api.NodeLink;
import org.race.api.RoleProperties;
import org.race.api.model.Delivery;
import org.race.node.platform.Courier;
import org.race.node.platform.DeliveryCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Courier of a container: it sends deliveries to the NodeLinks that other containers export
 * (imported through Remote Service Admin), one sender thread per destination node, so a platform
 * never waits for the wire and a slow node delays only what goes to it. Deliveries queued for the
 * same node travel together, in {@link DeliveryCodec} frames (payloads as bytes, no Java
 * serialization of records), one remote call per frame, in the order they were sent. Local links are not its business: a platform passes those on itself.
 */
@Component(service = Courier.class)
public class NodeLinks implements Courier {
    private static final Logger LOG = LoggerFactory.getLogger(NodeLinks.class);
    private static final String IMPORTED = "service.imported";

    private final Map<String, NodeLink> links = new HashMap<>();
    private final Map<String, Outbox> outboxes = new HashMap<>();
    /** Nodes deliveries were dropped for since their link was last seen: said once each. */
    private final Set<String> unreachable = new HashSet<>();

    /** Every NodeLink: no target filter, so that Remote Service Admin's import matches this interest; local ones are skipped. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void bindLink(NodeLink link, Map<String, Object> props) {
        if (props.get(IMPORTED) == null) return; // this container's own: the platform reaches it directly
        String node = String.valueOf(props.get(RoleProperties.NODE));
        links.put(node, link);
        unreachable.remove(node);
        LOG.info("link to node {} (another container)", node);
    }

    synchronized void unbindLink(NodeLink link, Map<String, Object> props) {
        String node = String.valueOf(props.get(RoleProperties.NODE));
        if (links.remove(node, link)) LOG.info("link to node {} gone", node);
    }

    @Override
    public void send(String node, Delivery delivery) {
        Outbox box;
        synchronized (this) {
            NodeLink link = links.get(node);
            if (link == null) {
                if (unreachable.add(node)) LOG.warn("no link to node {}: deliveries to it are dropped until it appears", node);
                return;
            }
            box = outboxes.computeIfAbsent(node, Outbox::new);
            box.link = link;
        }
        box.add(delivery.stamped(Courier.epochMicros()));
    }

    @Deactivate
    synchronized void deactivate() {
        outboxes.values().forEach(b -> b.sender.shutdownNow());
        outboxes.clear();
    }

    /** What waits for one node, and the thread that sends it. */
    private static final class Outbox {
        final String node;
        final ExecutorService sender;
        final List<Delivery> queued = new ArrayList<>();
        volatile NodeLink link;

        Outbox(String node) {
            this.node = node;
            this.sender = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "race-link-" + node);
                t.setDaemon(true);
                return t;
            });
        }

        void add(Delivery d) {
            synchronized (queued) {
                queued.add(d);
                if (queued.size() > 1) return; // a flush is already on its way
            }
            sender.execute(this::flush);
        }

        private void flush() {
            List<Delivery> batch;
            synchronized (queued) {
                batch = new ArrayList<>(queued);
                queued.clear();
            }
            for (byte[] frame : DeliveryCodec.frames(batch, DeliveryCodec.FRAME_BYTES)) {
                try {
                    link.receive(frame);
                } catch (RuntimeException e) {
                    LOG.warn("a frame of {} bytes to node {} lost ({} deliveries queued together): {}", frame.length, node, batch.size(), e.toString());
                }
            }
        }
    }
}
