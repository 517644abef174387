package org.race.docs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Facts of the guide that the code decides: the commands the shell page lists, the files race:mms
 * says it writes, the bandwidth the API example shows reserved. Issue 17 item 16 found each of them
 * wrong after the README was split into docs/.
 */
class FactsTest {
    private static final Path ROOT = Path.of(System.getProperty("race.root", "..")).toAbsolutePath().normalize();

    /** Every {@code osgi.command.function} of a component in scope race, from the main sources. */
    private static List<String> raceCommands() throws IOException {
        TreeSet<String> out = new TreeSet<>();
        Pattern function = Pattern.compile("osgi\\.command\\.function=(\\w+)");
        try (Stream<Path> s = Files.walk(ROOT)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/") && !p.toString().contains("/target/")).toList()) {
                String code = Files.readString(p);
                if (!code.contains("osgi.command.scope=race")) continue;
                Matcher m = function.matcher(code);
                while (m.find()) out.add(m.group(1));
            }
        }
        return new ArrayList<>(out);
    }

    @Test
    void theShellPageListsEveryRaceCommand() throws IOException {
        String shell = Files.readString(ROOT.resolve("docs/shell.md"));
        List<String> commands = raceCommands();
        assertTrue(commands.containsAll(List.of("deploy", "adopt", "adopted", "abandon", "front", "mms", "calibrate")), commands.toString());
        for (String c : commands) {
            assertTrue(Pattern.compile("(?m)^\\|.*`race:" + c + "[ `]").matcher(shell).find(), "docs/shell.md's command table lacks race:" + c);
        }
    }

    @Test
    void raceMmsNamesEveryFileItWrites() throws IOException {
        String code = Files.readString(ROOT.resolve("mms-prototype/src/main/java/org/race/mms/MmsExperiment.java"));
        Matcher usage = Pattern.compile("static final String USAGE = (.*?);\\n", Pattern.DOTALL).matcher(code);
        assertTrue(usage.find());
        String mms = Files.readString(ROOT.resolve("docs/mms.md"));
        for (String file : List.of("mms-<scenario>.csv", "mms-<scenario>-<configuration>.svg", "mms-<scenario>-summary.csv",
                "mms-<scenario>-<configuration>-rates.svg")) {
            assertTrue(code.contains("\"" + file.substring(file.lastIndexOf('>') + 1) + "\""), "race:mms no longer writes " + file);
            assertTrue(usage.group(1).contains(file), "race:mms -h does not name " + file);
            assertTrue(mms.contains(file), "docs/mms.md does not name " + file);
        }
    }

    /** The API example of the dashboard page shows what a node reserves: at least the best-effort share of its link. */
    @Test
    void theApiExampleReservesTheBestEffortShareOfEveryLink() throws IOException {
        String page = Files.readString(ROOT.resolve("docs/dashboard-and-jmx.md"));
        Matcher node = Pattern.compile("\"capacity\": \\{[^}]*\"bandwidth\": ([0-9.]+)\\},\\s*\"reserved\": \\{[^}]*\"bandwidth\": ([0-9.]+)\\}").matcher(page);
        assertTrue(node.find(), "the nodes example");
        double capacity = Double.parseDouble(node.group(1)), reserved = Double.parseDouble(node.group(2));
        assertTrue(reserved >= 0.1 * capacity, "a node's reserved bandwidth includes the default best-effort share (10 %) of its "
                + capacity + " Mbit/s, the example shows " + reserved);
        assertFalse(node.find(), "one node shown");
    }
}
