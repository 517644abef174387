package org.race.api;

/**
 * The event channels monitors publish on (OSGi Event Admin). Per application and sampling window
 * {@code race/qos/<app>/window}, and {@code race/qos/<app>/deadline_missed} when it missed deadlines;
 * per node and resource {@code race/resource/<node>/<resource>}. Names are topic tokens with every
 * character other than letters, digits, {@code _} and {@code -} turned into {@code _}: a handler tells
 * applications apart by the {@link #APPLICATION} property, which carries the exact name.
 */
public final class QosEvents {
    public static final String QOS = "race/qos/";
    public static final String RESOURCE = "race/resource/";
    public static final String WINDOW = "window";
    public static final String DEADLINE_MISSED = "deadline_missed";

    /** Event properties. */
    public static final String APPLICATION = "application", NODE = "node", TIME = "timeMs", MET = "met",
            MISSED = "missed", MISS_RATIO = "missRatio", MEAN_LATENCY = "meanLatencyMs", MAX_LATENCY = "maxLatencyMs",
            DEADLINE = "deadlineMs", UTILIZATION = "utilization", USED = "used", CAPACITY = "capacity";

    /** {@code name} as one topic token. */
    public static String token(String name) {
        return name.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    public static String qosTopic(String application, String event) {
        return QOS + token(application) + "/" + event;
    }

    public static String resourceTopic(String node, String resource) {
        return RESOURCE + token(node) + "/" + token(resource);
    }

    private QosEvents() {
    }
}
