package org.race.api.repository;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The central container's component bundles, for node containers: which bundle provides a component
 * type here, and its bytes. Exported as a Remote Service by a central container.
 */
@ProviderType
public interface ComponentRepository {
    /** Most bytes one {@link #read} returns: a large bundle crosses in pieces. */
    int MAX_READ = 1 << 20;

    /**
     * The bundle that provides {@code type} now, with the SHA-256 and size of its jar; throws
     * IllegalStateException naming the reason when it cannot be served (no such type, a bundle not
     * installed from a readable file, a jar replaced by another version that is not installed yet).
     */
    ComponentBundle bundleOf(String type);

    /**
     * At most {@code length} (up to {@link #MAX_READ}) bytes of the jar whose SHA-256 is {@code sha256}, from
     * {@code offset}; fewer only at its end. Throws IllegalStateException when no jar it serves has that hash
     * (any more: replaced since {@link #bundleOf}), IllegalArgumentException for a bad offset or length.
     */
    byte[] read(String sha256, long offset, int length);
}
