package org.race.api.model;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * What crosses a {@link org.race.api.NodeLink} for one iteration of an application. Times are ages
 * relative to the iteration's release, never clock readings, so containers need no common clock:
 * the receiver places the release at its own {@code now - ageMicros}.
 *
 * @param application the application's name
 * @param iteration the iteration's number, as the node that released it counts
 * @param kind what is delivered
 * @param component the receiving component (RELEASE, OUTPUT) or the sink that finished (COMPLETE)
 * @param ageMicros time since the iteration's release when sent; for COMPLETE the sink's end-to-end latency
 * @param delayMicros the link's modelled delay (latency plus transmission) still to pass on arrival
 * @param megabits what an OUTPUT carries, for the receiving node's bandwidth measurement
 * @param sentAtMicros when it left, in microseconds since the epoch (0: not stamped). Where the
 *        clocks agree (one host, or NTP) the receiver counts the wire's transfer time as part of the
 *        modelled delay instead of adding it; a transfer that seems negative counts as none.
 * @param from for an OUTPUT, the predecessor that emitted it (null otherwise)
 * @param payload for an OUTPUT of a typed component, what it emitted to {@code component} (null: none); not copied, not to be changed
 */
public record Delivery(String application, long iteration, Kind kind, String component, long ageMicros, long delayMicros, double megabits,
        long sentAtMicros, String from, byte[] payload) implements Serializable {
    public enum Kind {
        /** The releasing node starts an iteration at a source component hosted elsewhere. */
        RELEASE,
        /** A predecessor's output reaches {@code component}. */
        OUTPUT,
        /** A sink hosted elsewhere finished the iteration, {@code ageMicros} after its release. */
        COMPLETE
    }

    /** Not yet stamped: the sending container stamps it when it leaves. */
    public Delivery(String application, long iteration, Kind kind, String component, long ageMicros, long delayMicros, double megabits) {
        this(application, iteration, kind, component, ageMicros, delayMicros, megabits, 0);
    }

    /** Without a payload. */
    public Delivery(String application, long iteration, Kind kind, String component, long ageMicros, long delayMicros, double megabits,
            long sentAtMicros) {
        this(application, iteration, kind, component, ageMicros, delayMicros, megabits, sentAtMicros, null, null);
    }

    public Delivery stamped(long epochMicros) {
        return new Delivery(application, iteration, kind, component, ageMicros, delayMicros, megabits, epochMicros, from, payload);
    }

    /** How long it has been on the wire at {@code epochMicros}: 0 if not stamped or the clocks disagree. */
    public long transitMicros(long epochMicros) {
        return sentAtMicros <= 0 ? 0 : Math.max(0, epochMicros - sentAtMicros);
    }

    public Delivery {
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(component, "component");
        if (ageMicros < 0 || delayMicros < 0 || megabits < 0) throw new IllegalArgumentException("ages, delays and sizes are >= 0");
    }

    /** Equal with equal payload bytes (a record compares arrays by identity). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Delivery d && iteration == d.iteration && ageMicros == d.ageMicros && delayMicros == d.delayMicros
                && Double.compare(megabits, d.megabits) == 0 && sentAtMicros == d.sentAtMicros && kind == d.kind && application.equals(d.application)
                && component.equals(d.component) && Objects.equals(from, d.from) && Arrays.equals(payload, d.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(application, iteration, kind, component, ageMicros, delayMicros, megabits, sentAtMicros, from) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "Delivery[" + kind + " " + application + "#" + iteration + " " + (from == null ? "" : from + " -> ") + component + ", age " + ageMicros
                + " us, delay " + delayMicros + " us" + (payload == null ? "" : ", " + payload.length + " bytes") + "]";
    }
}
