package org.race.platform.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The link arithmetic: a 10 Mbit/s link, 1 ms latency, connections of 2 Mbit/s every 100 ms (0.2 Mb messages, 20 ms on the wire). */
class LinksTest {
    private static final long MS = 1_000_000, PERIOD = 100 * MS, LATENCY = MS;

    private static long send(Links links, long now, String connection, double declaredMbps, double megabits) {
        return links.arrival(now, now, connection, "n1", declaredMbps, PERIOD, megabits, 10, 10, LATENCY) - now;
    }

    @Test
    void conformingTrafficTakesOnlyTransmissionAndLatency() {
        Links links = new Links();
        for (int i = 0; i < 10; i++) assertEquals(21 * MS, send(links, i * PERIOD, "a", 2, 0.2), "message " + i);
    }

    @Test
    void enforcedAFloodWaitsAtItsSenderAndTheOthersKeepTheirDelay() {
        Links links = new Links();
        long flooded = 0, other = 0;
        for (int i = 0; i < 10; i++) {
            flooded = send(links, i * PERIOD, "flood", 2, 4.0); // 20 times what it declared
            other = send(links, i * PERIOD, "other", 2, 0.2);
            assertEquals(21 * MS, other, "the conforming connection, message " + i);
        }
        assertTrue(flooded > 10 * PERIOD, "the flood is held to 2 Mbit/s: its 10th message waits " + flooded / MS + " ms");
    }

    @Test
    void sharedAFloodDelaysEveryone() {
        Links links = new Links();
        links.configure(Links.SHARED, 1);
        long other = 0;
        for (int i = 0; i < 10; i++) {
            send(links, i * PERIOD, "flood", 2, 4.0);
            other = send(links, i * PERIOD, "other", 2, 0.2);
        }
        assertTrue(other > 3000 * MS, "behind 40 Mb of flood on a 10 Mbit/s link: " + other / MS + " ms");
    }

    @Test
    void theBurstLetsAConnectionCatchUpAndBestEffortGetsItsShare() {
        Links links = new Links();
        links.configure(Links.ENFORCED, 3);
        assertEquals(41 * MS, send(links, 0, "a", 2, 0.4), "two messages' worth within a burst of three go at once");
        assertEquals(21 * MS, send(links, 0, "a", 2, 0.2), "the third too");
        assertEquals(21 * MS + 100 * MS, send(links, 0, "a", 2, 0.2), "the fourth waits for 100 ms of tokens");
        // best effort: 10 % of 10 Mbit/s = 1 Mbit/s shared by every connection without a declared bandwidth
        assertEquals(21 * MS, send(links, 0, "be1", 0, 0.2));
        assertEquals(21 * MS + 200 * MS, send(links, 0, "be2", 0, 0.2), "a second best-effort message waits for the share");
        assertThrows(IllegalArgumentException.class, () -> links.configure("fast", 1));
        assertThrows(IllegalArgumentException.class, () -> links.configure(Links.ENFORCED, 0.5));
    }
}
