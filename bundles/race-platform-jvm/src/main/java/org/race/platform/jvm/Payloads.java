package org.race.platform.jvm;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The payloads on their way between one application's typed components on this platform: what a job emitted,
 * kept per iteration and successor until the successor's job of that iteration is queued. Guarded by the
 * platform's state lock.
 */
final class Payloads {
    /** The payloads for the job of {@code component} in iteration {@code iteration}. */
    private record Inbox(long iteration, String component) {
    }

    private final Map<Inbox, Map<String, byte[]>> inboxes = new HashMap<>();

    /** Keeps what {@code from} emitted in {@code iteration} for its successors that {@code here} accepts (hosted by this container). */
    void keep(long iteration, String from, Map<String, byte[]> outputs, Predicate<String> here) {
        for (Map.Entry<String, byte[]> o : outputs.entrySet()) {
            if (!here.test(o.getKey())) continue; // a successor another container hosts never starts here: not kept
            inboxes.computeIfAbsent(new Inbox(iteration, o.getKey()), k -> new LinkedHashMap<>()).put(from, o.getValue());
        }
    }

    /** Keeps what {@code from} (in another container) emitted to {@code to} in {@code iteration}. */
    void keep(long iteration, String from, String to, byte[] payload) {
        inboxes.computeIfAbsent(new Inbox(iteration, to), k -> new LinkedHashMap<>()).put(from, payload);
    }

    /** The payloads of {@code component}'s job in {@code iteration}, by predecessor, taken; none when nothing came. */
    Map<String, byte[]> take(long iteration, String component) {
        if (inboxes.isEmpty()) return Map.of();
        Map<String, byte[]> got = inboxes.remove(new Inbox(iteration, component));
        return got == null ? Map.of() : got;
    }

    /** Drops everything (a stopped or restarted generation's payloads never arrive). */
    void clear() {
        inboxes.clear();
    }
}
