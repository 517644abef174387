package org.race.node.platform;

import org.race.api.model.Component;
import org.race.api.model.Connection;
import org.race.api.model.DeploymentPlan;

/**
 * What a platform does for its {@link PlatformCore}: keep time, run tasks at a time, and execute
 * jobs. Called with the platform's lock held, as the core is.
 */
public interface Execution<R extends Run> {
    /** A new run of {@code plan}, extended with what the platform executes it with. */
    R newRun(DeploymentPlan plan, AppGraph graph);

    /** The platform's time, in its ticks. */
    long now();

    /**
     * Run {@code task} at {@code time}, holding the platform's lock, unless {@code run} is no longer
     * {@link Run#current current} in the generation it is in now. A {@code deadline} task runs after
     * the model's other tasks of the same time, so that an iteration completing exactly at its
     * deadline meets it.
     */
    void schedule(R run, long time, boolean deadline, Runnable task);

    /** Every node here holds its part of {@code run}, which starts now (a new generation). */
    void started(R run);

    /** A job of component {@code c} (on a node hosted here) of iteration {@code it}, released at {@code released}. */
    void start(R run, Iteration it, Component c, long released);

    /** How much output crosses connection {@code k} from node {@code from} to node {@code to} at {@code end}, and when it arrives. */
    Transfer transfer(R run, Connection k, String from, String to, Iteration it, long end);

    /** What {@code from} (in another container) emitted to {@code to} in iteration {@code it} arrived, just before its arrival counts. */
    default void received(R run, Iteration it, String from, String to, byte[] payload) {
        // a platform without typed components has no use for payloads
    }

    /** Megabits sent and the delay (ticks) until they arrive. */
    record Transfer(double megabits, long delay) {
    }
}
