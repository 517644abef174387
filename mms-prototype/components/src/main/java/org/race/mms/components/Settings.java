package org.race.mms.components;

import java.util.Map;
import java.util.function.Function;

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
        return read(name, fallback, min, max, Long::parseLong, "a whole number");
    }

    double number(String name, double fallback, double min, double max) {
        return read(name, fallback, min, max, Double::parseDouble, "a number");
    }

    private <T extends Comparable<T>> T read(String name, T fallback, T min, T max, Function<String, T> parse, String what) {
        String v = properties.get(name);
        if (v == null) return fallback;
        try {
            T x = parse.apply(v.trim());
            if (x.compareTo(min) >= 0 && x.compareTo(max) <= 0) return x; // NaN compares above every number: refused
        } catch (NumberFormatException e) {
            // refused below, with the range
        }
        throw new IllegalArgumentException("property " + name + ": expected " + what + " from " + min + " to " + max + ", got '" + v + "'");
    }
}
