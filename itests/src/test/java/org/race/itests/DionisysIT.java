package org.race.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Hashtable;
import java.util.Optional;
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
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.EventHandler;
import org.race.api.DescriptorReader;
import org.race.api.AttributeStore;
import org.race.api.CentralMonitor;
import org.race.api.Engine;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.AttributeException;
import org.race.api.monitoring.ApplicationQos;

/**
 * Dionisys on the sim platform: attribute stores with access rights, QoS events on Event Admin, and a
 * user's handler bundle (race-controller-handler-example from extras/) hot-installed through deploy/ that
 * compensates video's deadline misses on sc1 by raising its sender's cpu priority above bulk's.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DionisysIT {
    private static final String HANDLER = "race-controller-handler-example";

    @Inject
    Engine engine;

    @Inject
    DescriptorReader descriptors;

    @Inject
    CentralMonitor monitor;

    @Inject
    AttributeStore store;

    @Inject
    BundleContext context;

    @Inject
    CommandProcessor processor;

    static Path descriptor(String name) {
        return Path.of(System.getProperty("race.itest.work")).resolveSibling("test-classes").resolve("dionisys").resolve(name);
    }

    @Configuration
    public Option[] config() throws Exception {
        Path deploy = Dist.emptyWork("dionisys", "deploy"), conf = Dist.emptyWork("dionisys", "conf");
        // the shipped configurator chain: MUF puts gnc (high importance) into the high class, above bulk and video
        Files.writeString(conf.resolve("race.engine.cfg"), "configurators = muf,middleware,network\nadmission = capacity\n");
        return options(Dist.container(), Dist.fileInstall(deploy, conf));
    }

    private ApplicationQos video() {
        return monitor.latest().orElseThrow().applications().get("video");
    }

    @Test
    public void aHotInstalledHandlerCompensatesAndTheStoreGuardsWrites() throws Exception {
        Shell shell = new Shell(processor);
        shell.run("race:domain " + Dist.conf("mms-domain.json"));
        // conf/race.engine.cfg reaches the engine through FileInstall and ConfigAdmin, asynchronously: deploy
        // gnc again until MUF has configured it
        Dist.await("MUF from conf/race.engine.cfg putting gnc into the high class", () -> {
            try {
                DeploymentPlan gnc = engine.deploy(descriptors.readApplication(descriptor("gnc.json"), engine.domain().orElse(null)), null);
                if ("high".equals(gnc.settingsOf("attitude").priorityClass())) return true;
                engine.undeploy("gnc");
                Thread.sleep(200);
                return false;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        for (String app : new String[] { "bulk", "video" }) engine.deploy(descriptors.readApplication(descriptor(app + ".json"), engine.domain().orElse(null)), null);
        shell.run("race:run 3");
        assertTrue("video misses behind bulk on sc1: " + video(), video().missed() > 0 && video().met() == 0);
        double before = store.get("video", "sender.priority").orElseThrow();
        double bulk = store.get("bulk", "crunch.priority").orElseThrow();
        assertTrue(before < bulk);

        // nobody but the application's handlers and the engine may write: the probe registers no handler yet
        try {
            store.set("video", "frame_rate", 25);
            fail("a write without a handler for video was accepted");
        } catch (AttributeException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("'frame_rate'") && e.getMessage().contains(context.getBundle().getSymbolicName())
                    && e.getMessage().contains("registers no handler"));
        }
        assertEquals(Optional.empty(), store.get("video", "frame_rate"));

        Path jar = Dist.extra(HANDLER);
        Path dropped = Path.of(System.getProperty("race.itest.work"), "dionisys", "deploy").resolve(jar.getFileName());
        Files.copy(jar, dropped, StandardCopyOption.REPLACE_EXISTING);
        Dist.await("the handler bundle started", () -> Stream.of(context.getBundles())
                .anyMatch(b -> HANDLER.equals(b.getSymbolicName()) && b.getState() == Bundle.ACTIVE && b.getRegisteredServices() != null));
        // events are posted asynchronously: let virtual time pass until the handler's change is in
        for (int i = 0; i < 10 && store.get("video", "sender.priority").orElseThrow() <= bulk; i++) {
            shell.run("race:run 1");
            Thread.sleep(100);
        }
        double raised = store.get("video", "sender.priority").orElseThrow();
        assertTrue("sender raised from " + before + " above bulk's " + bulk + ": " + raised, raised > bulk);
        assertEquals(raised, engine.application("video").orElseThrow().settingsOf("sender").priority(), 0);
        shell.run("race:run 2");
        assertTrue("video meets its deadlines after the compensation: " + video(), video().missed() == 0 && video().met() > 0);

        // a handler for video gives the probe the right to video's attributes, and to no others'
        ServiceRegistration<EventHandler> own = context.registerService(EventHandler.class, e -> { },
                new Hashtable<>(java.util.Map.of(AttributeStore.APPLICATION, "video", "event.topics", "race/qos/video/window")));
        try {
            assertEquals(25, store.set("video", "frame_rate", 25), 0);
            assertEquals(Optional.of(25.0), store.get("video", "frame_rate"));
            assertRejected("bulk", "frame_rate", 1, "its handlers serve [video]");
            // the guard: above gnc (high importance, same node) would break gnc's contract
            assertRejected("video", "sender.priority", 98, "would preempt gnc/attitude");
            assertEquals(raised, store.get("video", "sender.priority").orElseThrow(), 0);
            // the effector's own guard: video's period is fixed
            assertRejected("video", "period", 100, "no periodRange");
            assertEquals(200, store.get("video", "period").orElseThrow(), 0);
        } finally {
            own.unregister();
        }

        Files.delete(dropped);
        Dist.await("the handler bundle gone", () -> Stream.of(context.getBundles()).noneMatch(b -> HANDLER.equals(b.getSymbolicName())));
        for (String app : new String[] { "video", "bulk", "gnc" }) engine.undeploy(app);
    }

    private void assertRejected(String app, String name, double value, String reason) {
        try {
            store.set(app, name, value);
            fail(app + " " + name + " = " + value + " was accepted");
        } catch (AttributeException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("'" + name + "'") && e.getMessage().contains(reason));
        }
    }
}
