package org.race.core;

import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.osgi.service.event.Event;
import org.race.api.component.ComponentType;

/**
 * Failed jobs of typed components (Event Admin topic {@link ComponentType#FAILED_TOPIC}, at most one report a
 * second per instance from its platform) as lines of the engine's event log, e.g. {@code failed jobs: 3 of
 * component mid of echoes on n1 (type echo), last java.lang.IllegalStateException: boom}. The log keeps the last
 * thousand events and rewrites its file on each, so across all instances at most {@value #PER_SECOND} lines a
 * second are written; the reports beyond are counted and the next line written says how many.
 */
final class FailureEvents {
    static final int PER_SECOND = 5;

    private final Consumer<String> log;
    private final LongSupplier nanos;
    private long secondStart;
    private int inSecond;
    private long skipped;

    FailureEvents(Consumer<String> log, LongSupplier nanos) {
        this.log = log;
        this.nanos = nanos;
        secondStart = nanos.getAsLong();
    }

    synchronized void handle(Event e) {
        long now = nanos.getAsLong();
        if (now - secondStart >= 1_000_000_000L) {
            secondStart = now;
            inSecond = 0;
        }
        if (inSecond >= PER_SECOND) {
            skipped++;
            return;
        }
        inSecond++;
        String line = "failed jobs: " + e.getProperty("failures") + " of component " + e.getProperty("component") + " of " + e.getProperty("application")
                + " on " + e.getProperty("node") + " (type " + e.getProperty("type") + "), last " + e.getProperty("error");
        if (skipped > 0) line += " (" + skipped + " more failure reports since the last line, not listed)";
        skipped = 0;
        log.accept(line);
    }
}
