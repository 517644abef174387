package org.race.api;

/**
 * Framework properties (BundleContext.getProperty) that RACE's launcher sets and its bundles read:
 * one place for their names. Service properties are {@link RoleProperties}.
 */
public final class FrameworkProperties {
    /** The platform this container runs on, {@code sim} (the default) or {@code jvm}: the launcher starts the bundle race-platform-&lt;name&gt;. */
    public static final String PLATFORM = "race.platform";
    /** The default {@link #PLATFORM}. */
    public static final String DEFAULT_PLATFORM = "sim";
    /** The nodes of the domain this container hosts, comma-separated; {@code none} for none; unset: every node (the embedded mode). */
    public static final String NODES = "race.nodes";
    /** {@code true} exports the hosted nodes' services as OSGi Remote Services (node containers). */
    public static final String EXPORT = "race.export";
    /** Virtual seconds per wall-clock second on the sim platform while idle; 0 = time moves only by race:run. */
    public static final String SIM_SPEED = "race.sim.speed";
    /** The container's folder (deploy/, conf/, extras/, examples/). */
    public static final String HOME = "race.home";
    /** embedded, central or node. */
    public static final String PROFILE = "race.profile";
    /** host:port of the ZooKeeper server Remote Services discovery uses (central and node profiles). */
    public static final String ZOOKEEPER = "race.zookeeper";
    /** The address fastbin listens on and announces. */
    public static final String BIND = "race.bind";
    public static final String FASTBIN_PORT = "race.fastbin.port";
    /** Nodes a batch command line waits for (comma-separated) before it runs. */
    public static final String AWAIT_NODES = "race.await.nodes";
    /** on or off: whether this container serves the dashboard. */
    public static final String DASHBOARD = "race.dashboard";
    public static final String HTTP_HOST = "race.http.host";
    public static final String HTTP_PORT = "race.http.port";

    private FrameworkProperties() {
    }
}
