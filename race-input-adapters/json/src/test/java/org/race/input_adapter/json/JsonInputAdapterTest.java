package org.race.input_adapter.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.race.api.model.Application;
import org.race.api.model.Component;
import org.race.api.model.Connection;
import org.race.api.model.DescriptorException;
import org.race.api.model.Domain;
import org.race.api.model.Importance;
import org.race.api.model.Node;
import org.race.api.model.QosRegion;
import org.race.api.model.Range;
import org.race.api.model.Resources;

/** Reads real descriptor files from a temporary directory; every rejection must name file, JSON path and reason. */
class JsonInputAdapterTest {
    private static final double EPS = 1e-12;

    @TempDir
    Path dir;

    private final JsonInputAdapter adapter = new JsonInputAdapter();
    private Domain domain;

    @BeforeEach
    void loadDomain() throws Exception {
        domain = adapter.readDomain(write("domain.json", """
                {"name": "mms", "linkLatency": 5, "nodes": [
                  {"name": "sc1", "cpu": 1.0, "memory": 512, "bandwidth": 10},
                  {"name": "ground", "cpu": 4, "memory": 8192, "bandwidth": 100}
                ]}"""));
    }

    private Path write(String name, String json) throws IOException {
        // single quotes keep the descriptors in this file readable
        Path f = dir.resolve(name);
        Files.writeString(f, json.replace('\'', '"'), StandardCharsets.UTF_8);
        return f;
    }

    // ------------------------------------------------------------------ valid descriptors

    @Test
    void validDomainParsesIntoRecords() {
        assertEquals(new Domain("mms", List.of(
                new Node("sc1", new Resources(1.0, 512, 10)),
                new Node("ground", new Resources(4, 8192, 100))), 5.0), domain);
    }

    @Test
    void domainDefaultsNameToFileBaseAndLinkLatencyToOne() throws Exception {
        Domain d = adapter.readDomain(write("lab-net.json", "{'nodes': [{'name': 'n1', 'cpu': 2, 'memory': 64, 'bandwidth': 1}]}"));
        assertEquals("lab-net", d.name());
        assertEquals(1.0, d.linkLatencyMs(), EPS);
        assertEquals(JsonInputAdapter.DEFAULT_LINK_LATENCY_MS, d.linkLatencyMs(), EPS);
        assertEquals(List.of(new Node("n1", new Resources(2, 64, 1))), d.nodes());
        assertEquals(Domain.DEFAULT_BEST_EFFORT_SHARE, d.bestEffortShare(), EPS);
    }

    @Test
    void domainKeepsAShareOfEveryLinkForBestEffort() throws Exception {
        Domain d = adapter.readDomain(write("be.json", "{'bestEffortShare': 0.25, 'nodes': [{'name': 'n1', 'cpu': 2, 'memory': 64, 'bandwidth': 1}]}"));
        assertEquals(0.25, d.bestEffortShare(), EPS);
        rejectDomain("{'bestEffortShare': 0, 'nodes': [{'name': 'n1', 'cpu': 1, 'memory': 1, 'bandwidth': 1}]}", "$.bestEffortShare", "in (0, 1)");
        rejectDomain("{'bestEffortShare': 1, 'nodes': [{'name': 'n1', 'cpu': 1, 'memory': 1, 'bandwidth': 1}]}", "$.bestEffortShare", "in (0, 1)");
    }

