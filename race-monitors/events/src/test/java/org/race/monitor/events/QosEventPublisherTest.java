package org.race.monitor.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.race.api.monitoring.ApplicationQos;
import org.race.api.monitoring.NodeSample;
import org.race.api.monitoring.SystemSnapshot;

class QosEventPublisherTest {
    @Test
    void aWindowWithMissesAlsoRaisesDeadlineMissedAndEveryResourceIsAnEvent() {
        SystemSnapshot s = new SystemSnapshot(5000,
                List.of(new NodeSample("sc1", 5000, 1000, Map.of("cpu", 0.9, "memory", 0.2), List.of(), List.of())),
                Map.of("video.hd", new ApplicationQos("video.hd", 3, 2, 5, 70, 95), "bulk", new ApplicationQos("bulk", 10, 0, 10, 60, 61)),
                List.of(), 0);
        List<Event> events = QosEventPublisher.events(s, Map.of("video.hd", 50.0));
        List<String> topics = events.stream().map(Event::getTopic).sorted().toList();
        assertEquals(List.of("race/qos/bulk/window", "race/qos/video_hd/deadline_missed", "race/qos/video_hd/window",
                "race/resource/sc1/cpu", "race/resource/sc1/memory"), topics);
        Event missed = events.stream().filter(e -> e.getTopic().endsWith("deadline_missed")).findFirst().orElseThrow();
        assertEquals("video.hd", missed.getProperty("application"));
        assertEquals(2L, missed.getProperty("missed"));
        assertEquals(50.0, missed.getProperty("deadlineMs"));
        assertEquals(0.4, (double) missed.getProperty("missRatio"), 1e-9);
    }
}
