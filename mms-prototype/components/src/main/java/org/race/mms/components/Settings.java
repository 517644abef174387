package org.race.mms.components;

import java.util.Map;

/**
 * A component's descriptor properties read as numbers in a range: a bad value refuses the
 * activation (and so the deployment) with the property's name, the range and what was given.
 */
final class Settings {
    private final Map<String, String> properties;

    Settings(Map<String, String> properties) {
        this.properties = properties;
    }

    long whole(String name, long fallback, long min, long max) {
        String v = properties.get(name);
        if (v == null) return fallback;
        try {
            long x = Long.parseLong(v.trim());
            if (x >= min && x <= max) return x;
        } catch (NumberFormatException e) {
            // refused below, with the range
        }
        throw new IllegalArgumentException("property " + name + ": expected a whole number from " + min + " to " + max + ", got '" + v + "'");
    }

    double number(String name, double fallback, double min, double max) {
        String v = properties.get(name);
        if (v == null) return fallback;
        try {
            double x = Double.parseDouble(v.trim());
            if (x >= min && x <= max) return x;
        } catch (NumberFormatException e) {
            // refused below, with the range
        }
        throw new IllegalArgumentException("property " + name + ": expected a number from " + min + " to " + max + ", got '" + v + "'");
    }
}
