package org.race.node.platform;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import org.race.api.model.Component;
import org.race.api.model.ComponentSettings;
import org.race.api.model.Connection;
import org.race.api.model.Delivery;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;
import org.race.api.model.Node;
import org.race.api.monitoring.ApplicationQos;
import org.race.api.monitoring.ComponentSample;
import org.race.api.monitoring.QosSample;

/**
 * What every platform does the same way, whatever executes the jobs: which applications each node
 * hosts; iterations (every period an application releases one job of each source component; a
 * component's job is released once the outputs of all its predecessors of the same iteration have
 * arrived, after the link latency plus transmission time when they cross nodes; an iteration is
 * complete when all its sinks are, and misses its deadline if it is not complete {@code deadline}
 * after its release); the QoS windows; memory and bandwidth utilization.
 *
 * <p>Distributed mode: an application may span nodes that other containers host. Outputs to their
 * components leave through the {@link Courier} as {@link Delivery deliveries} carrying ages, not
 * times (the containers share no clock), and with the payloads typed components emitted to them,
 * and arrive through {@link #deliver}. The node of the first
 * source component releases the iterations (sources elsewhere get RELEASE deliveries), sinks
 * elsewhere report COMPLETE with their latency, and that node judges each deadline
 * {@value #REMOTE_GRACE_MS} ms late, so that completions still on the wire count; an iteration lost
 * with a node is a miss.
 *
 * <p>Times are in the platform's ticks (µs of virtual time on the sim, ns of System.nanoTime on the
 * jvm). Not thread-safe: the platform calls it, and {@link Execution} calls back, holding the
 * platform's lock; except the measurements ({@link #memoryUtilization}, {@link #bandwidthUtilization},
 * {@link #qos}), which a monitor may take without it, node by node, while the model goes on: each
 * node's figures have a lock of their own, held briefly by the model as it counts, and what the
 * monitors read of the hosting (which runs report on a node, its memory) is published as immutable
 * values whenever the hosting changes. So node monitors sampling in parallel do not queue on the
 * platform's one lock.
 */
public final class PlatformCore<R extends Run> {
    /** An overloaded application keeps at most this many iterations in flight (per deadline/period) before it drops releases. */
    static final int BACKLOG_PER_DEADLINE = 4;
    static final int MIN_BACKLOG = 16;
    /** How long after a distributed iteration's deadline its releasing node waits for completions on the wire. */
    static final long REMOTE_GRACE_MS = 200;

    private final Execution<R> execution;
    private final double ticksPerMs;
    private final double ticksPerSecond;
    private final long ticksPerMicro;
    private final String noNode;
    /** Replaced, not changed: read without the platform's lock. */
    private volatile Map<String, Site> sites = Map.of();
    private final Map<String, R> apps = new TreeMap<>();
    private double linkLatencyMs = 1.0;
    private long generations;
    private Predicate<String> local = n -> true;
    private Courier courier = (node, d) -> {
        throw new IllegalStateException("no courier to " + node);
    };

    /**
     * @param tick the platform's unit of time, MICROSECONDS or finer
     * @param noNode the message for a node the domain does not have, with {@code %s} for its name
     */
    public PlatformCore(Execution<R> execution, TimeUnit tick, String noNode) {
        this.execution = execution;
        this.ticksPerMs = tick.convert(1, TimeUnit.MILLISECONDS);
        this.ticksPerSecond = tick.convert(1, TimeUnit.SECONDS);
        this.ticksPerMicro = tick.convert(1, TimeUnit.MICROSECONDS);
        if (ticksPerMicro < 1) throw new IllegalArgumentException("ticks coarser than a microsecond: " + tick);
        this.noNode = noNode;
    }

    /** Which nodes this container hosts, and how deliveries reach the others. */
    public void connect(Predicate<String> hosted, Courier remote) {
        this.local = hosted;
        this.courier = remote;
    }

