package org.race.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.race.itests.Dist.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

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
import org.race.api.AdaptationLoop;
import org.race.api.Engine;
import org.race.api.model.DeploymentPlan;

/**
 * The worked examples of bundles/examples, as their README tells a user to use them: the jar the
 * build made is copied into the running container's deploy/ folder, shows up in race:allocators or
 * race:controller, and does its job.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ExamplesIT {
    @Inject
    CommandProcessor processor;

    @Inject
    Engine engine;

    @Inject
    AdaptationLoop loop;

    @Inject
    org.osgi.service.cm.ConfigurationAdmin configAdmin;

    @Inject
    org.osgi.framework.BundleContext context;

    static Path deploy() {
        return Path.of(System.getProperty("race.itest.work")).resolve("examples").resolve("deploy");
    }

    @Configuration
    public Option[] config() throws Exception {
        return options(Dist.container(), Dist.fileInstall(Dist.emptied(deploy())));
    }

    @After
    public void tearDown() throws Exception {
        for (DeploymentPlan p : engine.applications()) engine.undeploy(p.name());
        try (var s = Files.list(deploy())) {
            for (Path p : s.toList()) Files.delete(p);
        }
    }

    private Path drop(String module) throws Exception {
        Path jar = Dist.exampleBundle(module);
        return Files.copy(jar, deploy().resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }

    /** spread.json: seven components, none pinned, on the MMS domain's six nodes: one each in domain order, the seventh wraps around. */
    @Test
    public void theRoundRobinAllocatorDealsComponentsOutOverTheNodes() throws Exception {
        Shell shell = new Shell(processor);
        shell.run("race:domain " + Dist.conf("mms-domain.json"));
        Path jar = drop("round-robin-allocator");
        await("round-robin in race:allocators", () -> engine.allocators().contains("round-robin"));
        assertTrue(shell.run("race:allocators").contains("round-robin"));
        String out = shell.run("race:deploy -a round-robin " + Dist.exampleFile("round-robin-allocator", "spread.json"));
        assertTrue(out, out.contains("deployed spread") && out.contains("with allocator round-robin"));
        Map<String, String> expected = new TreeMap<>(Map.of("c0", "sc1", "c1", "sc2", "c2", "sc3", "c3", "sc4", "c4", "sc5", "c5", "ground",
                "c6", "sc1"));
        assertEquals(expected, engine.application("spread").orElseThrow().placement().nodeOf());
        assertEquals("round-robin", engine.application("spread").orElseThrow().placement().allocator());

        Files.delete(jar);
        await("round-robin gone", () -> !engine.allocators().contains("round-robin"));
        assertEquals("what it placed stays", expected, engine.application("spread").orElseThrow().placement().nodeOf());
        engine.undeploy("spread");
        Exception e = shell.fail("race:deploy -a round-robin " + Dist.exampleFile("round-robin-allocator", "spread.json"));
        assertTrue(e.getMessage(), e.getMessage().contains("allocator 'round-robin' is not installed"));
    }

    /**
     * quiet.json (25 ms of work every 90 ms on sc3, periodRange 40 to 200 ms) keeps sc3 at
     * 28 %: the threshold controller speeds it up by 1.25 a period while sc3 stays under 50 %, 90 → 72
     * → 57.6 → 46.08 ms, where sc3 is at 54 %. late.json (60 ms of work on sc2, deadline 50 ms) misses
     * every deadline: slowed down, 100 → 125 → 156.25 → 195.3 → 200 ms, the top of its range.
     */
    @Test
    public void theThresholdControllerBecomesActiveAndMovesRates() throws Exception {
        Dist.admitByCapacity(configAdmin, context); // late.json misses on purpose
        Shell shell = new Shell(processor);
        shell.run("race:domain " + Dist.conf("mms-domain.json"));
        shell.run("race:deploy " + Dist.exampleFile("threshold-controller", "quiet.json") + "; race:deploy "
                + Dist.exampleFile("threshold-controller", "late.json"));

        Path jar = drop("threshold-controller");
        await("threshold installed", () -> loop.controllers().contains("threshold"));
        shell.run("race:controller threshold; race:run 1");
        assertTrue(shell.run("race:controller").contains("active: threshold"));
        assertEquals("threshold", loop.lastDecision().orElseThrow().controller());
        assertEquals(72, period("quiet"), 1e-9);
        assertEquals(125, period("late"), 1e-9);

        shell.run("race:run 9");
        assertEquals(46.08, period("quiet"), 1e-9);
        assertEquals(200, period("late"), 1e-9);
        String status = shell.run("race:controller");
        assertTrue(status, status.contains("last decision: no change (every application within its thresholds)"));

        shell.run("race:controller auto");
        Files.delete(jar);
        await("threshold gone", () -> !loop.controllers().contains("threshold"));
    }

    private double period(String application) {
        return engine.application(application).orElseThrow().application().periodMs();
    }
}
