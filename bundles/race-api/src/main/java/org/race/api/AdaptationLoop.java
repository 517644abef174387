package org.race.api;

import java.util.List;
import java.util.Optional;

import org.race.api.model.AdaptationDecision;

/**
 * The control loop as the shell and dashboards see it: which controllers are installed, which one
 * acts (chosen by name in ConfigAdmin, PID {@code race.control} key {@code controller}, else the
 * highest service.ranking), and its last decision.
 */
public interface AdaptationLoop {
    /** {@code race.name} of every installed Controller. */
    List<String> controllers();

    Optional<String> activeController();

    /** The controller name configured (PID race.control, key controller); empty: chosen by service.ranking. */
    String chosenController();

    Optional<AdaptationDecision> lastDecision();
}