    /** Replace the nodes, their windows starting at {@code origin}; refused while any application runs on them. */
    public void setDomain(Domain domain, long origin) {
        if (!apps.isEmpty()) throw new IllegalStateException("applications are still deployed: " + apps.keySet());
        Map<String, Site> fresh = new LinkedHashMap<>();
        for (Node n : domain.nodes()) fresh.put(n.name(), new Site(n, origin));
        sites = java.util.Collections.unmodifiableMap(fresh);
        linkLatencyMs = domain.linkLatencyMs();
    }

    /** {@code ms} in ticks, at least one. */
    public long ticks(double ms) {
        return Math.max(1, Math.round(ms * ticksPerMs));
    }

    // ---------------------------------------------------------------- hosting

    /** Host {@code node}'s part of {@code plan}; once every node here holds its part, the run starts. */
    public R deploy(String node, DeploymentPlan plan) {
        Site s = site(node);
        R existing = apps.get(plan.name());
        if (existing != null && !samePlacement(existing.plan, plan)) {
            throw new IllegalStateException("application '" + plan.name() + "' is already deployed with another placement");
        }
        if (existing != null && existing.hostedOn.contains(node)) {
            throw new IllegalStateException("application '" + plan.name() + "' is already deployed on " + node);
        }
        R run = existing != null ? existing : newRun(plan);
        apps.put(plan.name(), run);
        run.hostedOn.add(node);
        s.hosted.add(plan.name());
        if (run.hostedOn.containsAll(run.graph.localNodes())) start(run);
        published(List.of(node, run.graph.reportingNode()));
        return run;
    }

    private R newRun(DeploymentPlan plan) {
        R run = execution.newRun(plan, new AppGraph(plan, local));
        run.period = ticks(plan.application().periodMs());
        return run;
    }

    /** Release iterations from now (or, when another container releases them, take deliveries). */
    private void start(R run) {
        run.generation = ++generations;
        run.active = true;
        run.inFlight.clear();
        run.nextRelease = execution.now();
        execution.started(run);
        if (run.graph.releasesHere()) execution.schedule(run, run.nextRelease, false, () -> release(run));
    }

    /** New settings or period; placement cannot change. */
    public R update(String node, DeploymentPlan plan) {
        R run = hosted(node, plan.name());
        if (!samePlacement(run.plan, plan)) throw new IllegalStateException("update cannot move components; undeploy and deploy instead");
        run.plan = plan;
        run.period = ticks(plan.application().periodMs());
        published(List.of(node));
        return run;
    }

    /**
     * Stop hosting {@code app} on {@code node}: the whole run stops (what is pending becomes a no-op)
     * until it is deployed there again. Returns it, or null when the node did not host it.
     */
    public R undeploy(String node, String app) {
        if (!site(node).hosted.remove(app)) return null;
        R run = apps.get(app);
        run.active = false;
        run.inFlight.clear();
        run.hostedOn.remove(node);
        if (run.hostedOn.isEmpty()) apps.remove(app);
        published(List.of(node, run.graph.reportingNode()));
        return run;
    }

    /** Stop and forget every run; returns them. */
    public List<R> undeployAll() {
        List<R> runs = List.copyOf(apps.values());
        for (R r : runs) {
            r.active = false;
            r.inFlight.clear();
        }
        apps.clear();
        sites.values().forEach(s -> s.hosted.clear());
        published(sites.keySet());
        return runs;
    }

    public List<String> applications(String node) {
        return List.copyOf(site(node).hosted);
    }

    /** Every run, in application order. */
    public Collection<R> runs() {
        return List.copyOf(apps.values());
    }

    /** The runs {@code node} hosts, in application order. */
    public List<R> runsOn(String node) {
        List<R> out = new ArrayList<>();
        for (String a : site(node).hosted) out.add(apps.get(a));
        return out;
    }

