package org.race.api;

/** Service property names by which the engine tells role implementations apart. */
public final class RoleProperties {
    /** The name a role is selected by, e.g. {@code race.name=firstfit} on an Allocator. */
    public static final String NAME = "race.name";
    /** The node a node-side service (NodeManager, NodeMonitor, NodeEffector, ResourceMonitor, LegacyComponent) belongs to. */
    public static final String NODE = "race.node";
    /** The resource a ResourceMonitor measures: cpu, memory, bandwidth, … */
    public static final String RESOURCE = "race.resource";
    /** The platform a node runs on: {@code sim} or {@code jvm}. */
    public static final String PLATFORM = "race.platform";

    private RoleProperties() {
    }
}
