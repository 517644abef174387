package org.race.allocator.optaplanner;

/**
 * Bounds of one search. The step limit normally ends it, and then the same input and seed give
 * the same placement; the time limit is a safety bound: when it ends the search first, the result
 * depends on machine speed and may vary between runs.
 *
 * @param stepCountLimit           local search steps
 * @param timeLimitMs              wall-clock bound of one solve, construction included
 * @param unimprovedStepCountLimit end earlier after this many steps without a new best (0: off)
 * @param randomSeed               seed of the solver's random choices
 */
public record Settings(int stepCountLimit, long timeLimitMs, int unimprovedStepCountLimit, long randomSeed) {
    public static final Settings DEFAULT = new Settings(2000, 2000, 0, 0);

    public Settings {
        if (stepCountLimit < 1) throw new IllegalArgumentException("stepCountLimit must be >= 1, got " + stepCountLimit);
        if (timeLimitMs < 1) throw new IllegalArgumentException("timeLimitMs must be >= 1, got " + timeLimitMs);
        if (unimprovedStepCountLimit < 0) throw new IllegalArgumentException("unimprovedStepCountLimit must be >= 0, got " + unimprovedStepCountLimit);
    }
}