    /** Apply {@code change} to the settings of the app's components on {@code node} (all, or the one named). */
    public R changeSettings(String node, String app, String component, UnaryOperator<ComponentSettings> change) {
        R run = hosted(node, app);
        DeploymentPlan plan = run.plan;
        Map<String, ComponentSettings> changed = new TreeMap<>();
        for (Component c : plan.application().components()) {
            if ((component == null || c.name().equals(component)) && node.equals(plan.placement().nodeOf().get(c.name()))) {
                changed.put(c.name(), change.apply(plan.settingsOf(c.name())));
            }
        }
        run.plan = plan.withSettings(changed); // one copy: one per component is quadratic
        return run;
    }

    /** The period is a property of the whole end-to-end application: it changes on every node, from the next release. */
    public R setPeriod(String node, String app, double periodMs) {
        R run = hosted(node, app);
        run.plan = run.plan.withApplication(run.plan.application().withPeriod(periodMs));
        run.period = ticks(periodMs);
        return run;
    }

    public DeploymentPlan plan(String node, String app) {
        return hosted(node, app).plan;
    }

    // ---------------------------------------------------------------- measurement

    /** Memory the hosted components declare, over the node's memory: a level, not a window. Without the platform's lock. */
    public double memoryUtilization(String node) {
        return site(node).memory;
    }

    /** Megabits sent and received per second since the previous call, over the node's bandwidth. Without the platform's lock. */
    public double bandwidthUtilization(String node) {
        Site s = site(node);
        synchronized (s) {
            long now = execution.now();
            double seconds = Math.max(1, now - s.bandwidthWindowStart) / ticksPerSecond;
            double u = s.megabitsMoved / seconds / s.node.capacity().bandwidth();
            s.megabitsMoved = 0;
            s.bandwidthWindowStart = now;
            return u;
        }
    }

    /**
     * The QoS of the applications the node reports and, from {@code components} given the window's
     * length in ticks, its component figures; all since the previous call. Without the platform's lock
     * ({@code components} must not take it either).
     */
    public QosSample qos(String node, LongFunction<List<ComponentSample>> components) {
        Site s = site(node);
        synchronized (s) {
            long now = execution.now();
            List<ComponentSample> comps = components.apply(Math.max(1, now - s.qosWindowStart));
            List<ApplicationQos> qos = new ArrayList<>();
            for (Run run : s.reporting) qos.add(run.window.take(run.plan.name(), ticksPerMs));
            s.qosWindowStart = now;
            return new QosSample(qos, comps);
        }
    }

    /**
     * What the measurements read of the hosting, for {@code nodes}, published again after it changed (under the
     * platform's lock): their memory level, and the runs whose QoS they report, in application order.
     */
    private void published(Collection<String> nodes) {
        for (String node : new TreeSet<>(nodes)) {
            Site s = sites.get(node);
            if (s == null) continue;
            double memory = 0;
            for (String a : s.hosted) {
                DeploymentPlan plan = apps.get(a).plan;
                for (Component c : plan.application().components()) {
                    if (node.equals(plan.placement().nodeOf().get(c.name()))) memory += c.demand().memory();
                }
            }
            s.memory = memory / s.node.capacity().memory();
            List<Run> reporting = new ArrayList<>();
            for (R run : apps.values()) {
                if (node.equals(run.graph.reportingNode())) reporting.add(run);
            }
            s.reporting = List.copyOf(reporting);
        }
    }

    /** When the node's current QoS window began. */
    public long qosWindowStart(String node) {
        Site s = site(node);
        synchronized (s) {
            return s.qosWindowStart;
        }
    }

    // ---------------------------------------------------------------- links

    /** Link latency plus the time {@code megabits} take on the slower end's bandwidth, in ticks. */
    public long linkDelay(double megabits, String from, String to) {
        return Math.round(linkLatencyMs * ticksPerMs + megabits / linkMbps(from, to) * ticksPerSecond);
    }

