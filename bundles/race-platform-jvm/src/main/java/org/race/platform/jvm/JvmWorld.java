package org.race.platform.jvm;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
import org.race.api.monitoring.NodeSample;
import org.race.api.monitoring.QosSample;
import org.race.node.platform.AppGraph;
import org.race.node.platform.Courier;

import org.race.node.platform.NodeRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nodes of the domain hosted in this JVM, on real threads: one worker thread per component
 * instance takes jobs from its queue and burns the job's execution time (executionTime x workload /
 * node cpu) as its own CPU time, so being preempted does not shorten the work. One release timer
 * per application releases one job of each source component every period; a component's job is
 * released once all its predecessors' jobs of the same iteration have delivered (across nodes after
 * the link latency plus transmission time, delayed on the timer). An iteration meets its deadline
 * when all its sinks complete within {@code deadline} of its real release. Times are
 * {@link System#nanoTime()}; the semantics are those of the {@code sim} platform, distributed mode
 * included (see SimWorld: deliveries to other containers carry ages, not times).
 *
 * <p>One lock, {@code state}, guards the model and is held only briefly; threads are started under
 * it but stopped, joined and given OS priorities (which runs processes) outside it. Priority changes
 * are serialised by {@code actuation} (taken before {@code state}), so the OS ends up with the last.
 */
final class JvmWorld implements NodeRuntime {
    /** An overloaded application keeps at most this many iterations in flight (per deadline/period) before it drops releases. */
    private static final int BACKLOG_PER_DEADLINE = 4;
    private static final int MIN_BACKLOG = 16;
    /** How long after a distributed iteration's deadline its releasing node waits for completions on the wire. */
    static final long REMOTE_GRACE_NANOS = 200_000_000;
    private static final long STOP_TIMEOUT_MS = 2000;
    /** Arithmetic steps between two looks at the thread's CPU clock: a few microseconds. */
    private static final int BURN_CHUNK = 4000;

    private static final Logger LOG = LoggerFactory.getLogger(JvmWorld.class);

    private final Object state = new Object();
    private final Object actuation = new Object();
    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private final Map<String, AppRun> apps = new TreeMap<>();
    private double linkLatencyMs = 1.0;
    private final Links links = new Links();
    private volatile double workload;
    private OsPriorities priorities;
    private Predicate<String> local = n -> true;
    private Courier courier = (node, d) -> {
        throw new IllegalStateException("no courier to " + node);
    };

    JvmWorld(double workload, OsPriorities priorities) {
        if (!mx.isCurrentThreadCpuTimeSupported() || !mx.isThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure thread CPU time, which the jvm platform runs on");
        }
        if (!mx.isThreadCpuTimeEnabled()) mx.setThreadCpuTimeEnabled(true);
        this.workload = workload;
        this.priorities = priorities;
    }

    double workload() {
        return workload;
    }

    void setWorkload(double w) {
        workload = w;
    }

    /** Which nodes this container hosts, and how deliveries reach the others. */
    void connect(Predicate<String> hosted, Courier remote) {
        synchronized (state) {
            this.local = hosted;
            this.courier = remote;
        }
    }

    /** Replace the hosted nodes; refused while any application runs on them. */
    void setDomain(Domain domain) {
        synchronized (state) {
            if (!apps.isEmpty()) throw new IllegalStateException("applications are still deployed: " + apps.keySet());
            hosts.clear();
            long now = System.nanoTime();
            for (Node n : domain.nodes()) hosts.put(n.name(), new Host(n, now));
            linkLatencyMs = domain.linkLatencyMs();
            links.bestEffortShare(domain.bestEffortShare());
        }
    }

    // ---------------------------------------------------------------- hosting

    @Override
    public void deploy(String node, DeploymentPlan plan) {
        synchronized (actuation) {
            applyPriorities(start(node, plan));
        }
    }

    /** Start this node's workers (and the releases when every node is there); returns their configured priorities. */
    private List<PriorityChange> start(String node, DeploymentPlan plan) {
        List<PriorityChange> started = new ArrayList<>();
        synchronized (state) {
            Host h = host(node);
            AppRun existing = apps.get(plan.name());
            if (existing != null && !samePlacement(existing.plan, plan)) {
                throw new IllegalStateException("application '" + plan.name() + "' is already deployed with another placement");
            }
            if (existing != null && existing.hostedOn.contains(node)) {
                throw new IllegalStateException("application '" + plan.name() + "' is already deployed on " + node);
            }
            AppRun run = existing != null ? existing : new AppRun(plan);
            apps.put(plan.name(), run);
            run.hostedOn.add(node);
            h.hosted.add(plan.name());
            for (Component c : plan.application().components()) {
                if (!node.equals(plan.placement().nodeOf().get(c.name()))) continue;
                Worker w = new Worker(h, plan.name(), c.name(), plan.settingsOf(c.name()).priority());
                run.workers.put(c.name(), w);
                w.thread.start();
                if (w.priority != null) started.add(new PriorityChange(w, w.priority));
            }
            // every node holds its part: releases start, as a new generation so stale timer tasks stay ignored
            if (run.hostedOn.containsAll(run.graph.localNodes())) run.start(run.graph.releasesHere());
        }
        return started;
    }

    @Override
    public void update(String node, DeploymentPlan plan) {
        synchronized (actuation) {
            List<PriorityChange> changed;
            synchronized (state) {
                AppRun run = hostedRun(node, plan.name());
                if (!samePlacement(run.plan, plan)) throw new IllegalStateException("update cannot move components; undeploy and deploy instead");
                run.plan = plan;
                run.periodNanos = toNanos(plan.application().periodMs());
                changed = takePriorities(run, node);
            }
            applyPriorities(changed);
        }
    }

    @Override
    public void undeploy(String node, String app) {
        AppRun run;
        ScheduledThreadPoolExecutor timer;
        List<Worker> stopping = new ArrayList<>();
        Host h;
        synchronized (state) {
            h = host(node);
            if (!h.hosted.remove(app)) return;
            run = apps.get(app);
            timer = run.stop();
            run.hostedOn.remove(node);
            run.workers.values().removeIf(w -> {
                if (w.host != h) return false;
                stopping.add(w);
                return true;
            });
            if (run.hostedOn.isEmpty()) apps.remove(app);
        }
        stop(timer, stopping);
        synchronized (state) {
            // the CPU they burnt since the last cpu sample still belongs to that window
            for (Worker w : stopping) h.retiredCpu += w.cpuNanos() - w.cpuSeenByCpu;
        }
    }

    @Override
    public List<String> applications(String node) {
        synchronized (state) {
            return List.copyOf(host(node).hosted);
        }
    }

    /** Change a component's (or, with component null, all of an application's) priority on one node, on its OS thread too. */
    @Override
    public void setPriority(String node, String app, String component, int priority) {
        synchronized (actuation) {
            List<PriorityChange> changed;
            synchronized (state) {
                AppRun run = changeSettings(node, app, component, s -> s.withPriority(priority));
                changed = takePriorities(run, node);
            }
            applyPriorities(changed);
        }
    }

    @Override
    public void setPriorityClass(String node, String app, String component, String priorityClass) {
        synchronized (state) {
            changeSettings(node, app, component, s -> s.withPriorityClass(priorityClass));
        }
    }

    /** The period is a property of the whole end-to-end application: it changes on every node, from the next release. */
    @Override
    public void setPeriod(String node, String app, double periodMs) {
        synchronized (state) {
            AppRun run = hostedRun(node, app);
            run.plan = run.plan.withApplication(run.plan.application().withPeriod(periodMs));
            run.periodNanos = toNanos(periodMs);
        }
    }

    @Override
    public DeploymentPlan plan(String node, String app) {
        synchronized (state) {
            return hostedRun(node, app).plan;
        }
    }

    /** Switch the priority mechanism: every thread goes back to the OS default under the old one, then gets its priority under the new. */
    void usePriorities(OsPriorities next) {
        synchronized (actuation) {
            OsPriorities old;
            List<PriorityChange> workers = new ArrayList<>();
            List<AppRun> runs;
            synchronized (state) {
                old = priorities;
                priorities = next;
                runs = List.copyOf(apps.values());
                for (AppRun r : runs) r.workers.values().forEach(w -> workers.add(new PriorityChange(w, w.priority)));
            }
            for (PriorityChange c : workers) {
                old.apply(c.worker().thread, c.worker().tid(), null);
                if (c.priority() != null) next.apply(c.worker().thread, c.worker().tid(), c.priority());
            }
            for (AppRun r : runs) {
                Thread t = r.timerThread;
                if (t == null) continue;
                old.resetTimer(t, r.timerTid);
                next.applyTimer(t, r.timerTid);
            }
        }
    }

    /** Stop every application and join every thread. */
    void close() {
        List<ScheduledThreadPoolExecutor> timers = new ArrayList<>();
        List<Worker> workers = new ArrayList<>();
        synchronized (state) {
            for (AppRun r : apps.values()) {
                timers.add(r.stop());
                workers.addAll(r.workers.values());
            }
            apps.clear();
            hosts.values().forEach(h -> h.hosted.clear());
        }
        timers.forEach(t -> stop(t, List.of()));
        stop(null, workers);
    }

    private OsPriorities priorities() {
        synchronized (state) {
            return priorities;
        }
    }

    private AppRun changeSettings(String node, String app, String component, UnaryOperator<ComponentSettings> change) {
        AppRun run = hostedRun(node, app);
        DeploymentPlan plan = run.plan;
        for (Component c : plan.application().components()) {
            if ((component == null || c.name().equals(component)) && node.equals(plan.placement().nodeOf().get(c.name()))) {
                plan = plan.withSettings(c.name(), change.apply(plan.settingsOf(c.name())));
            }
        }
        run.plan = plan;
        return run;
    }

    /** The workers on {@code node} whose configured priority differs from the one their thread has; records the new one. */
    private List<PriorityChange> takePriorities(AppRun run, String node) {
        List<PriorityChange> changed = new ArrayList<>();
        for (Worker w : run.workers.values()) {
            Integer p = run.plan.settingsOf(w.component).priority();
            if (w.host.node.name().equals(node) && !Objects.equals(p, w.priority)) {
                w.priority = p;
                changed.add(new PriorityChange(w, p));
            }
        }
        return changed;
    }

    private void applyPriorities(List<PriorityChange> changes) {
        OsPriorities p = priorities();
        for (PriorityChange c : changes) p.apply(c.worker().thread, c.worker().tid(), c.priority());
    }

    private void stop(ScheduledThreadPoolExecutor timer, List<Worker> workers) {
        if (timer != null) {
            timer.shutdownNow();
            try {
                if (!timer.awaitTermination(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) LOG.warn("a release timer did not stop within {} ms", STOP_TIMEOUT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workers.forEach(w -> w.thread.interrupt());
        for (Worker w : workers) {
            try {
                w.thread.join(STOP_TIMEOUT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (w.thread.isAlive()) LOG.warn("worker {} did not stop within {} ms", w.thread.getName(), STOP_TIMEOUT_MS);
        }
    }

    // ---------------------------------------------------------------- measurement

    /**
     * Everything measured on {@code node} since the previous calls, as one sample (time in ms on the
     * System.nanoTime scale); the monitors below close each window on its own.
     */
    NodeSample sample(String node) {
        synchronized (state) {
            long now = System.nanoTime();
            long window = now - host(node).qosWindowStart;
            Map<String, Double> util = Map.of("cpu", cpuUtilization(node), "memory", memoryUtilization(node),
                    "bandwidth", bandwidthUtilization(node));
            QosSample q = qos(node);
            return new NodeSample(node, now / 1_000_000, window / 1_000_000, util, q.components(), q.applications());
        }
    }

    /**
     * CPU time the node's workers used since the previous call, over the window: the busy fraction of
     * the emulated node's processor, as on the sim. Capacity is already in the execution times (a node
     * twice as fast burns half the CPU per job), so it is not divided by again.
     */
    @Override
    public double cpuUtilization(String node) {
        synchronized (state) {
            Host h = host(node);
            long now = System.nanoTime(), cpu = h.retiredCpu;
            h.retiredCpu = 0;
            for (Worker w : workersOn(h)) {
                long c = w.cpuNanos();
                cpu += c - w.cpuSeenByCpu;
                w.cpuSeenByCpu = c;
            }
            double u = cpu / (double) Math.max(1, now - h.cpuWindowStart);
            h.cpuWindowStart = now;
            return u;
        }
    }

    /** Memory the hosted components declare, over the node's memory: a level, not a window. */
    @Override
    public double memoryUtilization(String node) {
        synchronized (state) {
            Host h = host(node);
            double memory = 0;
            for (String a : h.hosted) {
                DeploymentPlan plan = apps.get(a).plan;
                for (Component c : plan.application().components()) {
                    if (node.equals(plan.placement().nodeOf().get(c.name()))) memory += c.demand().memory();
                }
            }
            return memory / h.node.capacity().memory();
        }
    }

    /** Megabits sent and received per second since the previous call, over the node's bandwidth. */
    @Override
    public double bandwidthUtilization(String node) {
        synchronized (state) {
            Host h = host(node);
            long now = System.nanoTime();
            double seconds = Math.max(1, now - h.bandwidthWindowStart) / 1e9;
            double u = h.megabitsMoved / seconds / h.node.capacity().bandwidth();
            h.megabitsMoved = 0;
            h.bandwidthWindowStart = now;
            return u;
        }
    }

    /** Component figures and the QoS of the applications this node reports, since the previous call. */
    @Override
    public QosSample qos(String node) {
        synchronized (state) {
            Host h = host(node);
            long now = System.nanoTime();
            double window = Math.max(1, now - h.qosWindowStart);
            List<ComponentSample> comps = new ArrayList<>();
            for (Worker w : workersOn(h)) {
                long c = w.cpuNanos();
                comps.add(new ComponentSample(w.app, w.component, (c - w.cpuSeenByQos) / window, w.jobs,
                        w.jobs == 0 ? 0 : w.responseSumNanos / 1e6 / w.jobs, w.responseMaxNanos / 1e6));
                w.cpuSeenByQos = c;
                w.jobs = w.responseSumNanos = w.responseMaxNanos = 0;
            }
            List<ApplicationQos> qos = new ArrayList<>();
            for (AppRun run : apps.values()) {
                if (node.equals(run.graph.reportingNode())) {
                    qos.add(run.window.toQos(run.plan.name()));
                    run.window = new QosWindow();
                }
            }
            h.qosWindowStart = now;
            return new QosSample(qos, comps);
        }
    }

    private List<Worker> workersOn(Host h) {
        List<Worker> out = new ArrayList<>();
        for (String a : h.hosted) {
            AppRun run = apps.get(a);
            for (Component c : run.plan.application().components()) {
                Worker w = run.workers.get(c.name());
                if (w != null && w.host == h) out.add(w);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- the model

    private void release(AppRun run, long generation) {
        synchronized (state) {
            if (!run.current(generation)) return;
            long t = System.nanoTime();
            // on a fixed timeline, so the period does not drift by the timer's lateness
            run.nextRelease += run.periodNanos;
            run.timer.schedule(() -> release(run, generation), run.nextRelease - t, TimeUnit.NANOSECONDS);
            if (run.inFlight.size() >= run.backlog()) {
                run.window.missed++; // input dropped: the pipeline cannot keep up
                return;
            }
            Iteration it = new Iteration(run.nextIteration++, t, run);
            run.inFlight.put(it.id, it);
            long grace = run.graph.distributed ? REMOTE_GRACE_NANOS : 0;
            run.timer.schedule(() -> deadline(run, generation, it), run.deadlineNanos() + grace, TimeUnit.NANOSECONDS);
            for (Component c : run.plan.application().components()) {
                if (it.waiting.get(c.name()) != 0) continue;
                String node = run.graph.nodeOf(c.name());
                if (local.test(node)) {
                    submit(run, generation, it, c.name(), t);
                } else {
                    courier.send(node, new Delivery(run.plan.name(), it.id, Delivery.Kind.RELEASE, c.name(), 0, linkDelayNanos(0, node, node) / 1000, 0));
                }
            }
        }
    }

    /** met and missed are both counted when the deadline passes, so they cover the iterations whose deadline fell in the window. */
    private void deadline(AppRun run, long generation, Iteration it) {
        synchronized (state) {
            if (!run.current(generation)) return;
            // the timer may run late: what counts is when the iteration completed, not when this check runs
            if (it.done && it.latencyNanos <= run.deadlineNanos()) {
                run.window.met++;
            } else {
                run.window.missed++;
                if (run.graph.distributed) run.inFlight.remove(it.id); // what is lost on the wire never completes
            }
        }
    }

    /** Deliveries from other containers to {@code node}'s components. */
    @Override
    public void deliver(String node, List<Delivery> deliveries) {
        long epoch = NodeLinks.epochMicros();
        synchronized (state) {
            long now = System.nanoTime();
            for (Delivery d : deliveries) {
                AppRun run = apps.get(d.application());
                if (run == null || !run.active || !run.hostedOn.contains(node)) continue;
                long generation = run.generation;
                if (d.kind() == Delivery.Kind.COMPLETE) {
                    Iteration it = run.inFlight.get(d.iteration());
                    if (it != null && !it.done) sinkDone(run, it, d.ageMicros() * 1000, now);
                    continue;
                }
                String component = d.component();
                if (!run.graph.byName.containsKey(component) || !node.equals(run.graph.nodeOf(component))) continue;
                host(node).megabitsMoved += d.megabits();
                long transit = Math.min(d.transitMicros(epoch), d.delayMicros()); // the wire's part of the modelled delay
                Iteration it = run.received(d.iteration(), now - (d.ageMicros() + transit) * 1000);
                if (it == null) continue;
                run.timer.schedule(() -> {
                    synchronized (state) {
                        if (!run.current(generation)) return;
                        if (d.kind() == Delivery.Kind.RELEASE) {
                            submit(run, generation, it, component, System.nanoTime());
                        } else {
                            arrive(run, generation, it, component, System.nanoTime());
                        }
                    }
                }, d.delayMicros() - transit, TimeUnit.MICROSECONDS);
            }
        }
    }

    private void submit(AppRun run, long generation, Iteration it, String component, long releasedAt) {
        Worker w = run.workers.get(component);
        double execMs = run.graph.byName.get(component).executionTimeMs() * workload / w.host.node.capacity().cpu();
        w.queue.add(new Job(run, generation, it, component, releasedAt, Math.max(1, Math.round(execMs * 1e6))));
    }

    /** Called by the worker when a job's work is done, at {@code end}. */
    private void jobDone(Worker w, Job j, long end) {
        synchronized (state) {
            long response = end - j.released;
            w.jobs++;
            w.responseSumNanos += response;
            w.responseMaxNanos = Math.max(w.responseMaxNanos, response);
            AppRun run = j.run;
            if (!run.current(j.generation)) return;
            Iteration it = j.iteration;
            if (--it.localLeft == 0 && !run.graph.releasesHere()) run.inFlight.remove(it.id);
            List<Connection> out = run.graph.successors.get(j.component);
            if (out.isEmpty()) {
                String releasing = run.graph.releasingNode();
                if (!run.graph.distributed || local.test(releasing)) {
                    sinkDone(run, it, end - it.released, end);
                } else {
                    courier.send(releasing, new Delivery(run.plan.name(), it.id, Delivery.Kind.COMPLETE, j.component, (end - it.released) / 1000, 0, 0));
                }
                return;
            }
            for (Connection k : out) {
                String from = w.host.node.name(), to = run.graph.nodeOf(k.to());
                if (from.equals(to)) {
                    arrive(run, j.generation, it, k.to(), end);
                    continue;
                }
                String connection = run.plan.name() + "/" + k.from() + "->" + k.to();
                double megabits = links.megabits(connection, k.bandwidth() * run.periodNanos / 1e9);
                long delay = links.arrival(end, it.released, connection, from, k.bandwidth(), run.periodNanos, megabits, host(from).node.capacity().bandwidth(),
                        linkMbps(from, to), Math.round(linkLatencyMs * 1e6)) - end;
                w.host.megabitsMoved += megabits;
                if (local.test(to)) {
                    host(to).megabitsMoved += megabits;
                    long generation = j.generation;
                    run.timer.schedule(() -> deliver(run, generation, it, k.to()), delay, TimeUnit.NANOSECONDS);
                } else {
                    courier.send(to, new Delivery(run.plan.name(), it.id, Delivery.Kind.OUTPUT, k.to(), (end - it.released) / 1000, delay / 1000, megabits));
                }
            }
        }
    }

    /** Link latency plus the time {@code megabits} take on the slower end's bandwidth. */
    private long linkDelayNanos(double megabits, String from, String to) {
        return Math.round(linkLatencyMs * 1e6 + megabits / linkMbps(from, to) * 1e9);
    }

    private double linkMbps(String from, String to) {
        return Math.min(host(from).node.capacity().bandwidth(), host(to).node.capacity().bandwidth());
    }

    /** How connections share the links (PID race.jvm); see Links. */
    void useLinks(String mode, double burstMessages) {
        synchronized (state) {
            links.configure(mode, burstMessages);
        }
    }

    /** Emulates a misbehaving sender: connection {@code from -> to} of {@code app} sends {@code factor} times what it declared. */
    void offer(String app, String from, String to, double factor) {
        synchronized (state) {
            links.offer(app + "/" + from + "->" + to, factor);
        }
    }

    /** One of the iteration's sinks finished {@code latencyNanos} after the release (here, or reported from elsewhere). */
    private void sinkDone(AppRun run, Iteration it, long latencyNanos, long now) {
        it.latencyNanos = Math.max(it.latencyNanos, latencyNanos);
        if (--it.sinksLeft == 0) complete(run, it, now);
    }

    private void deliver(AppRun run, long generation, Iteration it, String component) {
        synchronized (state) {
            if (run.current(generation)) arrive(run, generation, it, component, System.nanoTime());
        }
    }

    private void arrive(AppRun run, long generation, Iteration it, String component, long now) {
        int left = it.waiting.merge(component, -1, Integer::sum);
        if (left == 0) submit(run, generation, it, component, now);
    }

    private void complete(AppRun run, Iteration it, long end) {
        it.done = true;
        run.inFlight.remove(it.id);
        long latency = it.latencyNanos;
        QosWindow w = run.window;
        w.completed++;
        w.latencySumNanos += latency;
        w.latencyMaxNanos = Math.max(w.latencyMaxNanos, latency);
    }

    private Host host(String node) {
        Host h = hosts.get(node);
        if (h == null) throw new IllegalStateException("no node '" + node + "' on this jvm platform");
        return h;
    }

    private AppRun hostedRun(String node, String app) {
        if (!host(node).hosted.contains(app)) throw new IllegalStateException("application '" + app + "' is not deployed on " + node);
        return apps.get(app);
    }

    private static boolean samePlacement(DeploymentPlan a, DeploymentPlan b) {
        return a.placement().nodeOf().equals(b.placement().nodeOf());
    }

    static long toNanos(double ms) {
        return Math.max(1, Math.round(ms * 1e6));
    }

    // ---------------------------------------------------------------- state

    /** One node of the domain hosted here. */
    private static final class Host {
        final Node node;
        final Set<String> hosted = new TreeSet<>();
        double megabitsMoved;
        /** CPU of workers stopped since the last cpu sample. */
        long retiredCpu;
        long cpuWindowStart, bandwidthWindowStart, qosWindowStart;

        Host(Node node, long now) {
            this.node = node;
            cpuWindowStart = bandwidthWindowStart = qosWindowStart = now;
        }
    }

    private final class AppRun {
        DeploymentPlan plan;
        final Set<String> hostedOn = new TreeSet<>();
        final Map<String, Worker> workers = new LinkedHashMap<>();
        /** Released here and not complete; or, on a node another container releases for, received and not done here. */
        final Map<Long, Iteration> inFlight = new LinkedHashMap<>();
        final AppGraph graph;
        long periodNanos;
        long generation;
        boolean active;
        ScheduledThreadPoolExecutor timer;
        volatile Thread timerThread;
        volatile long timerTid = -1;
        long nextRelease;
        long nextIteration;
        QosWindow window = new QosWindow();

        AppRun(DeploymentPlan plan) {
            this.plan = plan;
            this.periodNanos = toNanos(plan.application().periodMs());
            this.graph = new AppGraph(plan, local);
        }

        /** The iteration a delivery from another container belongs to (see AppGraph), released {@code released} if new. */
        Iteration received(long id, long released) {
            return graph.received(inFlight, id, backlog(), i -> new Iteration(i, released, this));
        }

        long deadlineNanos() {
            return toNanos(plan.application().deadlineMs());
        }

        int backlog() {
            return Math.max(MIN_BACKLOG, BACKLOG_PER_DEADLINE * (int) Math.ceil(deadlineNanos() / (double) periodNanos));
        }

        boolean current(long g) {
            return active && generation == g;
        }

        /** Start releasing iterations now (unless another container releases them), on a timer thread of its own. */
        void start(boolean releases) {
            generation++;
            active = true;
            inFlight.clear();
            timer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(() -> {
                    timerThread = Thread.currentThread();
                    timerTid = OsPriorities.currentTid();
                    priorities().applyTimer(timerThread, timerTid);
                    r.run();
                }, "race-" + plan.name() + "-release");
                t.setDaemon(true);
                return t;
            });
            nextRelease = System.nanoTime();
            long g = generation;
            if (releases) timer.execute(() -> release(this, g));
        }

        /** No more releases; pending jobs are dropped. Returns the timer to shut down outside the lock. */
        ScheduledThreadPoolExecutor stop() {
            active = false;
            inFlight.clear();
            workers.values().forEach(w -> w.queue.clear());
            ScheduledThreadPoolExecutor t = timer;
            timer = null;
            timerThread = null;
            timerTid = -1;
            return t;
        }

    }

    private static final class Iteration {
        final long id;
        final long released;
        final Map<String, Integer> waiting;
        int sinksLeft;
        /** Jobs of it still to finish on the nodes hosted here. */
        int localLeft;
        /** Release to the last sink's end so far. */
        long latencyNanos;
        boolean done;

        Iteration(long id, long released, AppRun run) {
            this.id = id;
            this.released = released;
            this.waiting = new HashMap<>(run.graph.predecessors);
            this.sinksLeft = run.graph.sinks;
            this.localLeft = run.graph.localComponents;
        }
    }

    private static final class QosWindow {
        long met, missed, completed, latencySumNanos, latencyMaxNanos;

        ApplicationQos toQos(String app) {
            return new ApplicationQos(app, met, missed, completed,
                    completed == 0 ? 0 : latencySumNanos / 1e6 / completed, latencyMaxNanos / 1e6);
        }
    }

    private record PriorityChange(Worker worker, Integer priority) {
    }

    private record Job(AppRun run, long generation, Iteration iteration, String component, long released, long cpuNanos) {
    }

    /** One component instance: a thread burning its jobs' CPU time, one job after another. */
    private final class Worker implements Runnable {
        final Host host;
        final String app, component;
        final Thread thread;
        final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
        private final CountDownLatch started = new CountDownLatch(1);
        private volatile long tid = -1;
        private volatile long finalCpu = -1;
        /** Where the arithmetic goes, so that the JIT cannot drop it. */
        private long sink;
        // under state:
        Integer priority;
        long cpuSeenByCpu, cpuSeenByQos;
        long jobs, responseSumNanos, responseMaxNanos;

        Worker(Host host, String app, String component, Integer priority) {
            this.host = host;
            this.app = app;
            this.component = component;
            this.priority = priority;
            this.thread = new Thread(this, "race-" + host.node.name() + "-" + app + "-" + component);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            tid = OsPriorities.currentTid();
            started.countDown();
            try {
                while (true) {
                    Job j = queue.take();
                    burn(j.cpuNanos());
                    jobDone(this, j, System.nanoTime());
                }
            } catch (InterruptedException stop) {
                // undeployed
            } finally {
                finalCpu = mx.getCurrentThreadCpuTime();
            }
        }

        /** Busy arithmetic until this thread has used {@code cpuNanos} of CPU; time it spends preempted does not count. */
        private void burn(long cpuNanos) throws InterruptedException {
            long end = mx.getCurrentThreadCpuTime() + cpuNanos;
            long x = sink;
            while (mx.getCurrentThreadCpuTime() < end) {
                for (int i = 0; i < BURN_CHUNK; i++) x = x * 6364136223846793005L + 1442695040888963407L;
                sink = x;
                if (Thread.interrupted()) throw new InterruptedException();
            }
        }

        /** The Linux TID, once the thread has started (-1 where there is none). */
        long tid() {
            try {
                started.await(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return tid;
        }

        /** CPU time used so far, also once the thread has ended. */
        long cpuNanos() {
            long f = finalCpu;
            if (f >= 0) return f;
            long c = mx.getThreadCpuTime(thread.getId());
            return c >= 0 ? c : Math.max(0, finalCpu);
        }
    }
}
