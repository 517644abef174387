package org.race.core;

import org.race.api.model.DeploymentException;

/** One step of the {@link DeploymentCycle}. */
interface Stage {
    /** Decide or do this stage's part, or throw with what the user needs to know; a failing stage leaves nothing of its own. */
    void run(CycleState s) throws DeploymentException;

    /** A later stage failed: take back what {@link #run} did. */
    default void undo(CycleState s) {
    }
}
