package org.race.allocator.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ProblemGeneratorTest {
    /** Issue 17 item 10: these ran for minutes before failing; now they are refused before any work. */
    @Test
    void hugeSpecsAreRefusedAtOnceNamingTheBound() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertEquals("generate: triplet bins must be between 1 and 8000, got 999999999",
                    assertThrows(IllegalArgumentException.class, () -> ProblemGenerator.parse("triplets:999999999")).getMessage());
            assertEquals("generate: triplet bins must be between 1 and 8000, got 1000000",
                    assertThrows(IllegalArgumentException.class, () -> ProblemGenerator.parse("triplets:1000000")).getMessage());
            assertEquals("generate: components must be between 1 and 100000, got 100000000",
                    assertThrows(IllegalArgumentException.class, () -> ProblemGenerator.parse("100000000x10")).getMessage());
            assertEquals("generate: nodes must be between 1 and 10000, got 10001",
                    assertThrows(IllegalArgumentException.class, () -> ProblemGenerator.parse("10x10001")).getMessage());
            assertEquals("generate: components: '99999999999999999999' is not a whole number",
                    assertThrows(IllegalArgumentException.class, () -> ProblemGenerator.parse("99999999999999999999x10")).getMessage());
        });
    }

    @Test
    void theBoundsThemselvesAreAccepted() {
        assertEquals(ProblemGenerator.MAX_TRIPLET_BINS * 3, ProblemGenerator.parse("triplets:" + ProblemGenerator.MAX_TRIPLET_BINS).application().components().size());
        assertEquals(ProblemGenerator.MAX_NODES, ProblemGenerator.parse("10x" + ProblemGenerator.MAX_NODES).domain().nodes().size());
    }
}
