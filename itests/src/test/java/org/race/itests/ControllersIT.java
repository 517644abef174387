package org.race.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.race.itests.Dist.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Hashtable;
import java.util.Map;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;
import org.race.api.AdaptationLoop;
import org.race.api.CentralMonitor;
import org.race.api.Engine;
import org.race.api.model.DeploymentPlan;
import org.race.api.monitoring.ApplicationQos;

/**
 * Controllers hot-installed through deploy/: the control loop uses one from the next period on and
 * falls back when it is removed; and FMUF's effect on the sim platform compared with MUF alone.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ControllersIT {
    @Inject
    CommandProcessor processor;

    @Inject
    Engine engine;

    @Inject
    AdaptationLoop loop;

    @Inject
    CentralMonitor monitor;

    @Inject
    ConfigurationAdmin configAdmin;

    @Inject
    org.osgi.framework.BundleContext context;

    private Shell shell;

    static Path work(String dir) {
        return Path.of(System.getProperty("race.itest.work")).resolve("controllers").resolve(dir);
    }

    @Configuration
    public Option[] config() throws Exception {
        // RMS would overwrite MUF's classes: this container runs MUF only
        return options(Dist.container("race-configurator-rms"), Dist.fileInstall(Dist.emptied(work("deploy"))));
    }

    @Before
    public void setUp() throws Exception {
        Dist.admitByCapacity(configAdmin, context); // sci misses under MUF on purpose
        shell = new Shell(processor);
        Path domain = Files.createTempFile("one-node", ".json");
        Files.writeString(domain, "{\"name\":\"lab\",\"nodes\":[{\"name\":\"n1\",\"cpu\":1,\"memory\":1024,\"bandwidth\":100}]}");
        shell.run("race:domain " + domain);
    }

    @After
    public void tearDown() throws Exception {
        for (DeploymentPlan p : engine.applications()) engine.undeploy(p.name());
        try (Stream<Path> s = Files.list(work("deploy"))) {
            for (Path p : s.toList()) Files.delete(p);
        }
        await("no controller", () -> loop.controllers().isEmpty());
    }

    /** FMUF, then EUCON, dropped into deploy/; removing FMUF falls back to EUCON, removing EUCON to none. */
    @Test
    public void controllersDroppedIntoDeployActFromTheNextPeriodAndRemovalsFallBack() throws Exception {
        shell.run("race:run 2");
        assertEquals("none", loop.activeController().orElse("none"));
        Path fmuf = work("deploy").resolve("fmuf.jar"), eucon = work("deploy").resolve("eucon.jar");
        Files.copy(Dist.extra("race-controller-fmuf"), fmuf, StandardCopyOption.REPLACE_EXISTING);
        await("fmuf installed", () -> loop.controllers().contains("fmuf"));
        shell.run("race:run 1");
        assertEquals("fmuf", loop.activeController().orElse("none"));
        assertEquals("fmuf", loop.lastDecision().orElseThrow().controller());
        assertTrue(shell.run("race:controller").contains("active: fmuf"));

        Files.copy(Dist.extra("race-controller-eucon"), eucon, StandardCopyOption.REPLACE_EXISTING);
        await("eucon installed", () -> loop.controllers().contains("eucon"));
        shell.run("race:controller eucon; race:run 1");
        assertEquals("chosen by name", "eucon", loop.lastDecision().orElseThrow().controller());
        shell.run("race:controller fmuf; race:run 1");
        assertEquals("fmuf", loop.lastDecision().orElseThrow().controller());
        shell.run("race:controller auto");

        Files.delete(fmuf);
        await("fmuf removed", () -> !loop.controllers().contains("fmuf"));
        shell.run("race:run 1");
        assertEquals("fell back to the other installed controller", "eucon", loop.activeController().orElse("none"));
        assertEquals("eucon", loop.lastDecision().orElseThrow().controller());

        Files.delete(eucon);
        await("eucon removed", () -> !loop.controllers().contains("eucon"));
        long before = monitor.latest().orElseThrow().timeMs();
        String out = shell.run("race:run 2; race:controller");
        assertTrue(out, out.contains("active: none (monitoring only)"));
        assertEquals("monitoring went on: two more snapshots, a second apart", before + 2000, monitor.latest().orElseThrow().timeMs());
    }

    /**
     * n1 runs "heavy" (high importance, 500 ms every 1,000 ms) and "sci" (medium, 60 ms every 200 ms,
     * deadline 200 ms). Under MUF heavy's class is above: sci misses whenever heavy runs. FMUF promotes
     * sci; rate monotonic in the high class then meets both (0.5 + 0.3 of the node).
     */
    @Test
    public void fmufCutsLowClassMissesAndKeepsTheHighClassMeetingDeadlines() throws Exception {
        long[] muf = run(false);
        for (DeploymentPlan p : engine.applications()) engine.undeploy(p.name());
        long[] withFmuf = run(true);
        assertEquals("high class under MUF", 0, muf[0]);
        assertEquals("high class under MUF + FMUF", 0, withFmuf[0]);
        assertTrue("sci misses under MUF alone: " + muf[1], muf[1] > 50);
        assertTrue("sci misses with FMUF " + withFmuf[1] + " vs MUF alone " + muf[1], withFmuf[1] < muf[1] / 2);
        System.out.println("FMUF evidence over 60 s: sci missed " + muf[1] + " under MUF, " + withFmuf[1] + " with FMUF; heavy missed 0 and 0");
    }

    /** Misses of heavy and sci over 60 s of virtual time (FMUF sampling period 10 s). */
    private long[] run(boolean fmuf) throws Exception {
        Path jar = work("deploy").resolve("fmuf.jar");
        if (fmuf) {
            var c = configAdmin.getConfiguration("race.controller.fmuf", "?");
            c.update(new Hashtable<>(Map.of("samplingPeriod", 10_000L, "threshold", 0.05)));
            Files.copy(Dist.extra("race-controller-fmuf"), jar, StandardCopyOption.REPLACE_EXISTING);
            await("fmuf installed", () -> loop.controllers().contains("fmuf"));
        }
        Path heavy = Files.createTempFile("heavy", ".json"), sci = Files.createTempFile("sci", ".json");
        Files.writeString(heavy, "{\"name\":\"heavy\",\"importance\":\"high\",\"period\":1000,\"deadline\":1000,"
                + "\"components\":[{\"name\":\"h\",\"cpu\":0.5,\"executionTime\":500}]}");
        Files.writeString(sci, "{\"name\":\"sci\",\"importance\":\"medium\",\"period\":200,\"deadline\":200,"
                + "\"components\":[{\"name\":\"s\",\"cpu\":0.3,\"executionTime\":60}]}");
        shell.run("race:deploy " + heavy + "; race:deploy " + sci);
        long[] missed = new long[2];
        for (int second = 0; second < 60; second++) {
            shell.run("race:run 1");
            Map<String, ApplicationQos> q = monitor.latest().orElseThrow().applications();
            missed[0] += q.getOrDefault("heavy", ApplicationQos.empty("heavy")).missed();
            missed[1] += q.getOrDefault("sci", ApplicationQos.empty("sci")).missed();
        }
        if (fmuf) {
            assertEquals("sci promoted", "high", engine.application("sci").orElseThrow().settingsOf("s").priorityClass());
            Files.delete(jar);
            await("fmuf removed", () -> !loop.controllers().contains("fmuf"));
        }
        return missed;
    }
}
