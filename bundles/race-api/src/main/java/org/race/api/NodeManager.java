package org.race.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Reservation;
import org.race.api.model.ReservationReply;

/**
 * Hosts component instances on one node. It receives whole plans and runs the components the
 * placement puts on its node, so that it knows where their outputs go. Admission is two-phase
 * (RTARM): {@link #reserve} on every involved node, then {@link #commit} on all or {@link #release} on all.
 */
@ProviderType
public interface NodeManager {
    String nodeName();

    /** Start this node's part of the plan; throws IllegalStateException (with the reason) if it cannot. */
    void deploy(DeploymentPlan plan);

    /** Apply new settings or period to an application already deployed here. */
    void update(DeploymentPlan plan);

    /** Stop and remove this node's part of the application; no-op if it has none. */
    void undeploy(String application);

    /** Names of the applications with components on this node. */
    List<String> applications();

    /**
     * Phase 1: test whether this node can take the reservation's demand besides what it hosts (with the
     * reservation's shrinks applied) and the other live reservations, and if so hold it until it is
     * committed, released or its lease runs out.
     */
    ReservationReply reserve(Reservation reservation);

    /**
     * Phase 2, commit: start this node's part of the plan and drop the reservation; throws
     * IllegalStateException when the reservation is unknown or has expired (nothing is started then).
     */
    void commit(String reservationId, DeploymentPlan plan);

    /** Phase 2, abort: drop the reservation; no-op when it is unknown or expired. */
    void release(String reservationId);

    /** The reservations this node holds now (expired ones are gone). */
    List<Reservation> reservations();
}
