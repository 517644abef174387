package org.race.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.nio.file.Files;
import java.nio.file.Path;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.race.api.CentralMonitor;
import org.race.api.Engine;
import org.race.api.model.DeploymentPlan;
import org.race.api.monitoring.ApplicationQos;

/**
 * Issue 15's measured defect, as a new user meets it: two medium applications, 50 ms every 100 ms and 70 ms every
 * 150 ms, deployed with the default allocator on two empty nodes of cpu 1. By capacity first fit stacked both on
 * the first node (0.967 cpu) and the second missed 43 % of its deadlines; placing by schedulability it goes to the
 * second node, and on the sim neither misses.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PlacementByAnalysisIT {
    @Inject
    CommandProcessor processor;

    @Inject
    Engine engine;

    @Inject
    CentralMonitor monitor;

    @Configuration
    public Option[] config() throws Exception {
        return options(Dist.container());
    }

    @After
    public void undeployAll() throws Exception {
        for (DeploymentPlan p : engine.applications()) engine.undeploy(p.name());
    }

    private static Path write(String name, String json) throws Exception {
        Path f = Files.createTempFile(name, ".json");
        Files.writeString(f, json);
        return f;
    }

    private static Path single(String name, String component, int executionMs, int periodMs) throws Exception {
        return write(name, "{\"name\": \"" + name + "\", \"importance\": \"medium\", \"period\": " + periodMs + ", \"deadline\": " + periodMs
                + ", \"components\": [{\"name\": \"" + component + "\", \"executionTime\": " + executionMs + ", \"memory\": 16}]}");
    }

    @Test
    public void theDefaultAllocatorSpreadsThemAndBothMeetTheirDeadlines() throws Exception {
        Shell shell = new Shell(processor);
        Path domain = write("two-nodes", """
                {"name": "two", "linkLatency": 1, "nodes": [
                  {"name": "q1", "cpu": 1.0, "memory": 512, "bandwidth": 10},
                  {"name": "q2", "cpu": 1.0, "memory": 512, "bandwidth": 10}]}
                """);
        String loaded = shell.run("race:domain " + domain);
        assertTrue(loaded, loaded.contains("loaded domain two with 2 nodes"));
        String out = shell.run("race:deploy " + single("attitude", "ctl", 50, 100) + "; race:deploy " + single("beacon", "tx", 70, 150));
        assertTrue(out, out.contains("with allocator firstfit"));
        assertEquals("q1", engine.application("attitude").orElseThrow().placement().nodeOf().get("ctl"));
        assertEquals("q2", engine.application("beacon").orElseThrow().placement().nodeOf().get("tx"));

        ApplicationQos attitude = ApplicationQos.empty("attitude"), beacon = ApplicationQos.empty("beacon");
        for (int window = 0; window < 15; window++) {
            shell.run("race:run 1");
            attitude = attitude.merge(monitor.latest().orElseThrow().applications().get("attitude"));
            beacon = beacon.merge(monitor.latest().orElseThrow().applications().get("beacon"));
        }
        assertTrue("attitude ran: " + attitude, attitude.met() >= 140);
        assertTrue("beacon ran: " + beacon, beacon.met() >= 90);
        assertEquals("attitude " + attitude, 0, attitude.missed());
        assertEquals("beacon " + beacon, 0, beacon.missed());
        assertTrue("beacon alone on q2 responds within its 77 ms worst case: " + beacon, beacon.maxLatencyMs() <= 77.01);
    }
}
