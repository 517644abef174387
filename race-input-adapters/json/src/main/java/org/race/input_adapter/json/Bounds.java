package org.race.input_adapter.json;

import org.race.text.Numbers;

/**
 * The sane range of a numeric descriptor field. A value outside is a typo or a unit mix-up, and the
 * figures derived from it break: a period of 1e-9 ms meant a million releases (and misses) per
 * simulated second, a cpu of 1e308 overflows every sum of reservations.
 *
 * @param min smallest accepted value other than zero
 * @param max largest accepted value
 * @param zero whether 0 is accepted too (e.g. no memory, no link latency)
 */
record Bounds(double min, double max, boolean zero, String unit, String minWords, String maxWords) {
    static final double DAY_MS = 86_400_000;
    /** Periods, deadlines, latencies, execution times: from 1 µs to a day. */
    static final Bounds TIME = new Bounds(0.001, DAY_MS, false, "ms", "1 µs", "a day");
    static final Bounds TIME_OR_ZERO = new Bounds(0.001, DAY_MS, true, "ms", "1 µs", "a day");
    /** A node's processing capacity: a thousandth of the reference processor to a million of them. */
    static final Bounds NODE_CPU = new Bounds(0.001, 1e6, false, "", null, null);
    /** A component's demand: up to what the largest node can have. */
    static final Bounds CPU_OR_ZERO = new Bounds(1e-6, 1e6, true, "", null, null);
    /** Memory in MB: up to a petabyte. */
    static final Bounds MEMORY = new Bounds(0.001, 1e9, false, "MB", null, "1 PB");
    static final Bounds MEMORY_OR_ZERO = new Bounds(0.001, 1e9, true, "MB", null, "1 PB");
    /** Bandwidth in Mbit/s: from a kbit/s up to a Pbit/s. */
    static final Bounds BANDWIDTH = new Bounds(0.001, 1e9, false, "Mbit/s", "1 kbit/s", "1 Pbit/s");
    static final Bounds BANDWIDTH_OR_ZERO = new Bounds(0.001, 1e9, true, "Mbit/s", "1 kbit/s", "1 Pbit/s");

    boolean accepts(double v) {
        return (zero && v == 0) || (v >= min && v <= max);
    }

    /** e.g. "must be between 0.001 ms (1 µs) and 86400000 ms (a day), got 1.0e-9". */
    String refusal(double v) {
        return "must be " + (zero ? "0 or " : "") + "between " + figure(min, minWords) + " and " + figure(max, maxWords) + ", got "
                + Numbers.readable(v);
    }

    private String figure(double v, String words) {
        return Numbers.readable(v) + (unit.isEmpty() ? "" : " " + unit) + (words == null ? "" : " (" + words + ")");
    }
}
