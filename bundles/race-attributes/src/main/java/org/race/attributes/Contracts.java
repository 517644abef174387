package org.race.attributes;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.race.api.model.DeploymentPlan;
import org.race.api.model.NodeState;

/**
 * The part of Dionisys' guard function that protects the other applications: a change one application's
 * handler asks for must not break another application's contract. The CentralEffector's guard checks
 * ranges; this checks the neighbours on every node the change touches.
 * <ul>
 * <li>a priority may not reach the lowest priority of a more important application's components on the
 * same node (it would preempt them, and MUF's classes promise them the processor first);</li>
 * <li>a shorter period may not make a node's reserved cpu exceed its capacity (every application on the
 * node was admitted against that capacity).</li>
 * </ul>
 */
final class Contracts {
    private Contracts() {
    }

    /** Why priority {@code priority} for {@code components} of {@code plan} breaks a contract, or empty. */
    static Optional<String> priorityBreaks(DeploymentPlan plan, List<String> components, int priority, List<DeploymentPlan> deployed) {
        for (String c : components) {
            String node = plan.placement().nodeOf().get(c);
            for (DeploymentPlan other : deployed) {
                if (other.name().equals(plan.name()) || other.application().importance().compareTo(plan.application().importance()) <= 0) continue;
                for (Map.Entry<String, String> e : other.placement().nodeOf().entrySet()) {
                    Integer p = other.settingsOf(e.getKey()).priority();
                    if (e.getValue().equals(node) && p != null && priority >= p) {
                        return Optional.of("priority " + priority + " for " + c + " on " + node + " would preempt " + other.name() + "/" + e.getKey()
                                + " (importance " + other.application().importance().label() + ", priority " + p + ") and break its contract");
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Why period {@code periodMs} for {@code plan} overloads a node it runs on, or empty. */
    static Optional<String> periodBreaks(DeploymentPlan plan, double periodMs, List<NodeState> nodes) {
        double scale = plan.application().periodMs() / periodMs;
        for (NodeState n : nodes) {
            double own = plan.demandOn(n.name()).cpu();
            if (own == 0) continue;
            double after = n.reserved().cpu() - own + own * scale;
            double capacity = n.node().capacity().cpu();
            if (after > capacity + 1e-9) {
                return Optional.of(String.format(java.util.Locale.ROOT, "period %.1f ms would reserve cpu %.3f of %.3f on %s, "
                        + "which the other applications on it were admitted against", periodMs, after, capacity, n.name()));
            }
        }
        return Optional.empty();
    }
}