    @Test
    void validApplicationParsesIntoRecords() throws Exception {
        Application app = adapter.readApplication(write("science.json", """
                {
                  'name': 'science1', 'importance': 'HIGH', 'mode': 'slow-survey',
                  'period': 1000, 'deadline': 900, 'periodRange': {'min': 500, 'max': 2000},
                  'components': [
                    {'name': 'sensor', 'type': 'plasma-sensor', 'cpu': 0.05, 'memory': 32, 'bandwidth': 1, 'executionTime': 40, 'node': 'sc1'},
                    {'name': 'filter', 'executionTime': 100, 'memory': 64},
                    {'name': 'downlink', 'cpu': 0.2, 'node': 'ground'}
                  ],
                  'connections': [
                    {'from': 'sensor', 'to': 'filter', 'bandwidth': 2},
                    {'from': 'filter', 'to': 'downlink'}
                  ]
                }"""), domain);

        Application expected = new Application("science1", Importance.HIGH, "slow-survey", 1000, 900, new Range(500, 2000),
                List.of(
                        // both given: taken as written, even if they disagree
                        new Component("sensor", "plasma-sensor", new Resources(0.05, 32, 1), 40, "sc1"),
                        // cpu absent: executionTime / period; no type: a model component; memory/bandwidth default 0
                        new Component("filter", null, new Resources(0.1, 64, 0), 100, null),
                        // executionTime absent: cpu * period
                        new Component("downlink", null, new Resources(0.2, 0, 0), 200, "ground")),
                List.of(new Connection("sensor", "filter", 2), new Connection("filter", "downlink", 0)));
        assertEquals(expected, app);
        assertFalse(app.fullyPinned());
    }

    @Test
    void applicationDefaults() throws Exception {
        Application app = adapter.readApplication(write("min.json",
                "{'name': 'a', 'period': 50, 'deadline': 50, 'components': [{'name': 'c', 'cpu': 0.5}]}"), null);
        assertEquals(Importance.MEDIUM, app.importance());
        assertNull(app.mode());
        assertNull(app.periodRange());
        assertEquals(List.of(), app.connections());
        Component c = app.components().get(0);
        assertEquals(25.0, c.executionTimeMs(), EPS);
        assertEquals(0.5, c.demand().cpu(), EPS);
        assertNull(c.node());
    }

    @Test
    void importanceIsCaseInsensitive() throws Exception {
        Application app = adapter.readApplication(write("low.json",
                "{'name': 'a', 'importance': 'Low', 'period': 50, 'deadline': 50, 'components': [{'name': 'c', 'cpu': 0.5}]}"), null);
        assertEquals(Importance.LOW, app.importance());
    }

    @Test
    void acceptsJsonFilesOnly() {
        assertTrue(adapter.accepts(Path.of("x", "app.json")));
        assertTrue(adapter.accepts(Path.of("APP.JSON")));
        assertFalse(adapter.accepts(Path.of("app.yaml")));
        assertFalse(adapter.accepts(Path.of("json")));
    }

    // ------------------------------------------------------------------ rejected descriptors

    /** Application JSON with the given component and connection arrays (the rest valid). */
    private static String app(String components, String connections) {
        return "{'name': 'app', 'period': 100, 'deadline': 100, 'components': [" + components + "], 'connections': ["
                + connections + "]}";
    }

    private static final String ABC = "{'name': 'a', 'cpu': 0.1}, {'name': 'b', 'cpu': 0.1}, {'name': 'c', 'cpu': 0.1}";

    @Test
    void aConnectionMayLimitItsPayloads() throws Exception {
        Application app = adapter.readApplication(write("limited.json", app(ABC, "{'from': 'a', 'to': 'b', 'maxPayloadBytes': 65536}, {'from': 'b', 'to': 'c'}")), domain);
        assertEquals(65536, app.connections().get(0).maxPayloadBytes());
        assertEquals(0, app.connections().get(1).maxPayloadBytes(), "absent: the platform's default");
        rejectApp(app(ABC, "{'from': 'a', 'to': 'b', 'maxPayloadBytes': 0}"), "$.connections[0].maxPayloadBytes", "whole number of bytes from 1 to 4194304", "got 0");
        rejectApp(app(ABC, "{'from': 'a', 'to': 'b', 'maxPayloadBytes': 10.5}"), "$.connections[0].maxPayloadBytes", "got 10.5");
        rejectApp(app(ABC, "{'from': 'a', 'to': 'b', 'maxPayloadBytes': 8388608}"), "$.connections[0].maxPayloadBytes", "one frame", "got 8388608");
        rejectApp(app(ABC, "{'from': 'a', 'to': 'b', 'maxPayloadBytes': '1k'}"), "$.connections[0].maxPayloadBytes", "expected a number");
    }

