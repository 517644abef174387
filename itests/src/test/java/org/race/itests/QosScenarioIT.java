package org.race.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The qos scenario through race:mms in real Felix, the region controller installed from extras/ for its run. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class QosScenarioIT {
    @Inject
    CommandProcessor processor;

    @Configuration
    public Option[] config() throws Exception {
        return options(Dist.container(), frameworkProperty("race.home").value(Dist.home().toString()));
    }

    /**
     * The qos scenario: execution times +30 % from 100 s to 250 s. With the region controller (from extras/)
     * the science applications' deadline misses stay near zero where MUF alone misses many, the medium one
     * keeps its rate, and every rate is back at its maximum at the end.
     */
    @Test
    public void theRegionControllerKeepsContractedApplicationsInsideTheirRegionsThroughAnOverload() throws Exception {
        Path out = Path.of(System.getProperty("race.itest.work")).resolve("mms-qos");
        new Shell(processor).run("race:mms --scenario qos --configurations muf,region --seed 42 --out " + out);
        Map<String, long[]> overload = new HashMap<>(); // configuration -> deadlines, missed of the science applications, 100-250 s
        Map<String, Double> last = new HashMap<>(), slowest = new HashMap<>();
        List<String> lines = Files.readAllLines(out.resolve("mms-qos.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(","); // time_s,configuration,application,importance,period_ms,met,missed,miss_ratio
            if (!f[2].startsWith("science")) continue;
            double t = Double.parseDouble(f[0]), period = Double.parseDouble(f[4]);
            if (t > 100 && t <= 250) {
                long[] d = overload.computeIfAbsent(f[1], k -> new long[2]);
                d[0] += Long.parseLong(f[5]) + Long.parseLong(f[6]);
                d[1] += Long.parseLong(f[6]);
            }
            if (f[1].equals("region")) {
                slowest.merge(f[2], period, Math::max);
                last.put(f[2], period);
            }
        }
        double muf = overload.get("muf")[1] / (double) overload.get("muf")[0], region = overload.get("region")[1] / (double) overload.get("region")[0];
        System.out.println("qos: science miss ratio during the overload: muf " + muf + ", region " + region + "; slowest periods " + slowest);
        assertTrue("MUF alone misses: " + muf, muf > 0.1);
        assertTrue("the region controller keeps misses near zero: " + region, region < 0.02);
        assertEquals("science1 (medium) keeps its rate", 500, slowest.get("science1"), 1e-9);
        assertTrue("the low ones slowed down, inside their regions: " + slowest, slowest.get("science2") > 250 && slowest.get("science2") <= 1000
                && slowest.get("science3") > 240 && slowest.get("science3") <= 960);
        assertEquals("back at their maxima", Map.of("science1", 500.0, "science2", 250.0, "science3", 240.0), last);
    }

}
