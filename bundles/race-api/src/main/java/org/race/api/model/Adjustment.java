package org.race.api.model;

import java.io.Serializable;

/**
 * One change a controller asks for. {@code component} null means the whole application.
 * PRIORITY: value = OS priority; PERIOD: value = period in ms; PRIORITY_CLASS: text = class;
 * MOVE: text = target node.
 */
public record Adjustment(String application, String component, Kind kind, double value, String text)
        implements Serializable {
    public enum Kind { PRIORITY, PRIORITY_CLASS, PERIOD, MOVE }
}
