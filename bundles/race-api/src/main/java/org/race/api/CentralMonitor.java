package org.race.api;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;
import org.race.api.monitoring.DelayStats;
import org.race.api.monitoring.SystemSnapshot;

/**
 * Assembles a consistent, timestamped system snapshot: hierarchically from the NodeMonitors, asked in
 * parallel, or flat from every ResourceMonitor and QosMonitor, polled one after another.
 */
@ProviderType
public interface CentralMonitor {
    /** Take a new snapshot now; it becomes {@link #latest()}. */
    SystemSnapshot collect();

    Optional<SystemSnapshot> latest();

    /** Monitoring delay (requests sent to snapshot assembled) of the recent periods. */
    DelayStats delays();
}
