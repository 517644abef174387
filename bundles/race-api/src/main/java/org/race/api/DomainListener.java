package org.race.api;

import org.osgi.annotation.versioning.ConsumerType;
import org.race.api.model.Domain;

/**
 * Told synchronously when the engine loads a domain, before the load returns; platforms that
 * simulate nodes register their NodeManagers here.
 */
@ConsumerType
public interface DomainListener {
    void domainLoaded(Domain domain);
}
