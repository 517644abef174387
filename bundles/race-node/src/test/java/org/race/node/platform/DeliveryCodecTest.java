package org.race.node.platform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.race.api.model.Connection;
import org.race.api.model.Delivery;

/** The node links' frames: every field and payload byte survives, frames stay compact and split by size, broken frames are refused. */
class DeliveryCodecTest {
    private static byte[] payload(int size, long seed) {
        byte[] p = new byte[size];
        new Random(seed).nextBytes(p);
        return p;
    }

    private static Delivery output(long iteration, byte[] payload) {
        return new Delivery("echoes", iteration, Delivery.Kind.OUTPUT, "mid", 1234 + iteration, 1000, 0.0082, 1_765_000_000_000_000L + iteration, "src",
                payload);
    }

    @Test
    void everyKindAndFieldSurvivesARoundTrip() {
        List<Delivery> sent = List.of(
                new Delivery("echoes", 0, Delivery.Kind.RELEASE, "src", 0, 1000, 0, 17),
                output(1, payload(1024, 1)),
                output(2, new byte[0]),
                new Delivery("echoes", 3, Delivery.Kind.OUTPUT, "mid", 5, 0, 0.5, 0), // a model component's output: no payload
                new Delivery("zweite-Anwendung-ü", Long.MAX_VALUE, Delivery.Kind.COMPLETE, "sink", Long.MAX_VALUE, 0, Double.MIN_VALUE, Long.MIN_VALUE));
        List<Delivery> got = DeliveryCodec.decode(DeliveryCodec.encode(sent));
        assertEquals(sent, got);
        assertArrayEquals(sent.get(1).payload(), got.get(1).payload());
        assertEquals(0, got.get(2).payload().length, "an empty payload is one, not none");
        assertNull(got.get(3).payload());
        assertNull(got.get(3).from());
        assertEquals(List.of(), DeliveryCodec.decode(DeliveryCodec.encode(List.of())));
    }

    /** Names are written once a frame: a delivery of 1 KB costs its payload and some 30 bytes, far less than Java serialization. */
    @Test
    void framesAreCompact() throws Exception {
        List<Delivery> one = List.of(output(7, payload(1024, 7)));
        int single = DeliveryCodec.encode(one).length;
        assertTrue(single <= 1024 + 64, "one delivery of 1 KB: " + single + " bytes");
        List<Delivery> hundred = new ArrayList<>();
        for (int i = 0; i < 100; i++) hundred.add(output(i, payload(1024, i)));
        int frame = DeliveryCodec.encode(hundred).length;
        assertTrue(frame <= 100 * (1024 + 40), "100 deliveries of 1 KB: " + frame + " bytes");
        ByteArrayOutputStream java = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(java)) {
            o.writeObject(new ArrayList<>(one));
        }
        System.out.printf("DeliveryCodecTest: 1 delivery of 1024 bytes: %d bytes in a frame, %d Java-serialized; 100 of them: %d bytes%n", single,
                java.size(), frame);
        assertTrue(single < java.size() - 200, "codec " + single + " vs Java serialization " + java.size());
    }

    @Test
    void largeBatchesAreSplitIntoFramesInOrder() {
        List<Delivery> batch = new ArrayList<>();
        for (int i = 0; i < 10; i++) batch.add(output(i, payload(4000, i)));
        batch.add(output(10, payload(20_000, 10))); // larger than a frame: alone
        batch.add(output(11, payload(10, 11)));
        List<byte[]> frames = DeliveryCodec.frames(batch, 10_000);
        List<Delivery> got = new ArrayList<>();
        for (byte[] f : frames) {
            List<Delivery> in = DeliveryCodec.decode(f);
            assertTrue(f.length <= 10_000 || in.size() == 1, "a frame over the size holds one delivery: " + in);
            got.addAll(in);
        }
        assertEquals(batch, got);
        assertEquals(7, frames.size(), "2 + 2 + 2 + 2 + 2 of 4 KB, the large one alone, then the small one: "
                + frames.stream().map(f -> f.length).toList());
    }

    @Test
    void brokenFramesAreRefused() {
        byte[] good = DeliveryCodec.encode(List.of(output(1, payload(100, 1))));
        IllegalArgumentException cut = assertThrows(IllegalArgumentException.class, () -> DeliveryCodec.decode(Arrays.copyOf(good, good.length - 10)));
        assertTrue(cut.getMessage().contains("cut short"), cut.getMessage());
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DeliveryCodec.decode(longer)).getMessage().contains("1 bytes after the last delivery"));
        byte[] other = good.clone();
        other[0] = 9;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DeliveryCodec.decode(other)).getMessage()
                .contains("a frame of version 9, this container reads version 1"));
        // a count no frame of this size could hold: refused before anything is allocated
        byte[] huge = { DeliveryCodec.VERSION, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x7f };
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DeliveryCodec.decode(huge)).getMessage().contains("texts in the 0 bytes left"));
        assertThrows(IllegalArgumentException.class, () -> DeliveryCodec.decode(new byte[0]));
    }

    @Test
    void aPayloadBeyondAnyConnectionsLimitIsRefused() {
        byte[] frame = DeliveryCodec.encode(List.of(output(1, new byte[Connection.MAX_PAYLOAD_BYTES + 1])));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeliveryCodec.decode(frame));
        assertTrue(e.getMessage().contains("a payload of 4194305 bytes, beyond any connection's limit of 4194304"), e.getMessage());
        assertEquals(1, DeliveryCodec.decode(DeliveryCodec.encode(List.of(output(1, new byte[Connection.MAX_PAYLOAD_BYTES])))).size());
    }
}
