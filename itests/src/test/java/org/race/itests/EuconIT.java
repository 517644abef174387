package org.race.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.race.itests.Dist.await;

import java.nio.file.Path;
import java.util.Collection;
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
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleWiring;
import org.race.api.AdaptationLoop;
import org.race.api.CentralMonitor;
import org.race.api.Controller;
import org.race.api.Engine;
import org.race.api.model.DeploymentPlan;
import org.race.api.monitoring.DelayStats;
import org.race.api.monitoring.NodeSample;

/**
 * The EUCON controller in real Felix: its embedded ojAlgo resolves privately, and it brings the
 * SMALL workload's nodes to their set point on the sim.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EuconIT {
    private static final double SET_POINT = 2 * (Math.sqrt(2) - 1); // RMS bound of the two subtasks on each node

    @Inject
    CommandProcessor processor;

    @Inject
    Engine engine;

    @Inject
    CentralMonitor monitor;

    @Inject
    AdaptationLoop loop;

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() throws Exception {
        return options(Dist.container(), bundle(Dist.extra("race-controller-eucon").toUri().toString()));
    }

    static Path evidence(String file) {
        return Dist.home().resolve("../../../../experiments/eucon").resolve(file).normalize();
    }

    @Test
    public void euconBringsUtilizationToTheSetPoint() throws Exception {
        Bundle eucon = Stream.of(context.getBundles()).filter(b -> "race-controller-eucon".equals(b.getSymbolicName())).findFirst()
                .orElseThrow();
        assertEquals(Bundle.ACTIVE, eucon.getState());
        assertTrue("ojAlgo stays private: nothing exported",
                eucon.adapt(BundleWiring.class).getCapabilities(PackageNamespace.PACKAGE_NAMESPACE).isEmpty());
        Shell shell = new Shell(processor);
        shell.run("race:domain " + Dist.conf("mms-domain.json"));
        shell.run("race:deploy " + evidence("T1.json") + "; race:deploy " + evidence("T2.json") + "; race:deploy " + evidence("T3.json"));
        await("the eucon Controller service", () -> !controllers().isEmpty());
        // at workload 1.0 sc1 runs at about 0.90 and sc2 at 0.83: EUCON slows T1 and T2 down
        shell.run("race:run 20");
        double sc1 = 0, sc2 = 0;
        for (int k = 0; k < 10; k++) {
            shell.run("race:run 1");
            sc1 += cpu("sc1") / 10;
            sc2 += cpu("sc2") / 10;
        }
        assertEquals("sc1 over the last 10 periods", SET_POINT, sc1, 0.02);
        assertEquals("sc2 over the last 10 periods", SET_POINT, sc2, 0.02);
        DeploymentPlan t1 = engine.application("T1").orElseThrow();
        assertTrue("T1 slowed down: " + t1.application().periodMs(), t1.application().periodMs() > 64.81);
        // the loop times every decision: 30 periods of EUCON, each well under a sampling period
        DelayStats decisions = loop.decisionTimes();
        assertTrue("decisions timed: " + decisions, decisions.samples() >= 30 && decisions.medianMs() > 0 && decisions.medianMs() < 100);
        assertTrue("race:status shows them", shell.run("race:status").contains("decision time "));

        for (DeploymentPlan p : engine.applications()) engine.undeploy(p.name());
    }

    private Collection<ServiceReference<Controller>> controllers() {
        try {
            return context.getServiceReferences(Controller.class, "(race.name=eucon)");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private double cpu(String node) {
        return monitor.latest().orElseThrow().nodes().stream().filter(n -> n.node().equals(node)).map(NodeSample::utilization)
                .findFirst().orElseThrow().get("cpu");
    }
}
