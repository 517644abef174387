package org.race.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.race.api.Engine;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The MMS applications for real (docs/mms.md): race:mms --real on the jvm platform installs the MMS
 * component types from extras/ for its run, plays the moderate scenario scaled down with the typed
 * descriptors, and every component's code runs: jobs measured, none failed, and the ground archives
 * hold gzip files under the container's data folder that decompress to the science products of their
 * iteration.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MmsRealIT {
    @Inject
    CommandProcessor processor;

    @Inject
    Engine engine;

    static Path home() {
        return Path.of(System.getProperty("race.itest.work")).resolve("mms-real").resolve("home");
    }

    @Configuration
    public Option[] config() throws Exception {
        // a container folder of its own: extras/ with the types' bundle, data/ for the archives
        Path home = Dist.emptied(home());
        Path jar = Dist.extra("race-mms-components");
        Files.createDirectories(home.resolve("extras"));
        Files.copy(jar, home.resolve("extras").resolve(jar.getFileName()));
        return options(Dist.containerOn("jvm"), frameworkProperty("race.home").value(home.toString()));
    }

    @Test
    public void theModerateScenarioRunsTheRealComponentsAndArchivesTheirProducts() throws Exception {
        Path out = home().resolve("out");
        Shell shell = new Shell(processor);
        assertFalse(shell.run("race:types").contains("mms-sensor"));
        String printed = shell.run("race:mms --scenario moderate --real --duration 12 --configurations muf --seed 7 --out " + out);
        assertTrue(printed, printed.contains("race:mms: installed race-mms-components"));
        assertTrue(printed, printed.contains("moderate-real/muf t=0 s: deploy gnc-sc1, gnc-sc2, science1, science2"));
        assertTrue(printed, printed.contains("deploy science3"));

        // every component of the typed descriptors ran its code, measured; no job failed
        List<String> rows = Files.readAllLines(out.resolve("mms-moderate-real-components.csv"));
        assertEquals("configuration,application,component,node,jobs,cpu_ms_per_job,max_job_cpu_ms,budget_ms,max_response_ms,failures,overruns", rows.get(0));
        Map<String, String[]> byComponent = new TreeMap<>();
        for (String r : rows.subList(1, rows.size())) {
            String[] f = r.split(",");
            byComponent.put(f[1] + "/" + f[2], f);
        }
        assertEquals(byComponent.keySet().toString(), 2 * 4 + 3 * 6, byComponent.size()); // two GNC chains, three science pipelines
        for (String[] f : byComponent.values()) {
            String what = String.join(",", f);
            assertTrue(what, Long.parseLong(f[4]) > 0);
            assertTrue(what, Double.parseDouble(f[5]) > 0);
            assertEquals(what, "0", f[9]);
        }
        assertTrue(Files.size(out.resolve("mms-moderate-real-muf.svg")) > 1000);
        assertTrue(Files.readString(out.resolve("mms-moderate-real-summary.csv")).contains("moderate-real,muf,medium,1,"));

        // the ground archives: gzip files of the products, named by iteration, under data/archive/<application>/ground
        // the sensors' channels (typed descriptors), cut by the workload event's 10 % (the platform's workload factor)
        Map<String, Integer> channels = Map.of("science1", 16_384, "science2", 8_192, "science3", 32_768);
        for (String app : List.of("science1", "science2", "science3")) {
            Path folder = home().resolve("data/archive").resolve(app).resolve("ground");
            List<Path> files;
            try (Stream<Path> s = Files.list(folder)) {
                files = s.sorted().toList();
            }
            assertFalse(app, files.isEmpty());
            Path last = files.get(files.size() - 1);
            String name = last.getFileName().toString();
            assertTrue(name, name.matches("\\d{13}-\\d{12}\\.json\\.gz"));
            JsonObject product;
            try (InputStream in = new GZIPInputStream(Files.newInputStream(last))) {
                product = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
            }
            assertEquals(name, Long.parseLong(name.substring(14, 26)), product.get("iteration").getAsLong());
            int n = product.getAsJsonArray("counts").size();
            assertEquals(app, Math.round(channels.get(app) * 0.9), n);
            assertEquals(n, product.getAsJsonObject("statistics").get("n").getAsInt());
            assertEquals(app.equals("science3") ? "sc2" : "sc1", product.get("spacecraft").getAsString());
        }

        // the run leaves the container as it found it: nothing deployed, the types it installed gone
        assertTrue(engine.applications().isEmpty());
        assertFalse(shell.run("race:types").contains("mms-sensor"));
        assertTrue(shell.fail("race:mms --real --duration 0").getMessage().contains("--duration"));
    }
}