    /** The link latency in ticks. */
    public long linkLatency() {
        return Math.round(linkLatencyMs * ticksPerMs);
    }

    /** The slower end's bandwidth. */
    public double linkMbps(String from, String to) {
        return Math.min(site(from).node.capacity().bandwidth(), site(to).node.capacity().bandwidth());
    }

    /** What one period's output over {@code k} amounts to, in megabits, at its declared bandwidth. */
    public double megabitsPerPeriod(Run run, Connection k) {
        return k.bandwidth() * run.period / ticksPerSecond;
    }

    // ---------------------------------------------------------------- the model

    private void release(R run) {
        long t = execution.now();
        // on a fixed timeline, so the period does not drift by the timer's lateness
        run.nextRelease += run.period;
        execution.schedule(run, run.nextRelease, false, () -> release(run));
        if (run.inFlight.size() >= backlog(run)) {
            run.window.missed(); // input dropped: the pipeline cannot keep up
            return;
        }
        Iteration it = new Iteration(run.nextIteration++, t, run.graph);
        run.inFlight.put(it.id, it);
        long grace = run.graph.distributed ? REMOTE_GRACE_MS * (long) ticksPerMs : 0;
        execution.schedule(run, t + deadline(run) + grace, true, () -> deadline(run, it));
        for (Component c : run.plan.application().components()) {
            if (it.waiting.get(c.name()) != 0) continue;
            String node = run.graph.nodeOf(c.name());
            if (local.test(node)) {
                execution.start(run, it, c, t);
            } else {
                courier.send(node, new Delivery(run.plan.name(), it.id, Delivery.Kind.RELEASE, c.name(), 0, linkDelay(0, node, node) / ticksPerMicro, 0));
            }
        }
    }

    /** met and missed are both counted when the deadline passes, so they cover the iterations whose deadline fell in the window. */
    private void deadline(R run, Iteration it) {
        // the check may run late (a timer): what counts is when the iteration completed
        if (it.done && it.latency <= deadline(run)) {
            run.window.met();
        } else {
            run.window.missed();
            if (run.graph.distributed) run.inFlight.remove(it.id); // what is lost on the wire never completes
        }
    }

    /** Deliveries from other containers to {@code node}'s components; {@code epochMicros} is {@link Courier#epochMicros()} on their arrival. */
    public void deliver(String node, List<Delivery> deliveries, long epochMicros) {
        long now = execution.now();
        for (Delivery d : deliveries) {
            R run = apps.get(d.application());
            if (run == null || !run.active || !run.hostedOn.contains(node)) continue;
            if (d.kind() == Delivery.Kind.COMPLETE) {
                Iteration it = run.inFlight.get(d.iteration());
                if (it != null && !it.done) sinkDone(run, it, d.ageMicros() * ticksPerMicro);
                continue;
            }
            Component c = run.graph.byName.get(d.component());
            if (c == null || !node.equals(run.graph.nodeOf(c.name()))) continue;
            site(node).moved(d.megabits());
            long transit = Math.min(d.transitMicros(epochMicros), d.delayMicros()); // the wire's part of the modelled delay
            long released = now - (d.ageMicros() + transit) * ticksPerMicro;
            Iteration it = run.graph.received(run.inFlight, d.iteration(), backlog(run), i -> new Iteration(i, released, run.graph));
            if (it == null) continue;
            execution.schedule(run, now + (d.delayMicros() - transit) * ticksPerMicro, false, () -> {
                if (d.kind() == Delivery.Kind.RELEASE) {
                    execution.start(run, it, c, execution.now());
                } else {
                    if (d.payload() != null && d.from() != null) execution.received(run, it, d.from(), c.name(), d.payload());
                    arrive(run, it, c.name(), execution.now());
                }
            });
        }
    }

    /** A job of {@code component} of iteration {@code it}, started in {@code generation}, finished at {@code end}: its outputs go on. */
    public void jobDone(R run, long generation, Iteration it, String component, long end) {
        jobDone(run, generation, it, component, end, Map.of());
    }

