package org.race.effector.tcp_front;

/**
 * What the front's per-class sensors read at one instant (paper: connections waiting to be accepted,
 * connections accepted so far, total connection delay), and the class's accept-rate actuator setting.
 * Counters are cumulative, so that every reader takes its own window with {@link #meanDelaySince}.
 *
 * @param waiting    connections that arrived and wait for the class's accept rate
 * @param accepted   connections forwarded to the server so far
 * @param delayed    connections whose delay is known (the server's first byte came back)
 * @param delaySum   seconds of connection delay summed over {@code delayed}
 * @param acceptRate connections per second the class may forward; infinite when not limited
 */
public record ClassSensors(String name, int waiting, long accepted, long delayed, double delaySum, double acceptRate) {
    /** Mean connection delay (seconds) of the connections delayed since {@code earlier}; NaN if none. */
    public double meanDelaySince(ClassSensors earlier) {
        long n = delayed - (earlier == null ? 0 : earlier.delayed);
        return n == 0 ? Double.NaN : (delaySum - (earlier == null ? 0 : earlier.delaySum)) / n;
    }
}
