package org.race.node.platform;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.race.api.model.DeploymentPlan;
import org.race.api.monitoring.ApplicationQos;

/**
 * An application as a platform runs it: its plan (settings and period change, placement never), its
 * graph, the nodes here that hold their part, the iterations in flight and the QoS window being
 * filled. A platform extends it with what executes it. Guarded by the platform's lock, as
 * {@link PlatformCore} is.
 */
public class Run {
    DeploymentPlan plan;
    final AppGraph graph;
    final Set<String> hostedOn = new TreeSet<>();
    /** Released here and not complete; or, on a node another container releases for, received and not done here. */
    final Map<Long, Iteration> inFlight = new LinkedHashMap<>();
    /** In the platform's ticks. */
    long period;
    long nextRelease;
    long nextIteration;
    /** A restart (after a partial undeploy) is a new generation, so that what the old one scheduled stays ignored. */
    long generation;
    boolean active;
    QosWindow window = new QosWindow();

    protected Run(DeploymentPlan plan, AppGraph graph) {
        this.plan = plan;
        this.graph = graph;
    }

    public final DeploymentPlan plan() {
        return plan;
    }

    public final AppGraph graph() {
        return graph;
    }

    /** The period in the platform's ticks. */
    public final long period() {
        return period;
    }

    public final long generation() {
        return generation;
    }

    /** Whether what was scheduled in generation {@code g} still applies: the run was neither stopped nor restarted since. */
    public final boolean current(long g) {
        return active && generation == g;
    }

    /** Iterations met, missed and completed since the application's QoS was last reported. */
    static final class QosWindow {
        long met, missed, completed, latencySum, latencyMax;

        ApplicationQos toQos(String app, double ticksPerMs) {
            return new ApplicationQos(app, met, missed, completed, completed == 0 ? 0 : latencySum / ticksPerMs / completed, latencyMax / ticksPerMs);
        }
    }
}
