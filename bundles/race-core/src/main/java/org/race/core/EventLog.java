package org.race.core;

import java.util.ArrayDeque;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the engine did on its own, the last {@value #SIZE}, oldest first; each is also logged. */
final class EventLog {
    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);
    static final int SIZE = 100;

    private final ArrayDeque<String> events = new ArrayDeque<>();

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

    private synchronized void add(String what) {
        if (events.size() == SIZE) events.removeFirst();
        events.addLast(what);
    }

    synchronized List<String> all() {
        return List.copyOf(events);
    }
}
