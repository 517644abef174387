package org.race.api.model;

/** Criticality of an application, lowest first; MUF puts HIGH into the high priority class. */
public enum Importance {
    LOW, MEDIUM, HIGH;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
