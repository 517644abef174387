package org.race.jmx;

import javax.management.ConstructorParameters;

import org.race.api.analysis.ComponentResponse;

/**
 * One component of an application as the schedulability analysis sees it at the periods in force: its node,
 * priority, worst-case execution time and worst-case response from its iteration's release (+Infinity when
 * unbounded). An MXBean maps it to CompositeData.
 */
public final class ComponentBound {
    private final String name, node;
    private final int priority;
    private final double wcetMs, responseMs;

    @ConstructorParameters({ "name", "node", "priority", "wcetMs", "responseMs" })
    public ComponentBound(String name, String node, int priority, double wcetMs, double responseMs) {
        this.name = name;
        this.node = node;
        this.priority = priority;
        this.wcetMs = wcetMs;
        this.responseMs = responseMs;
    }

    static ComponentBound of(ComponentResponse c) {
        return new ComponentBound(c.name(), c.node(), c.priority(), c.wcetMs(), c.responseMs() == null ? Double.POSITIVE_INFINITY : c.responseMs());
    }

    public String getName() {
        return name;
    }

    public String getNode() {
        return node;
    }

    public int getPriority() {
        return priority;
    }

    public double getWcetMs() {
        return wcetMs;
    }

    public double getResponseMs() {
        return responseMs;
    }
}
