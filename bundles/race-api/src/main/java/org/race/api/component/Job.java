package org.race.api.component;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One iteration's work of an instance. Payloads are not copied: do not change an input, nor a payload
 * after emitting it (the same array may reach several successors).
 */
@ProviderType
public interface Job {
    /** The application's iteration, counted from 0 at deployment: it increases by one per release. */
    long iteration();

    /**
     * The payloads of this iteration from the predecessors, by predecessor name. A predecessor that
     * emitted nothing to this component (or whose job failed) is missing. Empty for a source.
     */
    Map<String, byte[]> inputs();

    /** Send {@code payload} to successor {@code successor} for this iteration; at most once per successor and job. */
    void emit(String successor, byte[] payload);

    /** Send {@code payload} to every successor. */
    void emitAll(byte[] payload);
}
