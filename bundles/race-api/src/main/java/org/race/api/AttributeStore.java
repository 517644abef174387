package org.race.api;

import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;
import org.race.api.model.AttributeException;

/**
 * Per application, a named attribute store (Dionisys' attribute classes): QoS attributes as name/value
 * pairs, read by anyone and set by name. Built-in attributes mirror what is deployed and are changed
 * through the CentralEffector and its guard: {@code priority} (every component), {@code <component>.priority},
 * {@code period} (ms) and {@code rate} (releases per second). Any other name (e.g. {@code frame_rate}) is
 * application-defined and kept while the application is deployed.
 * <p>
 * The service is bundle-scoped: each bundle gets its own instance, which knows that bundle as the
 * caller. A bundle may set an application's attributes when it registers a handler for it (a service
 * with {@link #APPLICATION} naming the application), or when it is the engine's bundle.
 */
@ProviderType
public interface AttributeStore {
    /** Service property of a handler: the application it acts for (one name, or several). */
    String APPLICATION = "race.application";

    /** Every attribute of a deployed application, built-in ones first; empty when it is not deployed. */
    Map<String, Double> attributes(String application);

    Optional<Double> get(String application, String name);

    /**
     * Set one attribute. Throws when the caller may not write the application's attributes, when the
     * application is not deployed, or when the guard rejects the change; nothing changes then.
     * Returns the value in effect afterwards (the guard may have clamped it).
     */
    double set(String application, String name, double value) throws AttributeException;
}
