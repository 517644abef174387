package org.race.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.race.itests.Dist.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.race.api.Engine;

/**
 * FileInstall: a bundle jar dropped into deploy/ is installed and started, removing it uninstalls
 * it; .cfg and .config files in conf/ reach ConfigAdmin. The binpack allocator is held back from
 * the container so that dropping it in is observable.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotDeployIT {
    private static final String BINPACK = "race-allocator-binpack", OPTAPLANNER = "race-allocator-optaplanner";

    @Inject
    Engine engine;

    @Inject
    BundleContext context;

    @Inject
    CommandProcessor processor;

    static Path work(String dir) {
        return Path.of(System.getProperty("race.itest.work")).resolve("hotdeploy").resolve(dir);
    }

    @Configuration
    public Option[] config() throws Exception {
        return options(Dist.container(BINPACK, OPTAPLANNER), Dist.fileInstall(Dist.emptied(work("deploy")), Dist.emptied(work("conf"))));
    }

    @Test
    public void aBundleDroppedIntoDeployStartsAndLeavesWhenRemoved() throws Exception {
        assertFalse(engine.allocators().contains("firstfit"));
        Path jar = Dist.bundles().stream().filter(p -> p.getFileName().toString().startsWith(BINPACK + "-"))
                .findFirst().orElseThrow();
        Path dropped = work("deploy").resolve(jar.getFileName());
        Files.copy(jar, dropped, StandardCopyOption.REPLACE_EXISTING);
        await("firstfit allocator after the drop", () -> engine.allocators().contains("firstfit"));
        Bundle b = Stream.of(context.getBundles()).filter(x -> BINPACK.equals(x.getSymbolicName())).findFirst().orElseThrow();
        assertEquals(Bundle.ACTIVE, b.getState());

        Files.delete(dropped);
        await("firstfit allocator gone after the removal", () -> !engine.allocators().contains("firstfit"));
        // FileInstall stops the bundle (the allocator goes) and then uninstalls it
        await("the bundle uninstalled", () -> Stream.of(context.getBundles()).noneMatch(x -> BINPACK.equals(x.getSymbolicName())));
    }

    @Test
    public void configurationFilesReachConfigAdmin() throws Exception {
        assertEquals("firstfit", engine.defaultAllocator());
        Path cfg = work("conf").resolve("race.engine.cfg");
        Files.writeString(cfg, "allocator = static\n");
        await("allocator=static from race.engine.cfg", () -> "static".equals(engine.defaultAllocator()));
        Files.delete(cfg);
        await("default allocator back after the .cfg is removed", () -> "firstfit".equals(engine.defaultAllocator()));

        Path config = work("conf").resolve("race.engine.config");
        Files.writeString(config, "allocator=\"pbfd\"\n");
        await("allocator=pbfd from race.engine.config", () -> "pbfd".equals(engine.defaultAllocator()));
        Files.delete(config);
        await("default allocator back after the .config is removed", () -> "firstfit".equals(engine.defaultAllocator()));
    }

    /** The OptaPlanner allocator, hot-installed into the running container, deploys an application. */
    @Test
    public void theOptaPlannerAllocatorHotInstallsAndDeploys() throws Exception {
        Shell shell = new Shell(processor);
        shell.run("race:domain " + Dist.conf("mms-domain.json"));
        Path jar = Dist.bundles().stream().filter(p -> p.getFileName().toString().startsWith(OPTAPLANNER + "-")).findFirst().orElseThrow();
        Path dropped = work("deploy").resolve(jar.getFileName());
        Files.copy(jar, dropped, StandardCopyOption.REPLACE_EXISTING);
        await("optaplanner allocator after the drop", () -> engine.allocators().contains("optaplanner"));
        String out = shell.run("race:deploy -a optaplanner " + Dist.example("science-slow-survey.json"));
        assertTrue(out, out.contains("deployed science1") && out.contains("with allocator optaplanner"));
        assertEquals("optaplanner", engine.application("science1").orElseThrow().placement().allocator());
        engine.undeploy("science1");

        Files.delete(dropped);
        await("optaplanner allocator gone", () -> !engine.allocators().contains("optaplanner"));
        Exception e = shell.fail("race:deploy -a optaplanner " + Dist.example("science-slow-survey.json"));
        assertTrue(e.getMessage(), e.getMessage().contains("allocator 'optaplanner' is not installed"));
        assertTrue(engine.applications().isEmpty());
    }
}
