package org.race.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;

/**
 * What the engine did on its own, the last {@value #SIZE}, oldest first; each is also logged. With a
 * state file they are kept beside it ({@code <stateFile>.events}, rewritten atomically on each event)
 * and read back at start, so a restarted central (kill -9 included) still tells what happened before.
 * Readers get a published immutable copy and never wait for a write.
 */
final class EventLog {
    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);
    static final int SIZE = 1000;

    private final Gson gson = new Gson();
    private final Object writing = new Object();
    private volatile List<String> events = List.of();
    private Path file;

    /** Node losses and failures: something went wrong. */
    void warn(String what) {
        LOG.warn(what);
        add(what);
    }

    /** QoS negotiation (shrinks, expansions, rejections): the framework working as designed. */
    void info(String what) {
        LOG.info(what);
        add(what);
    }

    List<String> all() {
        return events;
    }

    /** From now on kept in {@code file}; what it holds comes first (the events of the previous run). */
    void keepIn(Path file) {
        List<String> before = read(file);
        synchronized (this) {
            this.file = file;
            List<String> all = new ArrayList<>(before);
            all.addAll(events);
            events = List.copyOf(all.subList(Math.max(0, all.size() - SIZE), all.size()));
        }
        save();
    }

    private void add(String what) {
        synchronized (this) {
            List<String> next = new ArrayList<>(events.size() + 1);
            next.addAll(events.size() == SIZE ? events.subList(1, SIZE) : events);
            next.add(what);
            events = List.copyOf(next);
        }
        save();
    }

    /** The latest list, read inside the write lock, so that of two writers the last one writes the newest. */
    private void save() {
        synchronized (writing) {
            Path f;
            List<String> now;
            synchronized (this) {
                f = file;
                now = events;
            }
            if (f == null) return;
            try {
                AtomicFile.write(f, gson.toJson(now));
            } catch (IOException e) {
                LOG.error("cannot write the event log to {}: {}", f, e.toString());
            }
        }
    }

    private List<String> read(Path f) {
        if (!Files.exists(f)) return List.of();
        try {
            String[] stored = gson.fromJson(Files.readString(f), String[].class);
            return stored == null ? List.of() : List.of(stored);
        } catch (IOException | JsonParseException e) {
            // the events are history, not state: an unreadable file costs the history only
            LOG.warn("cannot read the event log {} ({}); starting it empty", f, e.toString());
            return List.of();
        }
    }
}
