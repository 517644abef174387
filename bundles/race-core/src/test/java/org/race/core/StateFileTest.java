package org.race.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.race.allocator.binpack.FirstFitAllocator;
import org.race.api.Allocator;
import org.race.api.RoleProperties;
import org.race.api.model.Application;
import org.race.api.model.Component;
import org.race.api.model.Domain;
import org.race.api.model.Importance;
import org.race.api.model.Node;
import org.race.api.model.Resources;

/**
 * The state file is one engine's (issue 17, item 5): a second engine on it is refused, naming the
 * holder's pid, and it is replaced atomically; the event log is kept beside it and survives a restart
 * (item 3).
 */
class StateFileTest {
    @TempDir
    Path dir;

    private final BoundedNodeCalls calls = new BoundedNodeCalls();
    private final List<RaceEngine> started = new ArrayList<>();
    private final Map<String, RaceEngineTest.RecordingNodeManager> managers = Map.of(
            "sc1", new RaceEngineTest.RecordingNodeManager("sc1"), "sc2", new RaceEngineTest.RecordingNodeManager("sc2"));

    @AfterEach
    void tearDown() {
        started.forEach(RaceEngine::deactivate);
    }

    private RaceEngine engine(Path state) throws Exception {
        RaceEngine e = new RaceEngine();
        e.calls = calls;
        e.allocatorServices = List.of(RaceEngineTest.service(RoleProperties.NAME, "firstfit", (Allocator) new FirstFitAllocator()));
        e.configuratorServices = List.of();
        managers.forEach((n, m) -> e.bindNodeManager(m, Map.of(RoleProperties.NODE, n)));
        e.activate(RaceEngineTest.config("", "firstfit", "", state.toString()));
        started.add(e);
        if (e.domain().isEmpty()) {
            e.loadDomain(new Domain("lab", List.of(new Node("sc1", new Resources(1, 512, 10)), new Node("sc2", new Resources(1, 512, 10))), 5));
        }
        return e;
    }

    private static Application app(String name, String node) {
        return new Application(name, Importance.MEDIUM, "nominal", 100, 100, null,
                List.of(new Component("k", null, new Resources(0.1, 1, 0), 10, node)), List.of());
    }

    @Test
    void aSecondEngineOnTheSameStateFileIsRefusedNamingTheHolder() throws Exception {
        Path state = dir.resolve("data/registry.json");
        RaceEngine first = engine(state);
        first.deploy(app("one", null), null);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> engine(state));
        String pid = Long.toString(ProcessHandle.current().pid());
        assertTrue(e.getMessage().contains("in use by the RACE container of pid " + pid), e.getMessage());
        assertTrue(e.getMessage().contains(state.toString()), e.getMessage());
        assertTrue(Files.readString(state).contains("\"one\""), "the holder's applications are untouched");

        // once the first has stopped, the state file is free again
        first.deactivate();
        started.remove(first);
        RaceEngine second = engine(state);
        assertEquals(List.of("one"), second.applications().stream().map(p -> p.name()).toList());
    }

    @Test
    void theStateFileIsReplacedWholeWithoutLeftovers() throws Exception {
        Path state = dir.resolve("registry.json");
        RaceEngine e = engine(state);
        for (int i = 0; i < 5; i++) e.deploy(app("a" + i, null), null);
        e.undeploy("a2");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("registry.json", "registry.json.events", "registry.json.lock"),
                    files.map(f -> f.getFileName().toString()).sorted().toList(), "no temporary file stays behind");
        }
        assertTrue(Files.readString(state).contains("\"a4\"") && !Files.readString(state).contains("\"a2\""));
        assertEquals(Long.toString(ProcessHandle.current().pid()), Files.readString(dir.resolve("registry.json.lock")).trim());
    }

    @Test
    void theEventLogSurvivesARestart() throws Exception {
        Path state = dir.resolve("registry.json");
        RaceEngine e = engine(state);
        e.deploy(app("pinned", "sc2"), "firstfit");
        e.unbindNodeManager(managers.get("sc2"), RaceEngineTest.ref("sc2"));
        List<String> before = e.events();
        assertTrue(before.get(0).startsWith("node sc2 lost"), before.toString());

        // kill -9 leaves the files as they are; a new engine reads them back
        e.deactivate();
        started.remove(e);
        RaceEngine restarted = engine(state);
        assertEquals(before, restarted.events());
    }

    @Test
    void theEventLogKeepsTheLastThousand() throws Exception {
        Path file = dir.resolve("events");
        EventLog log = new EventLog();
        for (int i = 0; i < EventLog.SIZE + 4; i++) log.info("event " + i);
        log.keepIn(file); // written once here, not fsynced a thousand times
        log.info("event " + (EventLog.SIZE + 4));
        EventLog read = new EventLog();
        read.info("this run's first");
        read.keepIn(file);
        List<String> all = read.all();
        assertEquals(EventLog.SIZE, all.size());
        assertEquals("event 6", all.get(0), "the oldest dropped");
        assertEquals("this run's first", all.get(all.size() - 1));
    }
}
