package org.race.experiment.scalability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.race.experiment.scalability.PlacementComparison.Row;

class PlacementComparisonTest {
    private static Row row(String placement, int nodes, String mode, double monitoringMedian, double actuationMedian) {
        return new Row(placement, nodes, 5, mode, 100, monitoringMedian, monitoringMedian * 3, actuationMedian, actuationMedian * 2);
    }

    @Test
    void rowsAppendedInSeveralRunsReadBackTheLaterReplacingTheEarlier(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve(PlacementComparison.CSV);
        PlacementComparison.append(csv, List.of(row("in-process", 1, "hierarchical", 0.02, 0.1), row("in-process", 1, "flat", 0.01, 0.1)));
        PlacementComparison.append(csv, List.of(row("remote", 1, "hierarchical", 0.5, 0.7)));
        PlacementComparison.append(csv, List.of(row("in-process", 1, "flat", 0.03, 0.2)));
        assertEquals(1, Files.readAllLines(csv).stream().filter(PlacementComparison.HEADER::equals).count());
        List<Row> rows = PlacementComparison.read(csv);
        assertEquals(List.of(row("in-process", 1, "hierarchical", 0.02, 0.1), row("remote", 1, "hierarchical", 0.5, 0.7),
                row("in-process", 1, "flat", 0.03, 0.2)), rows);
    }

    @Test
    void aBadCsvIsRefusedNamingTheLineAndTheReason(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve(PlacementComparison.CSV);
        Files.writeString(csv, PlacementComparison.HEADER + "\nremote,2,5,hierarchical,100,0.5,1,0.7,abc\n");
        IOException e = assertThrows(IOException.class, () -> PlacementComparison.read(csv));
        assertTrue(e.getMessage().startsWith(csv + ":2: not a number"), e.getMessage());
        Files.writeString(csv, PlacementComparison.HEADER + "\nelsewhere,2,5,hierarchical,100,0.5,1,0.7,1\n");
        e = assertThrows(IOException.class, () -> PlacementComparison.read(csv));
        assertEquals(csv + ":2: placement must be in-process or remote, got 'elsewhere'", e.getMessage());
        Files.writeString(csv, "nodes,mode\n");
        e = assertThrows(IOException.class, () -> PlacementComparison.append(csv, List.of(row("remote", 1, "flat", 1, 1))));
        assertTrue(e.getMessage().startsWith(csv + ":1: expected the header"), e.getMessage());
        assertEquals("nodes,mode\n", Files.readString(csv), "nothing appended");
    }

    @Test
    void theTableHasEachDelayInProcessRemoteAndTheirRatio() {
        String table = PlacementComparison.table(List.of(row("in-process", 2, "hierarchical", 0.05, 0.2), row("remote", 2, "hierarchical", 0.5, 0.6),
                row("in-process", 2, "flat", 0.01, 0.1), row("remote", 2, "flat", 2.0, 5.0), row("remote", 3, "flat", 3.0, 6.0)));
        // monitoring median 0.05 -> 0.5 (x10), p99 0.15 -> 1.5 (x10), actuation median 0.2 -> 0.6 (x3), p99 0.4 -> 1.2 (x3)
        assertTrue(Pattern.compile("(?m)^2\\s+hierarchical\\s+0\\.0500\\s+0\\.5000\\s+10\\.0\\s+0\\.1500\\s+1\\.5000\\s+10\\.0\\s+0\\.2000\\s+0\\.6000\\s+3\\.0\\s+0\\.4000\\s+1\\.2000\\s+3\\.0\\s*$")
                .matcher(table).find(), table);
        assertTrue(Pattern.compile("(?m)^2\\s+flat\\s+0\\.0100\\s+2\\.0000\\s+200\\.0\\s").matcher(table).find(), table);
        // no in-process point for 3 nodes: no ratio
        assertTrue(Pattern.compile("(?m)^3\\s+flat\\s+-\\s+3\\.0000\\s+-\\s").matcher(table).find(), table);
        assertFalse(table.contains("flat / hierarchical"), "3 nodes, the most, has no hierarchical point: " + table);
    }

    @Test
    void flatOverHierarchicalAtTheMostNodesPerPlacement() {
        String table = PlacementComparison.table(List.of(row("remote", 4, "hierarchical", 0.5, 0.5), row("remote", 4, "flat", 2.0, 4.0)));
        assertTrue(table.contains("remote, 4 nodes: flat / hierarchical median monitoring delay 4.0, actuation delay 8.0"), table);
    }

    @Test
    void theChartHasOneSeriesPerPlacementAndMode() {
        String svg = PlacementComparison.svg(List.of(row("in-process", 1, "hierarchical", 0.05, 0.2), row("remote", 1, "hierarchical", 0.5, 0.6),
                row("in-process", 1, "flat", 0.01, 0.1), row("remote", 1, "flat", 2.0, 5.0)));
        for (String series : List.of("remote hierarchical", "remote flat", "in-process hierarchical", "in-process flat")) {
            assertEquals(2, svg.split(Pattern.quote(">" + series + "<"), -1).length - 1, series + " in both charts: " + svg);
        }
    }

    @Test
    void thePlacementIsWhereTheNodeMonitorsAre() {
        List<String> domain = List.of("sc1", "sc2", "ground");
        Map<String, Object> sc1 = Map.of("race.node", "sc1"), sc2 = Map.of("race.node", "sc2");
        Map<String, Object> sc1Remote = Map.of("race.node", "sc1", "service.imported", "true"),
                sc2Remote = Map.of("race.node", "sc2", "service.imported", "true");
        assertEquals("in-process", ScalabilityExperiment.placement(List.of("sc1", "sc2"), domain, List.of("sc1", "sc2"), List.of(sc1, sc2)));
        assertEquals("remote", ScalabilityExperiment.placement(List.of("sc2", "sc1"), domain, List.of("sc1", "sc2"), List.of(sc1Remote, sc2Remote)));
        assertRefused("mixed", "some nodes are in this container and some remote", List.of("sc1", "sc2"), List.of("sc1", "sc2"), List.of(sc1, sc2Remote));
        assertRefused("outside the domain", "sc9 is not a node of the domain [sc1, sc2, ground]", List.of("sc9"), List.of("sc1"), List.of(sc1));
        assertRefused("twice", "sc1 is named twice", List.of("sc1", "sc1"), List.of("sc1"), List.of(sc1));
        assertRefused("another node up", "the nodes up are [sc1, sc2]; the monitors sample every node up", List.of("sc1"), List.of("sc1", "sc2"), List.of(sc1, sc2));
        assertRefused("a NodeMonitor missing", "not every node named has a NodeMonitor yet", List.of("sc1", "sc2"), List.of("sc1", "sc2"), List.of(sc1));
    }

    private static void assertRefused(String why, String message, List<String> nodes, List<String> up, List<Map<String, Object>> monitors) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScalabilityExperiment.placement(nodes, List.of("sc1", "sc2", "ground"), up, monitors), why);
        assertTrue(e.getMessage().contains(message), why + ": " + e.getMessage());
    }
}
