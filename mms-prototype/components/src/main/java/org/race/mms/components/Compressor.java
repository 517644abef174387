package org.race.mms.components;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.osgi.service.component.annotations.Component;
import org.race.api.component.ComponentContext;
import org.race.api.component.ComponentInstance;
import org.race.api.component.ComponentType;

/**
 * Type {@code mms-compression}: gzip (java.util.zip's Deflater) of its input payload at {@code level}
 * 1..9 (default 6), so that what reaches the ground archive opens with any gunzip.
 */
@Component(property = ComponentType.TYPE + "=mms-compression")
public class Compressor implements ComponentType {
    @Override
    public ComponentInstance activate(ComponentContext ctx) {
        int level = (int) new Settings(ctx.properties()).whole("level", 6, 1, 9);
        return job -> job.emitAll(gzip(Inputs.first(ctx, job), level));
    }

    static byte[] gzip(byte[] data, int level) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
        try (GZIPOutputStream z = new GZIPOutputStream(out) {
            {
                def.setLevel(level);
            }
        }) {
            z.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not from memory streams
        }
        return out.toByteArray();
    }

    static byte[] gunzip(InputStream gzip) throws IOException {
        try (InputStream in = new GZIPInputStream(gzip)) {
            return in.readAllBytes();
        }
    }
}
