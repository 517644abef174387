package org.race.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.race.api.monitoring.ComponentSample;
import org.race.api.monitoring.JobTimes;
import org.race.api.monitoring.NodeSample;
import org.race.api.monitoring.SystemSnapshot;

/** race:status -v's component rows: every component of one application, or the busiest of all. */
class ComponentFiguresTest {
    /** 30 applications of one component each on two nodes; c<i> uses i % of its node. */
    private static SystemSnapshot thirty() {
        List<ComponentSample> n1 = new ArrayList<>(), n2 = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            ComponentSample c = new ComponentSample("a" + i, "c" + i, i / 100.0, 10, 2, 3, 0, i == 7 ? 2 : 0, 0, 1, 1.5,
                    new JobTimes(600, 1.0, 1.25, 1.5));
            (i % 2 == 0 ? n2 : n1).add(c);
        }
        return new SystemSnapshot(1000, List.of(new NodeSample("n1", 1000, 1000, Map.of(), n1, List.of()),
                new NodeSample("n2", 1000, 1000, Map.of(), n2, List.of())), Map.of(), List.of(), 0);
    }

    @Test
    void withoutAnApplicationTheBusiestTwentyFirst() {
        List<String> lines = ComponentFigures.table(thirty(), null).lines().toList();
        assertEquals(1 + 1 + ComponentFigures.TOP + 1, lines.size(), String.join("\n", lines));
        assertEquals(List.of("a30", "c30", "n2", "30.0%"), List.of(lines.get(2).split("\\s+")).subList(0, 4));
        assertEquals(List.of("a11", "c11", "n1", "11.0%"), List.of(lines.get(21).split("\\s+")).subList(0, 4));
        assertEquals("(the 20 busiest of 30 components; race:status -v <application> lists one application's)", lines.get(22));
    }

    @Test
    void oneApplicationsComponentsWithTheirFigures() {
        List<String> lines = ComponentFigures.table(thirty(), "a7").lines().toList();
        assertEquals(3, lines.size(), String.join("\n", lines));
        assertEquals(List.of("a7", "c7", "n1", "7.0%", "10", "1.5", "2", "3", "1", "2", "0", "1", "1.25", "1.5", "600"), List.of(lines.get(2).split("\\s+")));
        assertEquals("no component of nobody measured in the last window\n", ComponentFigures.table(thirty(), "nobody"));
    }
}
