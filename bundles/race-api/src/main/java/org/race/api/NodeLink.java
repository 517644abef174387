package org.race.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.race.api.model.Delivery;

/**
 * One node's end of the links between nodes that different containers host: it takes the outputs,
 * releases and completions of end-to-end iterations that crossed from another container. Node
 * containers export it (with {@code race.node}) next to their NodeManager; inside one container the
 * platform passes them on directly.
 */
@ProviderType
public interface NodeLink {
    String nodeName();

    /** Accept deliveries for this node's components; those of applications not deployed here are dropped. */
    void deliver(List<Delivery> deliveries);

    /**
     * The same for deliveries in their compact binary form (one frame of the node links, payloads
     * included), which containers of one RACE version send each other instead of Java-serialized
     * records; a frame that does not decode is refused with an IllegalArgumentException.
     */
    void receive(byte[] frame);
}
