package org.race.api.repository;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Installs component bundles in a node container, from the central's {@link ComponentRepository}:
 * registered by a node container for each node it hosts (service property {@code race.node}) and
 * exported as a Remote Service, so that the central makes a deployment's types present before the
 * node starts its part.
 */
@ProviderType
public interface ComponentInstaller {
    /**
     * Makes every bundle installed and active here in exactly its version and bytes (fetched, unless
     * there already, and checked against its size, the size limit and its SHA-256), and waits until it
     * provides its type. All or nothing: a refusal installs none of them and throws
     * IllegalStateException naming the type, the bundle, its version and the reason (size, limit and
     * hash are checked before anything is installed). Repeating a call that succeeded does nothing.
     *
     * @return the bundles it fetched from the central and installed (or updated to) now; not those already here
     */
    List<ComponentBundle> install(List<ComponentBundle> bundles);
}
