package org.race.payload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class JsonCodecTest {
    record Frame(long iteration, String sensor, double[] counts, List<String> flags) {
    }

    @Test
    void aRecordGoesThroughBytesAndBack() {
        JsonCodec<Frame> codec = JsonCodec.of(Frame.class);
        Frame f = new Frame(42, "plasma", new double[] { 1.5, 2 }, List.of("calm"));
        byte[] b = codec.encode(f);
        assertEquals("{\"iteration\":42,\"sensor\":\"plasma\",\"counts\":[1.5,2.0],\"flags\":[\"calm\"]}", new String(b, StandardCharsets.UTF_8));
        Frame back = codec.decode(b);
        assertEquals(42, back.iteration());
        assertEquals("plasma", back.sensor());
        assertArrayEquals(f.counts(), back.counts());
        assertEquals(f.flags(), back.flags());
    }

    @Test
    void whatIsNotSuchJsonIsRefusedSayingWhat() {
        JsonCodec<Frame> codec = JsonCodec.of(Frame.class);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.decode("[1,2".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith("payload of 4 bytes is not a Frame in JSON"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> codec.decode(new byte[0]));
    }
}
