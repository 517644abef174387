package org.race.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The time the control loop runs on: virtual under the {@code sim} platform, the system clock
 * under {@code jvm}.
 */
@ProviderType
public interface Clock {
    long nowMillis();

    /** Run {@code task} every {@code periodMs}, first after one period. Close the result to stop. */
    AutoCloseable schedule(long periodMs, Runnable task);

    /**
     * Let {@code durationMs} pass and return when it has: immediately under {@code sim} (virtual time
     * runs as fast as it can), after a real sleep under {@code jvm}.
     */
    void elapse(long durationMs) throws InterruptedException;
}
