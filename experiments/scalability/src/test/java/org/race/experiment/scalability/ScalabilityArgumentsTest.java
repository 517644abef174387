package org.race.experiment.scalability;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 9: race:scalability's numbers were Gogo's to coerce ("Cannot coerce"), and a bad
 * --beyond entry ended the run only after experiments 1 and 2. Both are refused before anything runs
 * (the component has none of its services here: touching one would fail differently).
 */
class ScalabilityArgumentsTest {
    private static String refusal(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> new ScalabilityExperiment().scalability(args)).getMessage();
    }

    @Test
    void badArgumentsAreRefusedBeforeAnythingRuns() {
        assertTrue(refusal("--iterations", "many").startsWith("race:scalability: option --iterations: 'many' is not a whole number\nusage: race:scalability"));
        assertTrue(refusal("-n", "0").startsWith("race:scalability: option --iterations must be between 1 and 1000000, got 0"));
        assertTrue(refusal("--beyond", "10,lots").startsWith("race:scalability: --beyond entry: 'lots' is not a whole number"));
        assertTrue(refusal("--bogus").startsWith("race:scalability: unknown option --bogus"));
        assertTrue(refusal("now").startsWith("race:scalability: expects 0 arguments, got 1: now"));
    }
}
