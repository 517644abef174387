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
    /** Taken by a monitor without the platform's lock (see {@link PlatformCore#qos}). */
    final QosWindow window = new QosWindow();

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

    /**
     * Iterations met, missed and completed since the application's QoS was last reported: its own lock, so that
     * a monitor takes it while the model goes on (the model counts under the platform's lock and this one).
     */
    static final class QosWindow {
        private long met, missed, completed, latencySum, latencyMax;

        synchronized void met() {
            met++;
        }

        synchronized void missed() {
            missed++;
        }

        synchronized void completed(long latency) {
            completed++;
            latencySum += latency;
            latencyMax = Math.max(latencyMax, latency);
        }

        /** The figures so far, and a new window from now. */
        synchronized ApplicationQos take(String app, double ticksPerMs) {
            ApplicationQos q = new ApplicationQos(app, met, missed, completed, completed == 0 ? 0 : latencySum / ticksPerMs / completed, latencyMax / ticksPerMs);
            met = missed = completed = latencySum = latencyMax = 0;
            return q;
        }
    }
}
