package org.race.api;

import java.util.Optional;

import org.race.api.monitoring.SystemSnapshot;

/** Assembles a system snapshot from the NodeMonitors (or from every resource and QoS monitor). */
public interface CentralMonitor {
    /** Take a new snapshot now; it becomes {@link #latest()}. */
    SystemSnapshot collect();

    Optional<SystemSnapshot> latest();
}
