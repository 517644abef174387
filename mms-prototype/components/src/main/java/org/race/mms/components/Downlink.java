package org.race.mms.components;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

import org.osgi.service.component.annotations.Component;
import org.race.api.component.ComponentContext;
import org.race.api.component.ComponentInstance;
import org.race.api.component.ComponentType;

/**
 * Type {@code mms-communication}: puts the compressed product into a transfer frame for the ground:
 * a header (a marker, the iteration, the length, a CRC-32 of the data) and the data, refusing data beyond
 * {@code maxBytes} (default 16 MiB), which the link would not carry in a period anyway.
 */
@Component(property = ComponentType.TYPE + "=mms-communication")
public class Downlink implements ComponentType {
    static final int MARKER = 0x4D4D5331; // "MMS1"
    static final int HEADER = Integer.BYTES + Long.BYTES + Integer.BYTES + Long.BYTES;

    /** A transfer frame as the ground station receives it. */
    record Transfer(long iteration, byte[] data) {
    }

    @Override
    public ComponentInstance activate(ComponentContext ctx) {
        long max = new Settings(ctx.properties()).whole("maxBytes", 16 << 20, 1, Integer.MAX_VALUE - HEADER);
        return job -> {
            byte[] data = Inputs.first(ctx, job);
            if (data.length > max) throw new IllegalStateException("iteration " + job.iteration() + ": " + data.length + " bytes exceed maxBytes " + max);
            job.emitAll(frame(job.iteration(), data));
        };
    }

    static byte[] frame(long iteration, byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return ByteBuffer.allocate(HEADER + data.length).putInt(MARKER).putLong(iteration).putInt(data.length).putLong(crc.getValue()).put(data).array();
    }

    /** The transfer a frame carries; a damaged or truncated frame is refused, saying how. */
    static Transfer open(byte[] frame) {
        if (frame.length < HEADER) throw new IllegalArgumentException("transfer frame of " + frame.length + " bytes: shorter than its header");
        ByteBuffer b = ByteBuffer.wrap(frame);
        if (b.getInt() != MARKER) throw new IllegalArgumentException("not a transfer frame (no MMS1 marker)");
        long iteration = b.getLong();
        int length = b.getInt();
        long expected = b.getLong();
        if (length != b.remaining()) throw new IllegalArgumentException("transfer of iteration " + iteration + ": " + b.remaining() + " bytes, header says " + length);
        byte[] data = new byte[length];
        b.get(data);
        CRC32 crc = new CRC32();
        crc.update(data);
        if (crc.getValue() != expected) throw new IllegalArgumentException("transfer of iteration " + iteration + ": CRC-32 mismatch, data damaged");
        return new Transfer(iteration, data);
    }
}
