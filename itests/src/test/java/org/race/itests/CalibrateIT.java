package org.race.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.Dictionary;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.race.api.CostModel;

/** race:calibrate measures the platform's overheads, prints the table and stores the charges in ConfigAdmin (race.costmodel). */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CalibrateIT {
    @Inject
    CommandProcessor processor;

    @Inject
    ConfigurationAdmin configurations;

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() throws Exception {
        return new Option[] { Dist.container() };
    }

    @Test
    public void calibrationIsPrintedAndStored() throws Exception {
        Shell shell = new Shell(processor);
        String out = shell.run("race:calibrate -n 100");
        assertTrue(out, out.startsWith("quantity") && out.contains("releaseJitterMicros") && out.contains("stored in ConfigAdmin PID race.costmodel"));
        org.osgi.service.cm.Configuration[] c = configurations.listConfigurations("(service.pid=race.costmodel)");
        assertNotNull("race.costmodel stored", c);
        Dictionary<String, Object> p = c[0].getProperties();
        assertEquals(100, p.get("repetitions"));
        // each quantity costs something, and its 99th percentile is at least its median
        for (String q : new String[] { "send", "receive", "contextSwitch", "perKilobyte" }) {
            double p99 = (Double) p.get(q + "Micros"), median = (Double) p.get(q + "MedianMicros");
            assertTrue(q + ": median " + median + ", p99 " + p99, median > 0 && p99 >= median);
        }
        // a timer that fires late by nothing at all, 100 times over, is no measurement
        assertTrue("releaseJitterMicros = " + p.get("releaseJitterMicros"), (Double) p.get("releaseJitterMicros") > 0);
        // the stored figures make the cost model a service; on the simulated platform it charges nothing
        Dist.await("the cost model registered", () -> context.getServiceReference(CostModel.class) != null);
        CostModel model = context.getService(context.getServiceReference(CostModel.class));
        assertTrue(model.describe(), model.describe().endsWith("(not charged)"));
        Exception e = shell.fail("race:calibrate -n 5");
        assertTrue(e.getMessage(), e.getMessage().contains("repetitions must be within [10, 100000], got 5"));
        Exception notCfg = shell.fail("race:calibrate --save figures.txt");
        assertTrue(notCfg.getMessage(), notCfg.getMessage().contains("--save figures.txt: the file must end in .cfg"));
    }
}
