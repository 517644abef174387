package org.race.experiment.hopbench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/** The jvm platform's job events (org.race.Job) from the Flight Recorder files of a run's containers, into timelines by application. */
final class Recordings {
    static final String JOB_EVENT = "org.race.Job";

    private Recordings() {
    }

    /** Every .jfr under {@code dir}; events of applications without a timeline are skipped. Returns the events read. */
    static long read(Path dir, Map<String, Timeline> byApplication) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".jfr")).sorted().toList();
        }
        long events = 0;
        for (Path f : files) {
            try (RecordingFile r = new RecordingFile(f)) {
                while (r.hasMoreEvents()) {
                    RecordedEvent e = r.readEvent();
                    if (!e.getEventType().getName().equals(JOB_EVENT)) continue;
                    Timeline t = byApplication.get(e.getString("application"));
                    if (t == null) continue;
                    int k = Integer.parseInt(e.getString("component").substring(1)) - 1; // e1 .. en
                    long i = e.getLong("iteration");
                    t.job(k, i, e.getLong("queued"), e.getLong("started"), e.getLong("ended"));
                    if (k == 0) t.release(i, e.getLong("released")); // a source's job is released with its iteration
                    events++;
                }
            }
        }
        return events;
    }
}
