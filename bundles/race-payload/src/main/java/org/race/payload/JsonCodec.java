package org.race.payload;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

/**
 * A payload codec for one record (or class) type: UTF-8 JSON through Gson, so that payloads stay
 * readable in a log and a component in another language could read them. Thread-safe; make one per
 * type and keep it (in the instance or the type).
 *
 * <pre>
 * record Frame(long iteration, double[] counts) {}
 * static final JsonCodec&lt;Frame&gt; FRAMES = JsonCodec.of(Frame.class);
 * job.emitAll(FRAMES.encode(new Frame(job.iteration(), counts)));
 * Frame f = FRAMES.decode(job.inputs().get("sensor"));
 * </pre>
 */
public final class JsonCodec<T> {
    private static final Gson GSON = new Gson();
    private final Class<T> type;

    private JsonCodec(Class<T> type) {
        this.type = Objects.requireNonNull(type, "type");
    }

    public static <T> JsonCodec<T> of(Class<T> type) {
        return new JsonCodec<>(type);
    }

    public byte[] encode(T value) {
        return GSON.toJson(Objects.requireNonNull(value, "value"), type).getBytes(StandardCharsets.UTF_8);
    }

    /** The value a payload carries; a payload that is not such JSON is refused with the type's name and the reason. */
    public T decode(byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        try {
            T v = GSON.fromJson(new String(payload, StandardCharsets.UTF_8), type);
            if (v == null) throw new IllegalArgumentException("empty payload where a " + type.getSimpleName() + " was expected");
            return v;
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes is not a " + type.getSimpleName() + " in JSON: " + e.getMessage(), e);
        }
    }
}
