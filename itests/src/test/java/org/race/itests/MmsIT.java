package org.race.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
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
import org.osgi.service.cm.ConfigurationAdmin;
import org.race.api.AdaptationLoop;
import org.race.api.Engine;

/**
 * The paper's qualitative results (section 5.4, figures 12 and 13) on the moderate and heavy MMS
 * scenarios, sim platform, seed 42: under baseline RMS the medium-importance (fast survey)
 * applications miss more deadlines than the low-importance ones; under MUF and MUF + FMUF the
 * medium and high ones miss (almost) none; FMUF cuts the low ones' misses against MUF alone.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MmsIT {
    /** "Near zero": at most 2 % of the class's deadlines over the 1,400 s. */
    static final double NEAR_ZERO = 0.02;

    @Inject
    CommandProcessor processor;

    @Inject
    Engine engine;

    @Inject
    AdaptationLoop loop;

    @Inject
    ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() throws Exception {
        // race.home: race:mms installs the FMUF controller from the distribution's extras/ for its run
        return options(Dist.container(), frameworkProperty("race.home").value(Dist.home().toString()));
    }

    @Test
    public void paperResultsHoldOnBothScenarios() throws Exception {
        Path out = Path.of(System.getProperty("race.itest.work")).resolve("mms");
        Shell shell = new Shell(processor);
        String printed = shell.run("race:mms --scenario moderate,heavy --seed 42 --out " + out);
        assertTrue("EUCON, in extras/, runs as the fourth configuration", printed.contains("moderate/eucon") && printed.contains("heavy/eucon"));
        for (String scenario : List.of("moderate", "heavy")) {
            Map<String, Double> r = summary(out.resolve("mms-" + scenario + "-summary.csv"));
            String all = scenario + " " + r;
            assertTrue(all, r.get("baseline/medium") > r.get("baseline/low"));
            assertTrue(all, r.get("baseline/medium") > 0.1);
            for (String c : List.of("muf", "fmuf")) {
                assertTrue(all, r.get(c + "/medium") < NEAR_ZERO);
                assertTrue(all, r.get(c + "/high") < NEAR_ZERO);
            }
            assertTrue(all, r.get("fmuf/low") < r.get("muf/low"));
            assertTrue(all, r.get("muf/low") > 0.1);
            for (String c : List.of("baseline", "muf", "fmuf")) assertTrue(Files.size(out.resolve("mms-" + scenario + "-" + c + ".svg")) > 1000);
            System.out.println("MMS " + scenario + " miss ratios: " + r);
        }
        // runs leave the container as found: nothing deployed, FMUF (from extras/) gone, configuration deleted
        assertTrue(engine.applications().isEmpty());
        assertFalse(loop.controllers().contains("fmuf"));
        assertEquals(null, configAdmin.getConfiguration("race.engine", "?").getProperties());

        // one configuration alone, from its clean state, gives the same figures for the same seed
        Path again = out.resolve("again");
        shell.run("race:mms --scenario moderate --configurations fmuf --seed 42 --out " + again);
        assertEquals(rows(out.resolve("mms-moderate.csv"), ",fmuf,"), rows(again.resolve("mms-moderate.csv"), ",fmuf,"));
    }

    /** "configuration/importance" to miss ratio. */
    private static Map<String, Double> summary(Path csv) throws Exception {
        Map<String, Double> out = new HashMap<>();
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            out.put(f[1] + "/" + f[2], Double.parseDouble(f[6]));
        }
        return out;
    }

    private static List<String> rows(Path csv, String configuration) throws Exception {
        return Files.readAllLines(csv).stream().filter(l -> l.contains(configuration)).toList();
    }
}
