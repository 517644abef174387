package org.race.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;
import org.race.api.model.AdaptationDecision;
import org.race.api.monitoring.DelayStats;

/**
 * The control loop as the shell and dashboards see it: which controllers are installed, which one
 * acts (chosen by name in ConfigAdmin, PID {@code race.control} key {@code controller}, else the
 * highest service.ranking), and its last decision.
 */
@ProviderType
public interface AdaptationLoop {
    /** {@code race.name} of every installed Controller. */
    List<String> controllers();

    Optional<String> activeController();

    /** The controller name configured (PID race.control, key controller); empty: chosen by service.ranking. */
    String chosenController();

    Optional<AdaptationDecision> lastDecision();

    /**
     * Wall-clock time the active controller took to decide, over the last sampling periods (a bounded
     * window): what a controller costs the loop each period, beside the monitoring and actuation delays.
     */
    default DelayStats decisionTimes() {
        return DelayStats.NONE;
    }

    /**
     * Choose the controller by name (PID race.control, key controller), or go back to the highest
     * service.ranking with {@code auto} (or an empty name); returns once the loop has taken the choice,
     * which acts from the next sampling period on. The shell and the dashboard both choose through this,
     * so they accept and refuse the same names with the same messages.
     *
     * @throws IllegalArgumentException when no installed controller has that name (the message lists those installed)
     * @throws IllegalStateException when the choice cannot be stored or is not taken within 10 s
     */
    void choose(String controller);
}
