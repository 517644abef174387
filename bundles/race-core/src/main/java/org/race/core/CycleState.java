package org.race.core;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.race.api.model.Application;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;
import org.race.api.model.NodeState;
import org.race.api.model.Placement;

/**
 * One deployment as it passes the stages of the {@link DeploymentCycle}: each stage reads what the ones
 * before it decided and adds its own (the Kubernetes scheduler's CycleState).
 */
final class CycleState {
    /** The application as asked for (a contracted one at any period of its region). */
    final Application requested;
    /** The allocator asked for; null: static when every component is pinned, else the default. */
    final String allocatorAsked;
    final Domain domain;

    // place
    /** The nodes as the central saw them when the deployment started. */
    List<NodeState> nodes;
    String allocator;
    /** The application at the period it is granted. */
    Application app;
    Placement placement;
    /** Deployed contracted applications shrunk to admit this one. */
    List<Negotiator.Change> shrinks = List.of();
    /** The nodes admission checks the placement against: with the shrinks done. */
    List<NodeState> admissionNodes;

    // configure
    DeploymentPlan plan;
    /** Deployed plans the configurators (or the shrinks) changed, to update on their nodes at commit. */
    List<DeploymentPlan> changed = List.of();

    // reserve
    TwoPhaseAdmission.Ticket ticket;

    CycleState(Application requested, String allocatorAsked, Domain domain) {
        this.requested = requested;
        this.allocatorAsked = allocatorAsked;
        this.domain = domain;
        this.app = requested;
    }

    /** The shrinks as application -> new period (ms). */
    Map<String, Double> shrunkTo() {
        Map<String, Double> out = new TreeMap<>();
        shrinks.forEach(c -> out.put(c.plan().name(), c.toMs()));
        return out;
    }
}
