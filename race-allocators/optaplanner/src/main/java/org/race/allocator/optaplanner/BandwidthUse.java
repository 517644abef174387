package org.race.allocator.optaplanner;

/**
 * One use of bandwidth charged to the node of component {@code owner}, by component index: its own
 * demand ({@code peer == owner}, always charged), or one end of a connection to {@code peer},
 * charged when the peer is on another node. Each connection gives two uses, one per end, as
 * {@link org.race.allocator.common.Assignment} charges it on both nodes.
 */
public record BandwidthUse(int owner, int peer, long amount) {
    boolean own() {
        return owner == peer;
    }

    /** The end that stands for its connection when connections are counted once. */
    boolean firstEnd() {
        return owner < peer;
    }
}
