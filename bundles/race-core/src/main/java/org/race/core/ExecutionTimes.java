package org.race.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.race.api.CentralMonitor;
import org.race.api.SchedulabilityAnalysis;
import org.race.api.analysis.AnalysisResult;
import org.race.api.analysis.SchedulabilityView;
import org.race.api.model.Application;
import org.race.api.model.Component;
import org.race.api.model.DeploymentException;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;
import org.race.api.monitoring.ComponentSample;
import org.race.api.monitoring.JobTimes;
import org.race.api.monitoring.NodeSample;
import org.race.api.monitoring.SystemSnapshot;

/**
 * Which execution time the analysis counts per component: the declared {@code executionTime}, or the
 * CPU time per job measured on its node over the component's measurement window ({@link JobTimes}:
 * median, p99 or max). race.engine {@code executionTimes} chooses for every application,
 * {@code race:exectimes --use} for one. A measured figure is CPU time on the component's node; the
 * analysis divides an execution time by the node's cpu, so it counts {@code measured x cpu}: a model
 * component on the jvm platform burns {@code executionTime x workload / cpu} per job, so its measured
 * figure counts as {@code executionTime x workload}. A component without a measurement from the node it
 * is placed on now (not run yet, just moved) counts its declared time.
 *
 * <p>It stands between the engine and the installed analysis ({@link #wrap}): admission, placement by
 * schedulability, race:analyze and the deployed bounds all see the same figures. The wrapper is kept while
 * the choices and the CentralMonitor's snapshot stay the same, so the deployed bounds (cached by the
 * analysis's identity) are computed again at most once per sampling period, and only when measured
 * figures are chosen.
 */
final class ExecutionTimes {
    static final String DECLARED = "declared";
    static final Set<String> CHOICES = Set.of(DECLARED, "median", "p99", "max");

    private final Supplier<CentralMonitor> monitor;
    private volatile String fallback = DECLARED;
    private final Map<String, String> perApplication = new ConcurrentHashMap<>();
    private final AtomicLong revision = new AtomicLong();
    private volatile Wrapped last;

    ExecutionTimes(Supplier<CentralMonitor> monitor) {
        this.monitor = monitor;
    }

    /** The race.engine setting; a bad value is refused with the reason, keeping the current one. */
    void configure(String which) throws DeploymentException {
        String w = which.trim();
        if (!CHOICES.contains(w)) throw new DeploymentException("executionTimes", "must be declared, median, p99 or max, got '" + which + "'");
        fallback = w;
        revision.incrementAndGet();
    }

    String fallback() {
        return fallback;
    }

    /** What {@code application} counts: its own choice, else the setting. */
    String choice(String application) {
        return perApplication.getOrDefault(application, fallback);
    }

    /** {@code which} for {@code application} from now on; {@code default} goes back to the setting. */
    void choose(String application, String which) throws DeploymentException {
        if (which.equals("default")) {
            perApplication.remove(application);
        } else if (CHOICES.contains(which)) {
            perApplication.put(application, which);
        } else {
            throw new DeploymentException("executionTimes", "must be declared, median, p99, max or default, got '" + which + "'");
        }
        revision.incrementAndGet();
    }

    /** An application that leaves forgets its choice: deployed again, it counts the setting's. */
    void forget(String application) {
        if (perApplication.remove(application) != null) revision.incrementAndGet();
    }

    /** {@code a} itself while everything counts the declared times; else {@code a} with the measured figures swapped in. */
    SchedulabilityAnalysis wrap(SchedulabilityAnalysis a) {
        if (a == null || (fallback.equals(DECLARED) && perApplication.isEmpty())) return a;
        CentralMonitor m = monitor.get();
        SystemSnapshot snap = m == null ? null : m.latest().orElse(null);
        long rev = revision.get();
        Wrapped w = last;
        if (w != null && w.delegate == a && w.snapshot == snap && w.revision == rev) return w;
        w = new Wrapped(a, snap, rev, measured(snap));
        last = w;
        return w;
    }

    /** Per application and component, the node that measured it and its figures. */
    private static Map<String, Map<String, Measured>> measured(SystemSnapshot snap) {
        Map<String, Map<String, Measured>> out = new HashMap<>();
        if (snap == null) return out;
        for (NodeSample n : snap.nodes()) {
            for (ComponentSample c : n.components()) {
                if (c.jobCpu().jobs() > 0) out.computeIfAbsent(c.application(), x -> new HashMap<>()).put(c.component(), new Measured(n.node(), c.jobCpu()));
            }
        }
        return out;
    }

    private record Measured(String node, JobTimes times) {
    }

    /** The plans as the analysis should see them: measured figures in place of the declared ones where chosen. */
    private final class Wrapped implements SchedulabilityAnalysis {
        final SchedulabilityAnalysis delegate;
        final SystemSnapshot snapshot;
        final long revision;
        final Map<String, Map<String, Measured>> figures;

        Wrapped(SchedulabilityAnalysis delegate, SystemSnapshot snapshot, long revision, Map<String, Map<String, Measured>> figures) {
            this.delegate = delegate;
            this.snapshot = snapshot;
            this.revision = revision;
            this.figures = figures;
        }

        @Override
        public AnalysisResult analyze(List<DeploymentPlan> plans, Domain domain) {
            return delegate.analyze(counted(plans, domain), domain);
        }

        @Override
        public SchedulabilityView view(List<DeploymentPlan> deployed, DeploymentPlan candidate, Domain domain) {
            return delegate.view(counted(deployed, domain), counted(candidate, domain), domain);
        }

        private List<DeploymentPlan> counted(List<DeploymentPlan> plans, Domain domain) {
            List<DeploymentPlan> out = new ArrayList<>(plans.size());
            for (DeploymentPlan p : plans) out.add(counted(p, domain));
            return out;
        }

        private DeploymentPlan counted(DeploymentPlan p, Domain domain) {
            String which = choice(p.name());
            Map<String, Measured> mine = figures.get(p.name());
            if (which.equals(DECLARED) || mine == null) return p;
            Application app = p.application();
            List<Component> cs = new ArrayList<>(app.components().size());
            boolean any = false;
            for (Component c : app.components()) {
                Measured m = mine.get(c.name());
                String node = p.placement().nodeOf().get(c.name());
                if (m == null || !m.node().equals(node)) {
                    cs.add(c);
                    continue;
                }
                double cpu = domain.node(node).map(n -> n.capacity().cpu()).filter(x -> x > 0).orElse(1.0);
                cs.add(new Component(c.name(), c.type(), c.demand(), m.times().figure(which) * cpu, c.node(), c.properties()));
                any = true;
            }
            if (!any) return p;
            return p.withApplication(new Application(app.name(), app.importance(), app.mode(), app.periodMs(), app.deadlineMs(), app.periodRange(), cs,
                    app.connections(), app.region()));
        }
    }
}
