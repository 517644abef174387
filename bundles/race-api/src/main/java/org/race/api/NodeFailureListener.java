package org.race.api;

import org.osgi.annotation.versioning.ConsumerType;

/** Told (asynchronously, once per failure) when {@link NodeCalls} treats a node as failed. */
@ConsumerType
public interface NodeFailureListener {
    /** {@code reason} says why, e.g. {@code 3 calls timed out after 2000 ms}. */
    void nodeFailed(String node, String reason);
}
