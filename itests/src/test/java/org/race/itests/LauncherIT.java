package org.race.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/race <command line>}: a fresh container per call, output on stdout, errors on stderr and in the exit status. */
class LauncherIT {
    record Run(int status, String out, String err) {
    }

    static Run race(Path cwd, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Dist.home().resolve("bin/race").toString());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("race-out", ".txt"), err = Files.createTempFile("race-err", ".txt");
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bin/race did not exit within 60 s: " + cmd);
        }
        Run r = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    @Test
    void deploysTheShippedExampleAndListsIt() throws Exception {
        Run r = race(Dist.home(), "race:deploy examples/science-slow-survey.json; race:apps");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("deployed science1 (importance medium, period 1000 ms, deadline 1000 ms) with allocator firstfit"), r.out());
        assertTrue(Pattern.compile("(?m)^\\s+plasma-sensor\\s+sc1\\s").matcher(r.out()).find(), r.out());
        assertTrue(Pattern.compile("(?m)^science1\\s+medium\\s+slow-survey\\s+1000\\s+1000\\s+6\\s").matcher(r.out()).find(), r.out());
    }

    @Test
    void theOptaPlannerAllocatorSolvesInsideFelix() throws Exception {
        // OptaPlanner is embedded in its bundle and finds its score implementation through the thread
        // context class loader: only a real container shows that this works
        Run r = race(Dist.home(), "race:deploy -a optaplanner examples/science-slow-survey.json");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("deployed science1 (importance medium, period 1000 ms, deadline 1000 ms) with allocator optaplanner"), r.out());
        assertTrue(Pattern.compile("(?m)^\\s+plasma-sensor\\s+sc1\\s").matcher(r.out()).find(), r.out());
        assertFalse(r.err().contains("time limit"), "the search should end by itself, not by the time limit: " + r.err());
    }

    @Test
    void startsWithTheShippedMmsDomain() throws Exception {
        Run r = race(Dist.home(), "race:nodes");
        assertEquals(0, r.status(), r.err());
        for (String n : List.of("sc1", "sc2", "sc3", "sc4", "sc5", "ground")) {
            assertTrue(Pattern.compile("(?m)^" + n + "\\s+up\\s").matcher(r.out()).find(), r.out());
        }
    }

    @Test
    void aBadDescriptorFailsWithTheErrorOnStderr(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"name\":\"x\",\"period\":0,\"deadline\":10,\"components\":[{\"name\":\"a\",\"cpu\":0.1}]}");
        Run r = race(dir, "race:deploy bad.json; race:apps");
        assertNotEquals(0, r.status());
        assertTrue(r.err().contains(bad.toString() + ": $.period: must be > 0, got 0"), r.err());
        assertFalse(r.out().contains("deployed"), r.out());
    }

    @Test
    void unknownCommandsAndWrongArgumentsFail() throws Exception {
        Run unknown = race(Dist.home(), "race:nosuch");
        assertNotEquals(0, unknown.status());
        assertTrue(unknown.err().contains("race:nosuch"), unknown.err());
        Run wrong = race(Dist.home(), "race:run soon");
        assertNotEquals(0, wrong.status());
        assertTrue(wrong.err().contains("'soon' is not a number of seconds"), wrong.err());
    }

    @Test
    void helpIsPrintedOnStdout() throws Exception {
        Run r = race(Dist.home(), "race:status --help");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("race:status"), r.out());
    }

    /** Same seed and commands, same measurements: the sim runs in virtual time, not wall time. */
    @Test
    void batchRunsAreReproducible() throws Exception {
        String line = "race:deploy examples/science-slow-survey.json; race:deploy examples/gnc-sc1.json; race:run 30; race:status";
        Run a = race(Dist.home(), line), b = race(Dist.home(), line);
        assertEquals(0, a.status(), a.err());
        assertTrue(a.out().contains("snapshot at 30 s"), a.out());
        assertTrue(Pattern.compile("(?m)^science1\\s+medium\\s+1\\s+0\\s+0\\.0%\\s+\\d").matcher(a.out()).find(), a.out());
        assertEquals(withoutWallTime(a.out()), withoutWallTime(b.out()));
    }

    /** The README's descriptor examples are real: they load and deploy as printed. */
    @Test
    void theReadmeExamplesDeploy(@TempDir Path dir) throws Exception {
        String readme = Files.readString(Dist.home().resolve("../../../../README.md").normalize());
        java.util.regex.Matcher m = Pattern.compile("```json\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(m.find(), "domain example");
        Files.writeString(dir.resolve("domain.json"), m.group(1));
        assertTrue(m.find(), "application example");
        Files.writeString(dir.resolve("app.json"), m.group(1));
        Run r = race(dir, "race:domain domain.json; race:deploy app.json");
        assertEquals(0, r.status(), r.err());
        assertTrue(Pattern.compile("(?m)^\\s+filter\\s+(sc1|ground)\\s").matcher(r.out()).find(), r.out());
    }

    /** The monitoring delay is wall-clock time: the only figure that may differ between runs. */
    private static String withoutWallTime(String s) {
        return s.replaceAll("assembled in [0-9.]+ ms", "assembled in N ms");
    }
}
