package org.race.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.race.itests.LauncherIT.Run;

/**
 * The measured cost model on the jvm platform (experiments/calibration): an application set
 * that passes admission without the cost model and misses deadlines there, and with the model
 * race:calibrate measured is rejected (relay, fixed 1 ms period) or admitted at a lower rate
 * (relay-range, QoS region 1..20 ms) where it misses fewer.
 */
class CostModelIT {
    private static final Path EVIDENCE = Path.of("..", "experiments", "calibration").toAbsolutePath().normalize();
    private static final Map<String, String> JVM = Map.of("RACE_PLATFORM", "jvm");
    /** The application's line of race:status: name, importance, met, missed, miss ratio, latency mean and max. */
    private static final Pattern QOS = Pattern.compile("(?m)^relay(?:-range)?\\s+high\\s+(\\d+)\\s+(\\d+)\\s+");

    @TempDir
    Path dir;

    private static String deployAndWatch(String set) {
        return "race:domain " + EVIDENCE.resolve("domain.json") + "; race:deploy " + EVIDENCE.resolve(set + ".json") + "; race:run 3; race:status";
    }

    /** Met and missed summed over what race:status showed. */
    private static int[] qos(Run r) {
        Matcher m = QOS.matcher(r.out());
        assertTrue(m.find(), r.out());
        return new int[] { Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)) };
    }

    @Test
    void withoutTheCostModelTheSetIsAdmittedAndMissesWithItItIsRejectedOrSlowedDown() throws Exception {
        Path home = Files.createDirectories(dir.resolve("race"));
        LauncherIT.copyTree(Dist.home(), home);
        // the set misses on purpose without the cost model: admitted by capacity, as this test is about the cost model's part
        Files.writeString(home.resolve("conf/race.engine.cfg"), "\nadmission = capacity\n", java.nio.file.StandardOpenOption.APPEND);
        Run calibrated = LauncherIT.raceAt(home, JVM, dir, "race:calibrate -n 300 --save " + dir.resolve("race.costmodel.cfg"));
        assertEquals(0, calibrated.status(), calibrated.err());

        Run relay = LauncherIT.raceAt(home, JVM, dir, deployAndWatch("relay"));
        assertEquals(0, relay.status(), relay.err());
        assertTrue(relay.out().contains("deployed relay (importance high, period 1 ms, deadline 1 ms)"), relay.out());
        int[] relayQos = qos(relay);
        assertTrue(relayQos[1] > 0, "nominally admitted, it misses deadlines on real threads: " + relay.out());
        Run range = LauncherIT.raceAt(home, JVM, dir, deployAndWatch("relay-range"));
        assertTrue(range.out().contains("granted 1000 Hz (period 1 ms)"), range.out());
        int[] rangeWithout = qos(range);

        // the figures measured above, read by FileInstall from conf/ at the next start
        Files.copy(dir.resolve("race.costmodel.cfg"), home.resolve("conf/race.costmodel.cfg"));
        Run rejected = LauncherIT.raceAt(home, JVM, dir, deployAndWatch("relay"));
        assertEquals(1, rejected.status(), rejected.out());
        assertTrue(rejected.err().contains("admission: relay cannot meet its deadline of 1 ms with the platform's overheads: path s0 -> s1"), rejected.err());
        Run slower = LauncherIT.raceAt(home, JVM, dir, deployAndWatch("relay-range") + "; race:events");
        assertEquals(0, slower.status(), slower.err());
        Matcher granted = Pattern.compile("granted [\\d.]+ Hz \\(period ([\\d.]+) ms\\)").matcher(slower.out());
        assertTrue(granted.find(), slower.out());
        assertTrue(Double.parseDouble(granted.group(1)) > 1, "admitted below its maximum rate: " + slower.out());
        assertTrue(slower.out().contains("charged relay-range the platform's overheads"), slower.out());
        int[] rangeWith = qos(slower);
        double without = rangeWithout[1] / (double) (rangeWithout[0] + rangeWithout[1]), with = rangeWith[1] / (double) (rangeWith[0] + rangeWith[1]);
        assertTrue(with < without || rangeWithout[1] == 0 && rangeWith[1] == 0,
                "miss ratio " + with + " with the cost model, " + without + " without: " + slower.out() + range.out());
    }
}
