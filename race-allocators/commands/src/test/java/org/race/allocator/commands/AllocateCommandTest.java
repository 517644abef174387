package org.race.allocator.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Refusals made before the engine or any allocator is asked: no services needed. */
class AllocateCommandTest {
    private static String refusal(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> new AllocateCommand().allocate(null, args)).getMessage();
    }

    private static final String USAGE_LINE = "\nusage: " + AllocateCommand.USAGE.substring(0, AllocateCommand.USAGE.indexOf('\n'));

    /** Issue 17 item 9: under Gogo's parameters --bogus became an application file and "-a" alone Gogo's error. */
    @Test
    void anUnknownOptionOrAMissingValueIsRefusedWithTheUsage() {
        assertEquals("race:allocate: unknown option --bogus (options: --help, -h, --allocator, -a, --domain, -d, --generate, -g)" + USAGE_LINE,
                refusal("--bogus", "app.json"));
        assertEquals("race:allocate: option -a needs a value" + USAGE_LINE, refusal("-a"));
        assertEquals("race:allocate: option --generate needs a value" + USAGE_LINE, refusal("app.json", "--generate"));
    }

    @Test
    void filesAndGenerateBothOrNeitherAndDomainWithGenerateAreRefused() {
        assertEquals("race:allocate: give application files or --generate, not both or neither" + USAGE_LINE, refusal());
        assertEquals("race:allocate: give application files or --generate, not both or neither" + USAGE_LINE,
                refusal("-g", "10x2", "app.json"));
        assertEquals("race:allocate: --generate makes its own domain; drop --domain" + USAGE_LINE, refusal("-g", "10x2", "-d", "d.json"));
    }

    /** Issue 17 item 10: these ran 49-172 s, or more than 300 s, before failing; now refused at once. */
    @Test
    void aGeneratedProblemTooLargeIsRefusedBeforeAnyWork() {
        assertEquals("race:allocate: --generate triplets:999999999: triplet bins must be between 1 and 8000, got 999999999" + USAGE_LINE,
                refusal("--generate", "triplets:999999999"));
        assertEquals("race:allocate: --generate 100000000x10: components must be between 1 and 100000, got 100000000" + USAGE_LINE,
                refusal("-g", "100000000x10"));
        assertEquals("race:allocate: --generate 10xmany: nodes: 'many' is not a whole number" + USAGE_LINE, refusal("-g", "10xmany"));
    }
}