    private DescriptorException rejectApp(String json, String path, String... reasonParts) throws IOException {
        Path f = write("bad-app.json", json);
        DescriptorException e = assertThrows(DescriptorException.class, () -> adapter.readApplication(f, domain));
        assertError(e, f, path, reasonParts);
        return e;
    }

    private DescriptorException rejectDomain(String json, String path, String... reasonParts) throws IOException {
        Path f = write("bad-domain.json", json);
        DescriptorException e = assertThrows(DescriptorException.class, () -> adapter.readDomain(f));
        assertError(e, f, path, reasonParts);
        return e;
    }

    private static void assertError(DescriptorException e, Path f, String path, String... reasonParts) {
        assertEquals(f.toString(), e.file(), "file");
        assertEquals(path, e.path(), "path of: " + e.getMessage());
        for (String part : reasonParts) {
            assertTrue(e.reason().toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT)),
                    "reason '" + e.reason() + "' should mention '" + part + "'");
        }
        assertEquals(f + ": " + path + ": " + e.reason(), e.getMessage());
    }

    @Test
    void unknownComponentInConnection() throws Exception {
        rejectApp(app(ABC, "{'from': 'a', 'to': 'zz'}"), "$.connections[0].to", "unknown component", "zz");
        rejectApp(app(ABC, "{'from': 'a', 'to': 'b'}, {'from': 'yy', 'to': 'c'}"), "$.connections[1].from", "unknown component", "yy");
    }

    @Test
    void negativeDemand() throws Exception {
        rejectApp(app("{'name': 'a', 'cpu': 0.1}, {'name': 'b', 'cpu': -0.2}", ""), "$.components[1].cpu", ">= 0", "-0.2");
        rejectApp(app("{'name': 'a', 'cpu': 0.1, 'memory': -1}", ""), "$.components[0].memory", ">= 0");
        rejectApp(app("{'name': 'a', 'executionTime': -5}", ""), "$.components[0].executionTime", ">= 0");
    }

    @Test
    void duplicateComponentNames() throws Exception {
        rejectApp(app("{'name': 'a', 'cpu': 0.1}, {'name': 'b', 'cpu': 0.1}, {'name': 'a', 'cpu': 0.2}", ""),
                "$.components[2].name", "duplicate component name", "'a'");
    }

    @Test
    void duplicateNodeNames() throws Exception {
        rejectDomain("{'nodes': [{'name': 'sc1', 'cpu': 1, 'memory': 1, 'bandwidth': 1},"
                + " {'name': 'sc1', 'cpu': 2, 'memory': 2, 'bandwidth': 2}]}", "$.nodes[1].name", "duplicate node name", "sc1");
    }

    @Test
    void staticNodeMissingFromDomain() throws Exception {
        DescriptorException e = rejectApp(app("{'name': 'a', 'cpu': 0.1, 'node': 'sc1'}, {'name': 'b', 'cpu': 0.1, 'node': 'sc9'}", ""),
                "$.components[1].node", "sc9", "does not exist", "mms");
        assertTrue(e.reason().contains("sc1, ground"), "lists the nodes that exist: " + e.reason());
    }

    @Test
    void staticNodeWithoutDomain() throws Exception {
        Path f = write("pinned.json", app("{'name': 'a', 'cpu': 0.1, 'node': 'sc1'}", ""));
        DescriptorException e = assertThrows(DescriptorException.class, () -> adapter.readApplication(f, null));
        assertError(e, f, "$.components[0].node", "no domain");
    }

    @Test
    void periodMustBePositive() throws Exception {
        rejectApp("{'name': 'app', 'period': 0, 'deadline': 100, 'components': [{'name': 'a', 'cpu': 0.1}]}", "$.period", "> 0");
        rejectApp("{'name': 'app', 'period': -10, 'deadline': 100, 'components': [{'name': 'a', 'cpu': 0.1}]}", "$.period", "> 0", "-10");
    }

    @Test
    void deadlineMissing() throws Exception {
        rejectApp("{'name': 'app', 'period': 100, 'components': [{'name': 'a', 'cpu': 0.1}]}", "$.deadline", "missing");
    }

    @Test
    void unknownFieldIsRejectedNotIgnored() throws Exception {
        rejectApp("{'name': 'app', 'perod': 100, 'period': 100, 'deadline': 100, 'components': [{'name': 'a', 'cpu': 0.1}]}",
                "$.perod", "unknown field", "period");
        rejectApp(app("{'name': 'a', 'cpu': 0.1, 'memroy': 5}", ""), "$.components[0].memroy", "unknown field", "memory");
        rejectApp(app(ABC, "{'from': 'a', 'to': 'b', 'bandwith': 1}"), "$.connections[0].bandwith", "unknown field");
        rejectDomain("{'nodes': [{'name': 'sc1', 'cpu': 1, 'memory': 1, 'bandwidth': 1, 'disk': 3}]}", "$.nodes[0].disk", "unknown field");
        rejectDomain("{'linkLatancy': 3, 'nodes': [{'name': 'sc1', 'cpu': 1, 'memory': 1, 'bandwidth': 1}]}", "$.linkLatancy", "unknown field");
    }

    @Test
    void invalidJsonSyntax() throws Exception {
        rejectApp("{'name': 'app', 'period': 100, 'components': [", "$", "not valid JSON");
        rejectDomain("{'nodes': [] } }", "$", "not valid JSON");
    }

    @Test
    void topLevelMustBeAnObject() throws Exception {
        rejectApp("[1, 2]", "$", "expected a JSON object");
        rejectApp("", "$", "expected a JSON object");
        rejectApp(app("{'name': 'a', 'cpu': 0.1}, 42", ""), "$.components[1]", "expected a JSON object");
    }

    @Test
    void cycleInConnections() throws Exception {
        DescriptorException e = rejectApp(app(ABC, "{'from': 'a', 'to': 'b'}, {'from': 'b', 'to': 'c'}, {'from': 'c', 'to': 'a'}"),
                "$.connections", "cycle");
        assertTrue(e.reason().contains("a -> b -> c -> a"), e.reason());
    }

    @Test
    void selfLoopAndDuplicateConnection() throws Exception {
        rejectApp(app(ABC, "{'from': 'a', 'to': 'a'}"), "$.connections[0].to", "itself");
        rejectApp(app(ABC, "{'from': 'a', 'to': 'b'}, {'from': 'a', 'to': 'b'}"), "$.connections[1]", "duplicate connection");
    }

    @Test
    void diamondIsNotACycle() throws Exception {
        Application a = adapter.readApplication(write("diamond.json", app(ABC + ", {'name': 'd', 'cpu': 0.1}",
                "{'from': 'a', 'to': 'b'}, {'from': 'a', 'to': 'c'}, {'from': 'b', 'to': 'd'}, {'from': 'c', 'to': 'd'}")), domain);
        assertEquals(4, a.connections().size());
    }

    @Test
    void periodRangeMinAboveMax() throws Exception {
        rejectApp("{'name': 'app', 'period': 100, 'deadline': 100, 'periodRange': {'min': 200, 'max': 50},"
                + " 'components': [{'name': 'a', 'cpu': 0.1}]}", "$.periodRange.min", "min 200 > max 50");
    }

    @Test
    void periodOutsidePeriodRange() throws Exception {
        rejectApp("{'name': 'app', 'period': 100, 'deadline': 100, 'periodRange': {'min': 200, 'max': 400},"
                + " 'components': [{'name': 'a', 'cpu': 0.1}]}", "$.period", "outside periodRange", "[200, 400]");
    }

    @Test
    void periodRangeBoundsAreInclusive() throws Exception {
        Application a = adapter.readApplication(write("edge.json", "{'name': 'app', 'period': 400, 'deadline': 100,"
                + " 'periodRange': {'min': 200, 'max': 400}, 'components': [{'name': 'a', 'cpu': 0.1}]}"), domain);
        assertEquals(new Range(200, 400), a.periodRange());
    }

    @Test
    void importanceMustBeHighMediumOrLow() throws Exception {
        rejectApp("{'name': 'app', 'importance': 'critical', 'period': 100, 'deadline': 100, 'components': [{'name': 'a', 'cpu': 0.1}]}",
                "$.importance", "high, medium or low", "critical");
    }

    @Test
    void wrongType() throws Exception {
        rejectApp(app("{'name': 'a', 'cpu': '0.5'}", ""), "$.components[0].cpu", "expected a number");
        rejectApp("{'name': 'app', 'period': 100, 'deadline': true, 'components': [{'name': 'a', 'cpu': 0.1}]}", "$.deadline", "expected a number");
        rejectApp("{'name': 7, 'period': 100, 'deadline': 100, 'components': [{'name': 'a', 'cpu': 0.1}]}", "$.name", "expected a string");
        rejectApp("{'name': 'app', 'period': 100, 'deadline': 100, 'components': {'name': 'a'}}", "$.components", "expected an array");
        rejectDomain("{'nodes': [{'name': 'sc1', 'cpu': [1], 'memory': 1, 'bandwidth': 1}]}", "$.nodes[0].cpu", "expected a number");
    }

    @Test
    void componentNeedsCpuOrExecutionTime() throws Exception {
        rejectApp(app("{'name': 'a', 'cpu': 0.1}, {'name': 'b', 'memory': 3}", ""), "$.components[1]", "cpu or executionTime");
    }

    @Test
    void requiredArraysMustBeNonEmpty() throws Exception {
        rejectApp("{'name': 'app', 'period': 100, 'deadline': 100, 'components': []}", "$.components", "must not be empty");
        rejectDomain("{'name': 'd', 'nodes': []}", "$.nodes", "must not be empty");
        rejectDomain("{'name': 'd'}", "$.nodes", "missing");
    }

    @Test
    void nodeCapacityMustBePositive() throws Exception {
        rejectDomain("{'nodes': [{'name': 'sc1', 'cpu': 1, 'memory': 0, 'bandwidth': 1}]}", "$.nodes[0].memory", "> 0");
        rejectDomain("{'linkLatency': -1, 'nodes': [{'name': 'sc1', 'cpu': 1, 'memory': 1, 'bandwidth': 1}]}", "$.linkLatency", ">= 0");
    }

    @Test
    void namesMustBeSafe() throws Exception {
        rejectApp("{'name': 'my app', 'period': 100, 'deadline': 100, 'components': [{'name': 'a', 'cpu': 0.1}]}", "$.name", "not a valid name");
        rejectApp(app("{'name': '-a', 'cpu': 0.1}", ""), "$.components[0].name", "not a valid name");
        rejectDomain("{'nodes': [{'name': 'sc/1', 'cpu': 1, 'memory': 1, 'bandwidth': 1}]}", "$.nodes[0].name", "not a valid name");
        rejectApp("{'name': '  ', 'period': 100, 'deadline': 100, 'components': [{'name': 'a', 'cpu': 0.1}]}", "$.name", "must not be empty");
    }

    @Test
    void fileNotFound() {
        Path missing = dir.resolve("nope.json");
        DescriptorException e = assertThrows(DescriptorException.class, () -> adapter.readApplication(missing, domain));
        assertError(e, missing, "$", "file not found");
        DescriptorException d = assertThrows(DescriptorException.class, () -> adapter.readDomain(missing));
        assertError(d, missing, "$", "file not found");
        DescriptorException isDir = assertThrows(DescriptorException.class, () -> adapter.readDomain(dir));
        assertError(isDir, dir, "$", "file not found");
    }

    // ------------------------------------------------------------------ QoS regions

    private static String contracted(String region) {
        return "{'name': 'app', 'importance': 'low', 'region': " + region
                + ", 'components': [{'name': 'a', 'executionTime': 20}, {'name': 'b', 'executionTime': 30}]}";
    }

    @Test
    void regionMakesAContractWhoseCpuFollowsTheRate() throws Exception {
        Application a = adapter.readApplication(write("c.json", contracted("{'period': {'min': 100, 'max': 400}, 'latency': {'max': 350}}")), domain);
        assertEquals(new QosRegion(new Range(100, 400), 350.0), a.region());
        assertEquals(new Range(100, 400), a.periodRange(), "the region's period is the range controllers move in");
        assertEquals(400, a.periodMs(), EPS, "without a period: the least demanding point until admission negotiates");
        assertEquals(400, a.deadlineMs(), EPS, "the deadline is the period");
        assertEquals(100, a.withPeriod(100).deadlineMs(), EPS, "and follows it");
        assertEquals(20.0 / 400, a.components().get(0).demand().cpu(), EPS);
        Application fast = a.withPeriod(100);
        assertEquals(0.2, fast.components().get(0).demand().cpu(), EPS, "demand at rate r = executionTime x r");
        assertEquals(0.3, fast.components().get(1).demand().cpu(), EPS);
        assertEquals(10, fast.region().maxRateHz(), EPS);
        assertEquals(2.5, fast.region().minRateHz(), EPS);
    }

    @Test
    void applicationsWithoutRegionKeepTheirDeclaredDemand() throws Exception {
        Application a = adapter.readApplication(write("f.json", "{'name': 'app', 'period': 100, 'deadline': 100, "
                + "'periodRange': {'min': 50, 'max': 200}, 'components': [{'name': 'a', 'cpu': 0.25, 'executionTime': 10}]}"), domain);
        assertNull(a.region());
        assertEquals(0.25, a.withPeriod(50).components().get(0).demand().cpu(), EPS);
    }

    @Test
    void badRegionsNameFilePathAndReason() throws Exception {
        rejectApp(contracted("{'period': {'min': 400, 'max': 100}}"), "$.region.period.min", "min 400 > max 100");
        rejectApp(contracted("{'period': {'min': -5, 'max': 100}}"), "$.region.period.min", "must be > 0, got -5");
        rejectApp(contracted("{'period': {'min': 50, 'max': 100}, 'jitter': {'max': 3}}"), "$.region.jitter", "unknown QoS dimension",
                "period", "latency");
        rejectApp(contracted("{'rate': {'min': 2.5, 'max': 10}}"), "$.region.rate", "period range in ms, not in Hz",
                "\"min\": 100, \"max\": 400");
        rejectApp(contracted("{'latency': {'max': 10}}"), "$.region.period", "missing");
        rejectApp(contracted("{'period': {'min': 50, 'max': 100}, 'latency': {'max': 0}}"), "$.region.latency.max", "must be > 0");
        rejectApp(contracted("{'period': {'min': 50, 'max': 100}, 'latency': {'min': 1, 'max': 9}}"), "$.region.latency.min", "unknown field");
        rejectApp(contracted("{'period': {'min': 50, 'max': 100}}").replace("'region'", "'period': 200, 'region'"), "$.period",
                "outside region.period", "[50, 100]");
        rejectApp(contracted("{'period': {'min': 50, 'max': 100}}").replace("'region'", "'periodRange': {'min': 50, 'max': 90}, 'region'"),
                "$.periodRange", "differs from the region's period");
        rejectApp(contracted("{'period': {'min': 50, 'max': 100}}").replace("'region'", "'deadline': 100, 'region'"), "$.deadline",
                "the deadline is the period");
        rejectApp(contracted("{'period': {'min': 50, 'max': 100}}").replace("'executionTime': 20", "'cpu': 0.2"), "$.components[0].cpu",
                "follows the rate");
    }

    // ------------------------------------------------------------------ issue 17: duplicate keys, bounds, readable messages

    @Test
    void aKeyGivenTwiceIsRefusedNamingKeyAndPath() throws Exception {
        rejectApp("{'name': 'app', 'period': 100, 'period': 10, 'deadline': 100, 'components': [{'name': 'a', 'cpu': 0.1}]}",
                "$.period", "duplicate key 'period'");
        rejectApp(app("{'name': 'a', 'cpu': 0.1}, {'name': 'b', 'cpu': 0.1, 'memory': 1, 'cpu': 0.9}", ""), "$.components[1].cpu",
                "duplicate key 'cpu'");
        rejectApp(contracted("{'period': {'min': 100, 'max': 400, 'min': 50}}"), "$.region.period.min", "duplicate key 'min'");
        rejectDomain("{'nodes': [{'name': 'sc1', 'cpu': 1, 'memory': 1, 'bandwidth': 1, 'name': 'sc2'}]}", "$.nodes[0].name",
                "duplicate key 'name'");
        rejectDomain("{'name': 'a', 'nodes': [{'name': 'sc1', 'cpu': 1, 'memory': 1, 'bandwidth': 1}], 'name': 'b'}", "$.name",
                "duplicate key");
    }

    @Test
    void syntaxErrorsSayWhereWithoutGsonsHints() throws Exception {
        DescriptorException e = rejectApp("{'name': 'app', 'period': }", "$", "not valid JSON at line 1, column", "expected value");
        assertFalse(e.getMessage().contains("setStrictness") || e.getMessage().contains("http"), e.getMessage());
        e = rejectApp("hello world", "$", "not valid JSON");
        assertFalse(e.getMessage().contains("setStrictness") || e.getMessage().contains("http"), e.getMessage());
        e = rejectDomain("{'nodes': [] } }", "$", "not valid JSON", "more text after the top-level value");
        assertFalse(e.getMessage().contains("setStrictness") || e.getMessage().contains("http"), e.getMessage());
        e = rejectApp("{'name': 'app', /* period */ 'period': 100}", "$", "not valid JSON");
        assertFalse(e.getMessage().contains("setStrictness") || e.getMessage().contains("http"), e.getMessage());
    }

    @Test
    void timesLieBetweenAMicrosecondAndADay() throws Exception {
        rejectApp("{'name': 'app', 'period': 1e-9, 'deadline': 100, 'components': [{'name': 'a', 'cpu': 0.1}]}", "$.period",
                "between 0.001 ms (1 µs) and 86400000 ms (a day), got 1.0e-9");
        rejectApp("{'name': 'app', 'period': 100, 'deadline': 1e12, 'components': [{'name': 'a', 'cpu': 0.1}]}", "$.deadline",
                "a day", "got 1.0e12");
        rejectApp(app("{'name': 'a', 'executionTime': 1e-7}", ""), "$.components[0].executionTime", "0 or between 0.001 ms");
        rejectApp("{'name': 'app', 'period': 100, 'deadline': 100, 'periodRange': {'min': 1e-6, 'max': 200},"
                + " 'components': [{'name': 'a', 'cpu': 0.1}]}", "$.periodRange.min", "1 µs");
        rejectApp(contracted("{'period': {'min': 50, 'max': 1e9}}"), "$.region.period.max", "a day");
        rejectApp(contracted("{'period': {'min': 50, 'max': 100}, 'latency': {'max': 1e-5}}"), "$.region.latency.max", "1 µs");
        rejectDomain("{'linkLatency': 1e10, 'nodes': [{'name': 'n', 'cpu': 1, 'memory': 1, 'bandwidth': 1}]}", "$.linkLatency", "a day");
        Application edge = adapter.readApplication(write("edge.json", "{'name': 'app', 'period': 0.001, 'deadline': 86400000,"
                + " 'components': [{'name': 'a', 'executionTime': 0}]}"), domain);
        assertEquals(0.001, edge.periodMs(), EPS);
    }

    @Test
    void capacitiesAndDemandsAreBoundedAndPrintedReadably() throws Exception {
        DescriptorException e = rejectDomain("{'nodes': [{'name': 'n', 'cpu': 1e308, 'memory': 1, 'bandwidth': 1}]}", "$.nodes[0].cpu",
                "got 1.0e308");
        assertTrue(e.getMessage().length() < 200, e.getMessage());
        rejectDomain("{'nodes': [{'name': 'n', 'cpu': 1, 'memory': 1e300, 'bandwidth': 1}]}", "$.nodes[0].memory", "1 PB");
        rejectDomain("{'nodes': [{'name': 'n', 'cpu': 1, 'memory': 1, 'bandwidth': 1e-9}]}", "$.nodes[0].bandwidth", "1 kbit/s");
        rejectApp(app("{'name': 'a', 'cpu': 1e308}", ""), "$.components[0].cpu", "got 1.0e308");
        rejectApp(app("{'name': 'a', 'cpu': 0.1, 'memory': 1e100}", ""), "$.components[0].memory", "1 PB");
        rejectApp(app("{'name': 'a', 'cpu': 0.1, 'bandwidth': 1e12}", ""), "$.components[0].bandwidth", "1 Pbit/s");
        rejectApp(app(ABC, "{'from': 'a', 'to': 'b', 'bandwidth': 1e15}"), "$.connections[0].bandwidth", "1 Pbit/s");
        rejectApp(app("{'name': 'a', 'cpu': 1e400}", ""), "$.components[0].cpu", "finite");
    }

    @Test
    void namesAndTextsAreAtMost128Characters() throws Exception {
        String longName = "n".repeat(100_000);
        DescriptorException e = rejectApp("{'name': '" + longName + "', 'period': 100, 'deadline': 100, 'components': [{'name': 'a', 'cpu': 0.1}]}",
                "$.name", "at most 128 characters, got 100000");
        assertTrue(e.getMessage().length() < 300, "the message does not repeat the name: " + e.getMessage().length());
        rejectApp(app("{'name': 'a', 'cpu': 0.1, 'type': '" + "t".repeat(129) + "'}", ""), "$.components[0].type", "at most 128");
        rejectDomain("{'nodes': [{'name': '" + longName + "', 'cpu': 1, 'memory': 1, 'bandwidth': 1}]}", "$.nodes[0].name", "at most 128");
        adapter.readApplication(write("ok.json", app("{'name': '" + "a".repeat(128) + "', 'cpu': 0.1}", "")), domain);
    }

    @Test
    void aTypedComponentCarriesItsPropertiesAsText() throws Exception {
        Application a = adapter.readApplication(write("typed.json", app("{'name': 'a', 'cpu': 0.1, 'type': 'echo', "
                + "'properties': {'spinMicros': 250, 'payloadBytes': 1024, 'label': 'x y', 'check': true}}, {'name': 'b', 'cpu': 0.1}", "")), domain);
        Component c = a.components().get(0);
        assertEquals("echo", c.type());
        assertEquals(java.util.Map.of("spinMicros", "250", "payloadBytes", "1024", "label", "x y", "check", "true"), c.properties());
        assertFalse(a.components().get(1).typed());
        assertEquals(java.util.Map.of(), a.components().get(1).properties());
    }

    @Test
    void badTypesAndPropertiesAreRefusedWithWhereAndWhy() throws Exception {
        rejectApp(app("{'name': 'a', 'cpu': 0.1, 'type': 'no spaces'}", ""), "$.components[0].type", "not a valid name");
        rejectApp(app("{'name': 'a', 'cpu': 0.1, 'type': 7}", ""), "$.components[0].type", "expected a string");
        rejectApp(app("{'name': 'a', 'cpu': 0.1, 'properties': {'x': 1}}", ""), "$.components[0].properties", "only a component with a type");
        rejectApp(app("{'name': 'a', 'cpu': 0.1, 'type': 'echo', 'properties': [1]}", ""), "$.components[0].properties", "expected an object");
        rejectApp(app("{'name': 'a', 'cpu': 0.1, 'type': 'echo', 'properties': {'x': {'y': 1}}}", ""), "$.components[0].properties.x",
                "expected a text, number or boolean");
        rejectApp(app("{'name': 'a', 'cpu': 0.1, 'type': 'echo', 'properties': {'x': '" + "v".repeat(4097) + "'}}", ""),
                "$.components[0].properties.x", "at most 4096 characters");
    }
}
