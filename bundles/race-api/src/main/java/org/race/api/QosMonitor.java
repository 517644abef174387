package org.race.api;

import java.util.List;

import org.race.api.monitoring.ApplicationQos;

/** End-to-end QoS of the applications measured on one node (service property {@link RoleProperties#NODE}). */
public interface QosMonitor {
    /** QoS since the previous call. */
    List<ApplicationQos> sample();
}