    /** The same for a job that emitted {@code payloads} by successor: those for successors another container hosts travel with the output. */
    public void jobDone(R run, long generation, Iteration it, String component, long end, Map<String, byte[]> payloads) {
        if (!run.current(generation)) return;
        if (--it.localLeft == 0 && !run.graph.releasesHere()) run.inFlight.remove(it.id);
        List<Connection> out = run.graph.successors.get(component);
        if (out.isEmpty()) {
            String releasing = run.graph.releasingNode();
            if (!run.graph.distributed || local.test(releasing)) {
                sinkDone(run, it, end - it.released);
            } else {
                courier.send(releasing, new Delivery(run.plan.name(), it.id, Delivery.Kind.COMPLETE, component, (end - it.released) / ticksPerMicro, 0, 0));
            }
            return;
        }
        String from = run.graph.nodeOf(component);
        for (Connection k : out) {
            String to = run.graph.nodeOf(k.to());
            if (from.equals(to)) {
                arrive(run, it, k.to(), end);
                continue;
            }
            Execution.Transfer t = execution.transfer(run, k, from, to, it, end);
            site(from).moved(t.megabits());
            if (local.test(to)) {
                site(to).moved(t.megabits());
                execution.schedule(run, end + t.delay(), false, () -> arrive(run, it, k.to(), execution.now()));
            } else {
                courier.send(to, new Delivery(run.plan.name(), it.id, Delivery.Kind.OUTPUT, k.to(), (end - it.released) / ticksPerMicro,
                        t.delay() / ticksPerMicro, t.megabits(), 0, component, payloads.get(k.to())));
            }
        }
    }

    /** One of the iteration's sinks finished {@code latency} after the release (here, or reported from elsewhere). */
    private void sinkDone(R run, Iteration it, long latency) {
        it.latency = Math.max(it.latency, latency);
        if (--it.sinksLeft == 0) complete(run, it);
    }

    private void arrive(R run, Iteration it, String component, long now) {
        int left = it.waiting.merge(component, -1, Integer::sum);
        if (left == 0) execution.start(run, it, run.graph.byName.get(component), now);
    }

    private void complete(R run, Iteration it) {
        it.done = true;
        run.inFlight.remove(it.id);
        run.window.completed(it.latency);
    }

    /** Iterations in flight beyond which releases are dropped. */
    private int backlog(Run run) {
        return Math.max(MIN_BACKLOG, BACKLOG_PER_DEADLINE * (int) Math.ceil(deadline(run) / (double) run.period));
    }

    private long deadline(Run run) {
        return ticks(run.plan.application().deadlineMs());
    }

    private Site site(String node) {
        Site s = sites.get(node);
        if (s == null) throw new IllegalStateException(String.format(noNode, node));
        return s;
    }

    private R hosted(String node, String app) {
        if (!site(node).hosted.contains(app)) throw new IllegalStateException("application '" + app + "' is not deployed on " + node);
        return apps.get(app);
    }

    private static boolean samePlacement(DeploymentPlan a, DeploymentPlan b) {
        return a.placement().nodeOf().equals(b.placement().nodeOf());
    }

    /**
     * One node of the domain: the applications it hosts (under the platform's lock), what the measurements read of
     * them (published), and its bandwidth and QoS windows (under its own lock).
     */
    private static final class Site {
        final Node node;
        final Set<String> hosted = new TreeSet<>();
        volatile double memory;
        volatile List<Run> reporting = List.of();
        private double megabitsMoved;
        private long bandwidthWindowStart, qosWindowStart;

        Site(Node node, long origin) {
            this.node = node;
            bandwidthWindowStart = qosWindowStart = origin;
        }

        synchronized void moved(double megabits) {
            megabitsMoved += megabits;
        }
    }
}
