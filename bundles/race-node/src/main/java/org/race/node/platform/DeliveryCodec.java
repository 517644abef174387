package org.race.node.platform;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.race.api.model.Connection;
import org.race.api.model.Delivery;

/**
 * The frames node containers send each other over their {@link org.race.api.NodeLink}s: deliveries in a
 * compact binary form, payload bytes as they are. Java serialization of the records would repeat
 * their class descriptions in every call (some 400 bytes); here a delivery of the usual kind costs
 * about 30 bytes beyond its payload.
 *
 * <p>Version 1: the version byte, the texts used (count, then each as length and UTF-8: application
 * and component names repeat within a frame, so each is written once), the count of deliveries, and
 * per delivery its kind, the indexes of its application, component and predecessor (0: none, else
 * index + 1), iteration, age and delay (unsigned varints), the send time (8 bytes), the megabits (a
 * double) and the payload (length + 1 as a varint, 0 for none, then the bytes).
 */
public final class DeliveryCodec {
    static final byte VERSION = 1;
    /**
     * Deliveries for one node go in frames of about this size at most (a single delivery may be
     * larger): below fastbin's limit of 10 MiB per frame, with room for its own envelope.
     */
    public static final int FRAME_BYTES = 8 << 20;
    private static final Delivery.Kind[] KINDS = Delivery.Kind.values();

    private DeliveryCodec() {
    }

    /** The deliveries in frames of at most {@code frameBytes} each (one delivery larger than that is a frame of its own), in their order. */
    public static List<byte[]> frames(List<Delivery> deliveries, int frameBytes) {
        List<byte[]> frames = new ArrayList<>();
        int from = 0;
        long size = 0;
        for (int i = 0; i < deliveries.size(); i++) {
            long next = estimate(deliveries.get(i));
            if (i > from && size + next > frameBytes) {
                frames.add(encode(deliveries.subList(from, i)));
                from = i;
                size = 0;
            }
            size += next;
        }
        if (from < deliveries.size()) frames.add(encode(deliveries.subList(from, deliveries.size())));
        return frames;
    }

    /** An upper bound of what {@code d} adds to a frame (texts counted in full, though a frame holds each once). */
    private static long estimate(Delivery d) {
        long texts = 3L * (d.application().length() + d.component().length() + (d.from() == null ? 0 : d.from().length()) + 3);
        return 64 + texts + (d.payload() == null ? 0 : d.payload().length);
    }

    /** One frame of {@code deliveries}. */
    public static byte[] encode(List<Delivery> deliveries) {
        Map<String, Integer> index = new HashMap<>();
        List<String> texts = new ArrayList<>();
        int payloadBytes = 0;
        for (Delivery d : deliveries) {
            for (String t : new String[] { d.application(), d.component(), d.from() }) {
                if (t != null && index.putIfAbsent(t, texts.size()) == null) texts.add(t);
            }
            if (d.payload() != null) payloadBytes += d.payload().length;
        }
        Out out = new Out(64 + 40 * deliveries.size() + payloadBytes);
        out.write(VERSION);
        out.varint(texts.size());
        for (String t : texts) {
            byte[] b = t.getBytes(StandardCharsets.UTF_8);
            out.varint(b.length);
            out.write(b, 0, b.length);
        }
        out.varint(deliveries.size());
        for (Delivery d : deliveries) {
            out.write(d.kind().ordinal());
            out.varint(index.get(d.application()));
            out.varint(index.get(d.component()));
            out.varint(d.from() == null ? 0 : index.get(d.from()) + 1);
            out.varint(d.iteration());
            out.varint(d.ageMicros());
            out.varint(d.delayMicros());
            out.fixed(d.sentAtMicros());
            out.fixed(Double.doubleToLongBits(d.megabits()));
            if (d.payload() == null) {
                out.varint(0);
            } else {
                out.varint(d.payload().length + 1L);
                out.write(d.payload(), 0, d.payload().length);
            }
        }
        return out.toByteArray();
    }

    /** The deliveries of one frame; a frame of another version, cut short or inconsistent is refused (IllegalArgumentException). */
    public static List<Delivery> decode(byte[] frame) {
        ByteBuffer in = ByteBuffer.wrap(frame);
        try {
            byte version = in.get();
            if (version != VERSION) {
                throw new IllegalArgumentException("a frame of version " + version + ", this container reads version " + VERSION
                        + " (node containers talk to containers of the same RACE version)");
            }
            String[] texts = new String[count(in, "texts", 1)];
            for (int i = 0; i < texts.length; i++) {
                byte[] b = new byte[count(in, "a text's length", 1)];
                in.get(b);
                texts[i] = new String(b, StandardCharsets.UTF_8);
            }
            int n = count(in, "deliveries", 20);
            List<Delivery> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int kind = in.get();
                if (kind < 0 || kind >= KINDS.length) throw new IllegalArgumentException("delivery " + i + " of unknown kind " + kind);
                String application = text(texts, varint(in)), component = text(texts, varint(in));
                long from = varint(in);
                String predecessor = from == 0 ? null : text(texts, from - 1);
                long iteration = varint(in), age = varint(in), delay = varint(in), sent = in.getLong();
                double megabits = Double.longBitsToDouble(in.getLong());
                long length = varint(in);
                byte[] payload = null;
                if (length > 0) {
                    if (length - 1 > Connection.MAX_PAYLOAD_BYTES) {
                        throw new IllegalArgumentException("a payload of " + (length - 1) + " bytes, beyond any connection's limit of " + Connection.MAX_PAYLOAD_BYTES);
                    }
                    payload = new byte[(int) (length - 1)];
                    in.get(payload);
                }
                out.add(new Delivery(application, iteration, KINDS[kind], component, age, delay, megabits, sent, predecessor, payload));
            }
            if (in.hasRemaining()) throw new IllegalArgumentException(in.remaining() + " bytes after the last delivery");
            return out;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("a frame of " + frame.length + " bytes cut short");
        }
    }

    /** A count of things of at least {@code minBytes} each: more than the rest of the frame could hold is a broken frame, not an allocation. */
    private static int count(ByteBuffer in, String what, int minBytes) {
        long n = varint(in);
        if (n > in.remaining() / minBytes) throw new IllegalArgumentException(n + " " + what + " in the " + in.remaining() + " bytes left of the frame");
        return (int) n;
    }

    private static String text(String[] texts, long i) {
        if (i >= texts.length) throw new IllegalArgumentException("text " + i + " of " + texts.length);
        return texts[(int) i];
    }

    private static long varint(ByteBuffer in) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            v |= (long) (b & 0x7f) << shift;
            if (b >= 0) return v;
        }
        throw new IllegalArgumentException("a number longer than 64 bits");
    }

    /** The frame being written; its array is handed out without a copy when full to the byte. */
    private static final class Out extends ByteArrayOutputStream {
        Out(int size) {
            super(size);
        }

        void varint(long v) {
            if (v < 0) throw new IllegalArgumentException("a negative number: " + v);
            while (v >= 0x80) {
                write((int) (v & 0x7f) | 0x80);
                v >>>= 7;
            }
            write((int) v);
        }

        void fixed(long v) {
            for (int s = 56; s >= 0; s -= 8) write((int) (v >>> s));
        }

        @Override
        public synchronized byte[] toByteArray() {
            return count == buf.length ? buf : super.toByteArray();
        }
    }
}
