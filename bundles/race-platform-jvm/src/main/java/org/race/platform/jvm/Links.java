package org.race.platform.jvm;

import java.util.HashMap;
import java.util.Map;

import org.race.api.model.Domain;

/**
 * The links between nodes of the jvm platform, and the enforcement of each connection's traffic
 * (paper 001: per-connection traffic enforcement, so one connection that sends more than it declared
 * cannot take other connections' bandwidth, and a share kept for best-effort traffic).
 * <p>
 * {@code enforced} (the default): every connection with a declared bandwidth has its own share of
 * the sending node's link at that rate, policed by a token bucket of {@code burst} messages (a
 * message is the declared bandwidth times the period): traffic within the bucket leaves at once and
 * takes the link's transmission time; traffic beyond it waits at the sender until its rate lets it
 * go. Connections without a declared bandwidth are best effort and share the domain's
 * {@code bestEffortShare} of the link the same way. {@code shared}: no enforcement, every message of a
 * node queues on one FIFO link, so a flood delays everyone. Times are in nanoseconds of the
 * platform's clock. Not thread safe: JvmWorld calls it under its state lock.
 */
final class Links {
    static final String ENFORCED = "enforced", SHARED = "shared";

    private boolean enforced = true;
    private double burstMessages = 2, bestEffortShare = Domain.DEFAULT_BEST_EFFORT_SHARE;
    /** Per connection (or per node's best effort): when its channel has sent everything handed to it. */
    private final Map<String, Long> channelFree = new HashMap<>();
    /** Per sending node, shared mode: when its link is free. */
    private final Map<String, Long> linkFree = new HashMap<>();
    /** Test hook for a misbehaving sender: how many times its declared traffic a connection sends. */
    private final Map<String, Double> offered = new HashMap<>();

    void configure(String mode, double burstMessages) {
        if (!mode.equals(ENFORCED) && !mode.equals(SHARED)) throw new IllegalArgumentException("connections must be enforced or shared, was '" + mode + "'");
        if (!(burstMessages >= 1)) throw new IllegalArgumentException("connectionBurst must be >= 1 message, was " + burstMessages);
        this.enforced = mode.equals(ENFORCED);
        this.burstMessages = burstMessages;
        reset();
    }

    /** A new domain: its share of each link for best effort (Domain checks the range), and no traffic yet. */
    void bestEffortShare(double share) {
        this.bestEffortShare = share;
        reset();
    }

    void reset() {
        channelFree.clear();
        linkFree.clear();
    }

    /** A connection sends {@code factor} times the traffic it declared (1 = conforming). */
    void offer(String connection, double factor) {
        offered.put(connection, factor);
    }

    /** Megabits a message of {@code connection} really carries. */
    double megabits(String connection, double declaredMegabits) {
        return declaredMegabits * offered.getOrDefault(connection, 1.0);
    }

    /**
     * A message of {@code megabits} handed to the link at {@code now}; returns when it arrives. The
     * bucket counts from the message's logical arrival, the release of the iteration it belongs to
     * (paper 001's logical arrival time), not from {@code now}: a conforming connection whose jobs ran
     * late and then caught up is not held back for ever after.
     *
     * @param logical      the release of the message's iteration (never after {@code now})
     * @param declaredMbps the connection's declared bandwidth (0: best effort)
     * @param periodNanos  the application's period: one message per period is what was declared
     * @param fromMbps     the sending node's link capacity
     * @param linkMbps     the slower end's capacity, at which the message is transmitted
     */
    long arrival(long now, long logical, String connection, String from, double declaredMbps, long periodNanos, double megabits, double fromMbps, double linkMbps,
            long latencyNanos) {
        long transmission = Math.round(megabits / linkMbps * 1e9);
        if (!enforced) {
            long start = Math.max(now, linkFree.getOrDefault(from, now));
            linkFree.put(from, start + transmission);
            return start + transmission + latencyNanos;
        }
        boolean bestEffort = declaredMbps <= 0;
        String channel = bestEffort ? "best effort of " + from : connection;
        double rate = bestEffort ? bestEffortShare * fromMbps : declaredMbps;
        double burst = bestEffort ? Math.max(megabits, rate * periodNanos / 1e9) : burstMessages * declaredMbps * periodNanos / 1e9;
        long finish = Math.max(logical, channelFree.getOrDefault(channel, logical)) + Math.round(megabits / rate * 1e9);
        channelFree.put(channel, finish);
        long eligible = Math.max(now, finish - Math.round(burst / rate * 1e9));
        return eligible + transmission + latencyNanos;
    }
}
