package org.race.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17 item 9: every bad argument is answered with what was wrong and the usage line. */
class CommandLineTest {
    private final CommandLine deploy = new CommandLine("race:deploy", "race:deploy [-a|--allocator <name>] <file>\n  deploys").option("--allocator", "-a")
            .option("--seed").flag("--verbose", "-v");

    private String refusal(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> {
            Arguments a = deploy.parse(args);
            a.positional(1, 1);
            a.whole("--seed", 42, 0, 1000);
        }).getMessage();
    }

    @Test
    void optionsValuesAndArguments() {
        Arguments a = deploy.parse("-a", "pbfd", "app.json", "--seed=7");
        assertEquals("pbfd", a.value("--allocator", null));
        assertEquals(7, a.whole("--seed", 42, 0, 1000));
        assertEquals(List.of("app.json"), a.positional(1, 1));
        assertFalse(a.has("--verbose"));
        assertFalse(a.help());
        assertTrue(deploy.parse("--help").help());
        assertEquals(List.of("-5", "-"), deploy.parse("-5", "-").positional(0, 2), "negative numbers and '-' are arguments");
        assertEquals(42, deploy.parse("f").whole("--seed", 42, 0, 1000));
    }

    @Test
    void anUnknownOptionIsNamedWithTheUsageLine() {
        assertEquals("race:deploy: unknown option --bogus (options: --help, -h, --allocator, -a, --seed, --verbose, -v)\n"
                + "usage: race:deploy [-a|--allocator <name>] <file>", refusal("--bogus", "f"));
    }

    @Test
    void missingValuesCountsAndNumbersAreExplained() {
        assertTrue(refusal("f", "-a").startsWith("race:deploy: option -a needs a value\nusage: race:deploy"));
        assertTrue(refusal("-a", "--help", "f").startsWith("race:deploy: option -a needs a value"));
        assertTrue(refusal().startsWith("race:deploy: expects 1 argument, got 0\nusage:"));
        assertTrue(refusal("a", "b").startsWith("race:deploy: expects 1 argument, got 2: a b"));
        assertTrue(refusal("f", "--seed", "x").startsWith("race:deploy: option --seed: 'x' is not a whole number\nusage:"));
        assertTrue(refusal("f", "--seed", "5000").startsWith("race:deploy: option --seed must be between 0 and 1000, got 5000"));
        assertTrue(refusal("f", "-v", "-v").startsWith("race:deploy: option -v given twice"));
        assertTrue(refusal("f", "--verbose=yes").startsWith("race:deploy: option --verbose takes no value"));
        assertTrue(refusal("f", "--allocator=").startsWith("race:deploy: option --allocator needs a value, got ''"));
        Arguments a = deploy.parse("f");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.number("seconds", "1e400", 0, 1e7)).getMessage()
                .startsWith("race:deploy: seconds must be between 0 and 10000000, got 1e400"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.number("seconds", "NaN", 0, 1e7)).getMessage()
                .startsWith("race:deploy: seconds must be between"));
    }

    @Test
    void anOutputFolderIsCreatedOrRefusedWithTheReason(@TempDir Path dir) throws Exception {
        Arguments a = deploy.parse("f");
        assertEquals(dir.resolve("a/b"), a.outputFolder("--out", dir.resolve("a/b")));
        assertTrue(Files.isDirectory(dir.resolve("a/b")));
        Files.writeString(dir.resolve("file"), "x");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.outputFolder("--out", dir.resolve("file"))).getMessage()
                .startsWith("race:deploy: --out " + dir.resolve("file") + ": not a folder\nusage:"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.outputFolder("--out", dir.resolve("file/sub"))).getMessage()
                .startsWith("race:deploy: --out " + dir.resolve("file/sub") + ": cannot create the folder: "));
    }
}
