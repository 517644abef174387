package org.race.mms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.race.api.model.DescriptorException;
import org.race.api.model.Importance;
import org.race.mms.MmsResults.Run;
import org.race.mms.MmsResults.Sample;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

class ScenarioTest {
    @TempDir
    Path dir;

    /** The shipped scenarios: the paper's timelines over 1,400 s, every file they name present. */
    @Test
    void shippedScenariosFollowThePaper() throws Exception {
        Scenario moderate = Scenario.read(Path.of("scenarios/moderate.json"));
        assertEquals(1_400_000, moderate.durationMs());
        assertEquals(List.of(0L, 300_000L, 600_000L, 1_000_000L), moderate.timeline().stream().map(Scenario.Event::atMs).toList());
        assertEquals(new Scenario.Workload(0.9), moderate.timeline().get(1).action());
        assertEquals(new Scenario.Period(Map.of("science3", 200.0)), moderate.timeline().get(3).action());
        Scenario heavy = Scenario.read(Path.of("scenarios/heavy.json"));
        assertEquals(11, ((Scenario.Deploy) heavy.timeline().get(0).action()).descriptors().size()); // five GNC, science1-6
        assertEquals(4, ((Scenario.Deploy) heavy.timeline().get(2).action()).descriptors().size());
        assertEquals(4, ((Scenario.Period) heavy.timeline().get(3).action()).periodsMs().size());
    }

    /**
     * The baseline result needs RMS to rank some low-importance applications above the medium ones:
     * in both scenarios a low-importance application has a shorter period than every fast survey one;
     * and each mode switch is a rate +20 % inside the application's periodRange.
     */
    @Test
    void slowSurveyRanksAboveFastSurveyUnderRms() throws Exception {
        for (String name : List.of("moderate", "heavy")) {
            Scenario s = Scenario.read(Path.of("scenarios/" + name + ".json"));
            List<JsonObject> apps = new ArrayList<>();
            for (Scenario.Event e : s.timeline()) {
                if (e.action() instanceof Scenario.Deploy d) {
                    for (Path p : d.descriptors()) apps.add(JsonParser.parseString(Files.readString(p)).getAsJsonObject());
                }
            }
            double shortestFast = apps.stream().filter(a -> a.get("mode").getAsString().equals("fast-survey"))
                    .mapToDouble(a -> a.get("period").getAsDouble()).min().orElseThrow();
            assertTrue(apps.stream().anyMatch(a -> a.get("importance").getAsString().equals("low") && a.get("period").getAsDouble() < shortestFast), name);
            for (Scenario.Event e : s.timeline()) {
                if (!(e.action() instanceof Scenario.Period p)) continue;
                p.periodsMs().forEach((app, ms) -> {
                    JsonObject a = apps.stream().filter(x -> x.get("name").getAsString().equals(app)).findFirst().orElseThrow();
                    JsonObject range = a.getAsJsonObject("periodRange");
                    assertEquals(a.get("period").getAsDouble() / 1.2, ms, 0.01, app + ": rate +20 %");
                    assertTrue(range.get("min").getAsDouble() <= ms && ms <= range.get("max").getAsDouble(), app + " within its periodRange");
                });
            }
        }
    }

    /**
     * --real: every descriptor the shipped scenarios deploy has a typed version under real/ that is the same
     * application (periods, placements, budgets, connections) with every component naming an MMS type.
     */
    @Test
    void typedDescriptorsAreTheModelOnesWithTypes() throws Exception {
        for (String name : List.of("moderate", "heavy")) {
            Scenario model = Scenario.read(Path.of("scenarios/" + name + ".json")), real = model.real();
            assertEquals(name + "-real", real.name());
            assertEquals(model.timeline().stream().map(Scenario.Event::atMs).toList(), real.timeline().stream().map(Scenario.Event::atMs).toList());
            for (int i = 0; i < model.timeline().size(); i++) {
                if (!(model.timeline().get(i).action() instanceof Scenario.Deploy d)) {
                    assertEquals(model.timeline().get(i), real.timeline().get(i));
                    continue;
                }
                List<Path> typed = ((Scenario.Deploy) real.timeline().get(i).action()).descriptors();
                for (int k = 0; k < typed.size(); k++) {
                    assertTrue(typed.get(k).toString().contains("/real/"), typed.get(k).toString());
                    JsonObject m = JsonParser.parseString(Files.readString(d.descriptors().get(k))).getAsJsonObject();
                    JsonObject t = JsonParser.parseString(Files.readString(typed.get(k))).getAsJsonObject();
                    for (var c : t.getAsJsonArray("components")) {
                        JsonObject o = c.getAsJsonObject();
                        assertTrue(o.remove("type").getAsString().startsWith("mms-"), typed.get(k) + ": " + o);
                        o.remove("properties");
                    }
                    assertEquals(m, t, typed.get(k) + " is " + d.descriptors().get(k) + " with types");
                }
            }
        }
        DescriptorException e = assertThrows(DescriptorException.class, () -> Scenario.read(Path.of("scenarios/qos.json")).real());
        assertTrue(e.getMessage().contains("$.timeline[0].deploy: no typed version of qos/science1.json"), e.getMessage());
    }

