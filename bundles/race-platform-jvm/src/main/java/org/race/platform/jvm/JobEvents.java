package org.race.platform.jvm;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jdk.jfr.AnnotationElement;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.EventFactory;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.ValueDescriptor;

/**
 * Every job of a typed component as a Java Flight Recorder event {@value #NAME}: off unless a recording
 * enables it, so per-job timestamps (for per-hop latency, or a timeline in JDK Mission Control) cost
 * nothing otherwise. Times are System.nanoTime, on Linux CLOCK_MONOTONIC, which every JVM of one machine
 * shares. The event type is made by {@link EventFactory}, not as a subclass of {@link Event}: JFR's code
 * for a subclass would have to be loaded through the bundle's class loader, which cannot see it.
 */
final class JobEvents {
    static final String NAME = "org.race.Job";
    private static final Logger LOG = LoggerFactory.getLogger(JobEvents.class);
    private static final EventFactory TYPE = EventFactory.create(
            List.of(new AnnotationElement(Name.class, NAME), new AnnotationElement(Label.class, "RACE job"), new AnnotationElement(Category.class, new String[] { "RACE" }),
                    new AnnotationElement(Description.class, "A typed component's job: its release, when it was queued for the worker, and when the component's code started and ended"),
                    new AnnotationElement(Enabled.class, false), new AnnotationElement(StackTrace.class, false)),
            List.of(field(String.class, "application", "Application"), field(String.class, "component", "Component"), field(String.class, "node", "Node"),
                    field(long.class, "iteration", "Iteration"), field(long.class, "released", "Released (System.nanoTime): a source's job with its iteration, a successor's when its last input arrived"),
                    field(long.class, "queued", "Queued for the worker (System.nanoTime)"),
                    field(long.class, "started", "Code started (System.nanoTime)"), field(long.class, "ended", "Code ended (System.nanoTime)")));
    private static volatile boolean broken;

    private JobEvents() {
    }

    private static ValueDescriptor field(Class<?> type, String name, String label) {
        return new ValueDescriptor(type, name, List.of(new AnnotationElement(Label.class, label)));
    }

    /** Records the job when a recording wants it; a recorder that fails is logged once and left alone, the worker goes on. */
    static void record(Worker w, Worker.Job job, long started, long ended) {
        if (broken) return;
        try {
            Event e = TYPE.newEvent();
            if (!e.shouldCommit()) return;
            e.set(0, w.app);
            e.set(1, w.component);
            e.set(2, w.node);
            e.set(3, job.iteration());
            e.set(4, job.released());
            e.set(5, job.queued());
            e.set(6, started);
            e.set(7, ended);
            e.commit();
        } catch (RuntimeException | LinkageError e) {
            broken = true;
            LOG.warn("the Flight Recorder event {} cannot be recorded here; jobs go on without it", NAME, e);
        }
    }
}
