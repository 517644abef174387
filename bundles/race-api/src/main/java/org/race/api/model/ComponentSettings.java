package org.race.api.model;

import java.io.Serializable;

/**
 * What configurators decided for one component. Null fields were not configured; the platform
 * then uses its default (rate-monotonic priority, single thread, best effort).
 */
public record ComponentSettings(Integer priority, String priorityClass, String threadingModel, String priorityModel,
        String dscp) implements Serializable {
    public static final ComponentSettings NONE = new ComponentSettings(null, null, null, null, null);

    public ComponentSettings withPriority(Integer p) {
        return new ComponentSettings(p, priorityClass, threadingModel, priorityModel, dscp);
    }

    public ComponentSettings withPriorityClass(String c) {
        return new ComponentSettings(priority, c, threadingModel, priorityModel, dscp);
    }

    public ComponentSettings withThreading(String threading, String model) {
        return new ComponentSettings(priority, priorityClass, threading, model, dscp);
    }

    public ComponentSettings withDscp(String d) {
        return new ComponentSettings(priority, priorityClass, threadingModel, priorityModel, d);
    }
}