    /** --duration: the timeline scaled, the chart window kept while it gives ten points. */
    @Test
    void aScaledScenarioKeepsItsShape() throws Exception {
        Scenario moderate = Scenario.read(Path.of("scenarios/moderate.json"));
        Scenario s = moderate.scaled(140_000);
        assertEquals(140_000, s.durationMs());
        assertEquals(List.of(0L, 30_000L, 60_000L, 100_000L), s.timeline().stream().map(Scenario.Event::atMs).toList());
        assertEquals(moderate.timeline().get(3).action(), s.timeline().get(3).action());
        assertEquals(10_000, s.chartWindowMs());
        assertEquals(2_000, moderate.scaled(20_000).chartWindowMs());
        assertEquals(1_000, moderate.scaled(3_000).chartWindowMs());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> moderate.scaled(1_500));
        assertEquals("must be a whole number of the scenario's sampling periods (1000 ms), got 1500 ms", e.getMessage());
    }

    @Test
    void errorsNameFileFieldAndReason() throws Exception {
        Files.writeString(dir.resolve("d.json"), "{}");
        assertError("\"timeline\": [], \"typo\": 1", "$.typo: unknown field");
        assertError("\"timeline\": [{\"at\": 0, \"workload\": 0.9, \"deploy\": \"d.json\"}]", "$.timeline[0]: needs exactly one of");
        assertError("\"timeline\": [{\"at\": 10, \"workload\": 0.9}]", "$.timeline[0].at: must be in [0, duration)");
        assertError("\"timeline\": [{\"at\": 1, \"deploy\": [\"missing.json\"]}]", "$.timeline[0].deploy: no such file");
        assertError("\"timeline\": [{\"at\": 1, \"workload\": -1}]", "$.timeline[0].workload: must be > 0");
        assertError("\"chartWindow\": 1.5, \"timeline\": []", "$.chartWindow: must be a whole number of sampling periods");
        // issue 17 item 8: bounded, and printed readably
        assertError("\"samplingPeriod\": 1e-9, \"timeline\": []", "$.samplingPeriod: must be between 1 and 86400000 ms, got 1.0e-9");
        assertError("\"timeline\": [{\"at\": 1, \"period\": {\"a\": 1e308}}]", "$.timeline[0].period.a: must be between 0.001 and 86400000 ms, got 1.0e308");
        assertError("\"timeline\": [{\"at\": 1, \"workload\": 1e9}]", "$.timeline[0].workload: must be between");
        Scenario ok = Scenario.read(write("\"timeline\": [{\"at\": 5, \"undeploy\": \"a\"}, {\"at\": 1, \"period\": {\"a\": 90}}]"));
        assertEquals("s", ok.name());
        assertInstanceOf(Scenario.Period.class, ok.timeline().get(0).action(), "sorted by time");
        assertEquals("undeploy a", ok.timeline().get(1).label());
    }

    /** Pooled per class: missed over deadlines of all the class's applications; the table has a column per class present. */
    @Test
    void summaryPoolsEachImportanceClass() {
        MmsConfiguration muf = MmsConfiguration.ALL.get(1);
        Run run = new Run(muf, List.of(new Sample(1000, "a", Importance.MEDIUM, 500, 2, 0), new Sample(1000, "b", Importance.LOW, 250, 3, 1),
                new Sample(2000, "b", Importance.LOW, 250, 4, 0), new Sample(2000, "c", Importance.LOW, 100, 10, 0)));
        var totals = MmsResults.totals(run);
        assertEquals(new MmsResults.ClassTotal(2, 18, 1), totals.get(Importance.LOW));
        assertEquals(0.0, totals.get(Importance.MEDIUM).missRatio());
        Scenario s = new Scenario("t", "t", dir, dir, 2000, 1000, 1000, "analysis", List.of());
        String table = MmsResults.table(s, List.of(run));
        assertTrue(table.contains("medium") && table.contains("0.0556") && !table.contains("high"), table);
        assertEquals(0.3, MmsResults.chartTop(s, List.of(run)), 1e-9); // b's worst window: 1 of 4
    }

    private void assertError(String body, String expected) throws Exception {
        DescriptorException e = assertThrows(DescriptorException.class, () -> Scenario.read(write(body)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith(dir.resolve("s.json").toString()), e.getMessage());
    }

    private Path write(String body) throws Exception {
        Path f = dir.resolve("s.json");
        Files.writeString(f, "{\"domain\": \"d.json\", \"duration\": 10, " + body + "}");
        return f;
    }
}
