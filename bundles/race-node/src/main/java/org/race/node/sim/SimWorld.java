package org.race.node.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import org.race.api.model.Application;
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
import org.race.node.AppGraph;
import org.race.node.Courier;
import org.race.node.NodeLinks;
import org.race.node.NodeRuntime;

/**
 * A deterministic discrete-event simulation of every simulated node's processor, in virtual time
 * (microseconds). Each node schedules jobs fixed-priority preemptively (higher priority first, then
 * shorter period, i.e. rate monotonic among equal priorities, then earlier release). Every period an
 * application releases one job of each source component; a component's job is released once the
 * outputs of all its predecessors of the same iteration have arrived (after the link latency plus
 * transmission time when they cross nodes). An iteration is complete when all its sinks are; it
 * misses its deadline if it is not complete {@code deadline} after its release.
 *
 * <p>Distributed mode: an application may span nodes that other containers host. Outputs to their
 * components leave through the {@link Courier} as {@link Delivery deliveries} carrying ages, not
 * times, and arrive through {@link #deliver}. The node of the first source component releases the
 * iterations (sources elsewhere get RELEASE deliveries), sinks elsewhere report COMPLETE with their
 * latency, and that node judges each deadline {@value #REMOTE_GRACE_US} µs late, so that
 * completions still on the wire count; an iteration lost with a node is a miss.
 *
 * <p>Two locks: {@code state} guards the model and is held only briefly; {@code advance} serialises
 * the threads that move time forward. Clock tasks (the control loop) run holding only
 * {@code advance}, so they may call into the nodes, from other threads too.
 */
final class SimWorld implements NodeRuntime {
    /** An overloaded application keeps at most this many iterations in flight (per deadline/period) before it drops releases. */
    private static final int BACKLOG_PER_DEADLINE = 4;
    private static final int MIN_BACKLOG = 16;
    /** How long after a distributed iteration's deadline its releasing node waits for completions on the wire. */
    static final long REMOTE_GRACE_US = 200_000;

    private final Object state = new Object();
    private final ReentrantLock advance = new ReentrantLock();
    /** At equal times: the model's events, then deadline checks, then clock tasks (which so see all of {@code now}). */
    private static final int MODEL = 0, DEADLINE = 1, CLOCK = 2;
    private final PriorityQueue<Event> queue = new PriorityQueue<>(
            Comparator.comparingLong((Event e) -> e.time).thenComparingInt(e -> e.phase).thenComparingLong(e -> e.seq));
    private long seq;
    private long now; // µs

    private final Map<String, Processor> processors = new LinkedHashMap<>();
    private final Map<String, AppRun> apps = new TreeMap<>();
    private double linkLatencyMs = 1.0;
    private long appGeneration;

    private long seed;
    private double variation;
    private double workload;
    private Predicate<String> local = n -> true;
    private Courier courier = (node, d) -> {
        throw new IllegalStateException("no courier to " + node);
    };
    private Runnable catchUp = () -> {
    };

    SimWorld(long seed, double variation, double workload) {
        configure(seed, variation, workload);
    }

    void configure(long newSeed, double newVariation, double newWorkload) {
        synchronized (state) {
            this.seed = newSeed;
            this.variation = newVariation;
            this.workload = newWorkload;
        }
    }

    /** Which nodes this container hosts, how deliveries reach the others, and what brings time up to date when one comes in. */
    void connect(Predicate<String> hosted, Courier remote, Runnable catchUp) {
        synchronized (state) {
            this.local = hosted;
            this.courier = remote;
            this.catchUp = catchUp;
        }
    }

    /** Replace the simulated nodes; refused while any application runs on them. */
    void setDomain(Domain domain) {
        synchronized (state) {
            if (!apps.isEmpty()) throw new IllegalStateException("applications are still deployed: " + apps.keySet());
            processors.clear();
            for (Node n : domain.nodes()) processors.put(n.name(), new Processor(n));
            linkLatencyMs = domain.linkLatencyMs();
        }
    }

    long nowMicros() {
        synchronized (state) {
            return now;
        }
    }

    // ---------------------------------------------------------------- hosting

    @Override
    public void deploy(String node, DeploymentPlan plan) {
        synchronized (state) {
            Processor p = processor(node);
            AppRun existing = apps.get(plan.name());
            AppRun run = existing != null ? existing : new AppRun(plan);
            apps.putIfAbsent(plan.name(), run);
            if (existing != null && !samePlacement(run.plan, plan)) {
                throw new IllegalStateException("application '" + plan.name() + "' is already deployed with another placement");
            }
            if (!run.hostedOn.add(node)) throw new IllegalStateException("application '" + plan.name() + "' is already deployed on " + node);
            p.hosted.add(plan.name());
            if (run.hostedOn.containsAll(run.graph.localNodes())) {
                // every node here holds its part: start releasing iterations now (or, when another
                // container releases them, take deliveries). A run stopped by a partial undeploy
                // restarts as a new generation, so its stale events stay ignored.
                run.generation = ++appGeneration;
                run.active = true;
                run.inFlight.clear();
                run.nextRelease = now;
                if (run.graph.releasesHere()) push(new Event(now, ev -> release(run)), run);
            }
        }
    }

    @Override
    public void update(String node, DeploymentPlan plan) {
        synchronized (state) {
            AppRun run = hostedRun(node, plan.name());
            if (!samePlacement(run.plan, plan)) throw new IllegalStateException("update cannot move components; undeploy and deploy instead");
            run.plan = plan;
            run.periodUs = toMicros(plan.application().periodMs());
            for (Processor p : processors.values()) p.refreshPriorities(run);
        }
    }

    @Override
    public void undeploy(String node, String app) {
        synchronized (state) {
            Processor p = processor(node);
            if (!p.hosted.remove(app)) return;
            AppRun run = apps.get(app);
            run.active = false; // pending events of this run become no-ops
            run.hostedOn.remove(node);
            for (Processor q : processors.values()) q.drop(run);
            if (run.hostedOn.isEmpty()) apps.remove(app);
        }
    }

    @Override
    public List<String> applications(String node) {
        synchronized (state) {
            return List.copyOf(processor(node).hosted);
        }
    }

    /** Change a component's (or, with component null, all of an application's) priority on one node. */
    @Override
    public void setPriority(String node, String app, String component, int priority) {
        synchronized (state) {
            AppRun run = changeSettings(node, app, component, s -> s.withPriority(priority));
            processor(node).refreshPriorities(run);
        }
    }

    @Override
    public void setPriorityClass(String node, String app, String component, String priorityClass) {
        synchronized (state) {
            changeSettings(node, app, component, s -> s.withPriorityClass(priorityClass));
        }
    }

    /** Apply {@code change} to the settings of the app's components on {@code node} (all, or the one named). */
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

    /** The period is a property of the whole end-to-end application: it changes on every node at once. */
    @Override
    public void setPeriod(String node, String app, double periodMs) {
        synchronized (state) {
            AppRun run = hostedRun(node, app);
            run.plan = run.plan.withApplication(run.plan.application().withPeriod(periodMs));
            run.periodUs = toMicros(periodMs);
            for (Processor p : processors.values()) p.refreshPriorities(run);
        }
    }

    @Override
    public DeploymentPlan plan(String node, String app) {
        synchronized (state) {
            return hostedRun(node, app).plan;
        }
    }

    // ---------------------------------------------------------------- measurement

    /**
     * Everything measured on {@code node} since the previous sample: the three resource windows and
     * the QoS window, all closed now. The monitors below close each window on its own.
     */
    NodeSample sample(String node) {
        synchronized (state) {
            long window = now - processor(node).cpuWindowStart;
            Map<String, Double> util = Map.of("cpu", cpuUtilization(node), "memory", memoryUtilization(node),
                    "bandwidth", bandwidthUtilization(node));
            QosSample q = qos(node);
            return new NodeSample(node, now / 1000, window / 1000, util, q.components(), q.applications());
        }
    }

    /** Busy fraction of the node's processor since the previous call. */
    @Override
    public double cpuUtilization(String node) {
        synchronized (state) {
            Processor p = processor(node);
            p.account();
            long window = Math.max(1, now - p.cpuWindowStart);
            double u = p.busyUs / (double) window;
            p.busyUs = 0;
            p.cpuWindowStart = now;
            return u;
        }
    }

    /** Memory the hosted components declare, over the node's memory: a level, not a window. */
    @Override
    public double memoryUtilization(String node) {
        synchronized (state) {
            Processor p = processor(node);
            double memory = 0;
            for (String a : p.hosted) {
                AppRun run = apps.get(a);
                for (Component c : run.plan.application().components()) {
                    if (node.equals(run.plan.placement().nodeOf().get(c.name()))) memory += c.demand().memory();
                }
            }
            return memory / p.node.capacity().memory();
        }
    }

    /** Megabits sent and received per second since the previous call, over the node's bandwidth. */
    @Override
    public double bandwidthUtilization(String node) {
        synchronized (state) {
            Processor p = processor(node);
            double seconds = Math.max(1, now - p.bandwidthWindowStart) / 1e6;
            double u = p.megabitsMoved / seconds / p.node.capacity().bandwidth();
            p.megabitsMoved = 0;
            p.bandwidthWindowStart = now;
            return u;
        }
    }

    /** Component figures and the QoS of the applications this node reports, since the previous call. */
    @Override
    public QosSample qos(String node) {
        synchronized (state) {
            Processor p = processor(node);
            p.account();
            long window = Math.max(1, now - p.qosWindowStart);
            List<ComponentSample> comps = new ArrayList<>();
            for (CompStats s : p.stats.values()) {
                comps.add(new ComponentSample(s.app, s.component, s.busyUs / (double) window, s.jobs,
                        s.jobs == 0 ? 0 : s.responseSumUs / 1000.0 / s.jobs, s.responseMaxUs / 1000.0));
                s.jobs = s.busyUs = s.responseSumUs = s.responseMaxUs = 0;
            }
            List<ApplicationQos> qos = new ArrayList<>();
            for (AppRun run : apps.values()) {
                if (node.equals(run.graph.reportingNode())) {
                    qos.add(run.window.toQos(run.plan.name()));
                    run.window = new QosWindow();
                }
            }
            p.qosWindowStart = now;
            return new QosSample(qos, comps);
        }
    }

    // ---------------------------------------------------------------- time

    /** Run every event up to {@code target} (µs); clock tasks run outside the state lock. */
    void advanceTo(long target) {
        advance.lock();
        try {
            while (true) {
                Runnable external;
                synchronized (state) {
                    Event e = queue.peek();
                    if (e == null || e.time > target) {
                        if (target > now) now = target;
                        return;
                    }
                    queue.poll();
                    now = e.time;
                    if (e.owner != null && (!e.owner.active || e.owner.generation != e.generation)) continue;
                    if (e.external == null) {
                        e.action.accept(e);
                        continue;
                    }
                    external = e.external;
                }
                external.run();
            }
        } finally {
            advance.unlock();
        }
    }

    /** A periodic clock task; returns a handle whose close stops it. */
    AutoCloseable schedule(long periodUs, Runnable task) {
        if (periodUs <= 0) throw new IllegalArgumentException("period must be > 0");
        ClockTask t = new ClockTask(periodUs, task);
        synchronized (state) {
            t.arm(now + periodUs);
        }
        return () -> {
            synchronized (state) {
                t.cancelled = true;
            }
        };
    }

    private final class ClockTask {
        final long periodUs;
        final Runnable task;
        boolean cancelled;

        ClockTask(long periodUs, Runnable task) {
            this.periodUs = periodUs;
            this.task = task;
        }

        void arm(long at) {
            Event e = new Event(at, null);
            e.phase = CLOCK;
            e.external = () -> {
                synchronized (state) {
                    if (cancelled) return;
                    arm(now + periodUs);
                }
                task.run();
            };
            push(e, null);
        }
    }

    // ---------------------------------------------------------------- the model

    private void release(AppRun run) {
        long t = now;
        run.nextRelease = t + run.periodUs;
        push(new Event(run.nextRelease, ev -> release(run)), run);
        if (run.inFlight.size() >= run.backlog()) {
            run.window.missed++; // input dropped: the pipeline cannot keep up
            return;
        }
        Iteration it = new Iteration(run.nextIteration++, t, run);
        run.inFlight.put(it.id, it);
        Event check = new Event(t + run.deadlineUs() + (run.graph.distributed ? REMOTE_GRACE_US : 0), ev -> deadline(run, it));
        check.phase = DEADLINE; // an iteration completing exactly at its deadline meets it
        push(check, run);
        for (Component c : run.plan.application().components()) {
            if (it.waiting.get(c.name()) != 0) continue;
            String node = run.graph.nodeOf(c.name());
            if (local.test(node)) {
                startJob(run, it, c);
            } else {
                courier.send(node, new Delivery(run.plan.name(), it.id, Delivery.Kind.RELEASE, c.name(), 0, linkDelayUs(0, node, node), 0));
            }
        }
    }

    /** met and missed are both counted when the deadline passes, so they cover the iterations whose deadline fell in the window. */
    private void deadline(AppRun run, Iteration it) {
        if (it.done && it.latencyUs <= run.deadlineUs()) {
            run.window.met++;
        } else {
            run.window.missed++;
            if (run.graph.distributed) run.inFlight.remove(it.id); // what is lost on the wire never completes
        }
    }

    /** Deliveries from other containers to {@code node}'s components. */
    @Override
    public void deliver(String node, List<Delivery> deliveries) {
        Runnable upToDate;
        synchronized (state) {
            upToDate = catchUp;
        }
        upToDate.run(); // outside the state lock: it advances time
        long epoch = NodeLinks.epochMicros();
        synchronized (state) {
            for (Delivery d : deliveries) {
                AppRun run = apps.get(d.application());
                if (run == null || !run.active || !run.hostedOn.contains(node)) continue;
                if (d.kind() == Delivery.Kind.COMPLETE) {
                    Iteration it = run.inFlight.get(d.iteration());
                    if (it != null && !it.done) sinkDone(run, it, d.ageMicros());
                    continue;
                }
                Component c = run.graph.byName.get(d.component());
                if (c == null || !node.equals(run.graph.nodeOf(c.name()))) continue;
                processor(node).megabitsMoved += d.megabits();
                long transit = Math.min(d.transitMicros(epoch), d.delayMicros()); // the wire's part of the modelled delay
                Iteration it = run.received(d.iteration(), now - d.ageMicros() - transit);
                if (it == null) continue;
                push(new Event(now + d.delayMicros() - transit, ev -> {
                    if (d.kind() == Delivery.Kind.RELEASE) {
                        startJob(run, it, c);
                    } else {
                        arrive(run, it, c.name());
                    }
                }), run);
            }
        }
    }

    private void startJob(AppRun run, Iteration it, Component c) {
        Processor p = processors.get(run.plan.placement().nodeOf().get(c.name()));
        SplittableRandom rnd = run.random(c.name());
        double factor = workload * (1 + variation * (2 * rnd.nextDouble() - 1));
        long exec = Math.max(1, Math.round(c.executionTimeMs() * 1000 * factor / p.node.capacity().cpu()));
        p.submit(new Job(run, it, c, now, exec, seq++));
    }

    private void jobDone(Processor p, Job j) {
        CompStats s = p.stats(j.run.plan.name(), j.component.name());
        s.jobs++;
        long response = now - j.released;
        s.responseSumUs += response;
        s.responseMaxUs = Math.max(s.responseMaxUs, response);
        AppRun run = j.run;
        Iteration it = j.iteration;
        if (--it.localLeft == 0 && !run.graph.releasesHere()) run.inFlight.remove(it.id);
        List<Connection> out = run.graph.successors.get(j.component.name());
        if (out.isEmpty()) {
            String releasing = run.graph.releasingNode();
            if (!run.graph.distributed || local.test(releasing)) {
                sinkDone(run, it, now - it.released);
            } else {
                courier.send(releasing, new Delivery(run.plan.name(), it.id, Delivery.Kind.COMPLETE, j.component.name(), now - it.released, 0, 0));
            }
            return;
        }
        for (Connection k : out) {
            String from = p.node.name(), to = run.graph.nodeOf(k.to());
            if (from.equals(to)) {
                arrive(run, it, k.to());
                continue;
            }
            double megabits = k.bandwidth() * run.periodUs / 1e6;
            long delay = linkDelayUs(megabits, from, to);
            p.megabitsMoved += megabits;
            if (local.test(to)) {
                processors.get(to).megabitsMoved += megabits;
                push(new Event(now + delay, ev -> arrive(run, it, k.to())), run);
            } else {
                courier.send(to, new Delivery(run.plan.name(), it.id, Delivery.Kind.OUTPUT, k.to(), now - it.released, delay, megabits));
            }
        }
    }

    /** Link latency plus the time {@code megabits} take on the slower end's bandwidth. */
    private long linkDelayUs(double megabits, String from, String to) {
        double linkMbps = Math.min(processor(from).node.capacity().bandwidth(), processor(to).node.capacity().bandwidth());
        return Math.round(linkLatencyMs * 1000 + megabits / linkMbps * 1e6);
    }

    /** One of the iteration's sinks finished {@code latencyUs} after the release (here, or reported from elsewhere). */
    private void sinkDone(AppRun run, Iteration it, long latencyUs) {
        it.latencyUs = Math.max(it.latencyUs, latencyUs);
        if (--it.sinksLeft == 0) complete(run, it);
    }

    private void arrive(AppRun run, Iteration it, String component) {
        int left = it.waiting.merge(component, -1, Integer::sum);
        if (left == 0) startJob(run, it, run.graph.byName.get(component));
    }

    private void complete(AppRun run, Iteration it) {
        it.done = true;
        run.inFlight.remove(it.id);
        long latency = it.latencyUs;
        QosWindow w = run.window;
        w.completed++;
        w.latencySumUs += latency;
        w.latencyMaxUs = Math.max(w.latencyMaxUs, latency);
    }

    private void push(Event e, AppRun owner) {
        e.seq = seq++;
        e.owner = owner;
        if (owner != null) e.generation = owner.generation;
        queue.add(e);
    }

    private Processor processor(String node) {
        Processor p = processors.get(node);
        if (p == null) throw new IllegalStateException("no simulated node '" + node + "'");
        return p;
    }

    private AppRun hostedRun(String node, String app) {
        if (!processor(node).hosted.contains(app)) throw new IllegalStateException("application '" + app + "' is not deployed on " + node);
        return apps.get(app);
    }

    private static boolean samePlacement(DeploymentPlan a, DeploymentPlan b) {
        return a.placement().nodeOf().equals(b.placement().nodeOf());
    }

    static long toMicros(double ms) {
        return Math.max(1, Math.round(ms * 1000));
    }

    // ---------------------------------------------------------------- state records

    private static final class Event {
        final long time;
        int phase = MODEL;
        long seq;
        final java.util.function.Consumer<Event> action;
        Runnable external;
        AppRun owner;
        long generation;

        Event(long time, java.util.function.Consumer<Event> action) {
            this.time = time;
            this.action = action;
        }
    }

    private final class AppRun {
        DeploymentPlan plan;
        long generation;
        final java.util.Set<String> hostedOn = new java.util.TreeSet<>();
        /** Released here and not complete; or, on a node another container releases for, received and not done here. */
        final Map<Long, Iteration> inFlight = new LinkedHashMap<>();
        final AppGraph graph;
        final Map<String, SplittableRandom> randoms = new HashMap<>();
        long periodUs;
        long nextRelease;
        long nextIteration;
        boolean active = true;
        QosWindow window = new QosWindow();

        AppRun(DeploymentPlan plan) {
            this.plan = plan;
            this.periodUs = toMicros(plan.application().periodMs());
            this.graph = new AppGraph(plan, local);
        }

        /** The iteration a delivery from another container belongs to (see AppGraph), released {@code released} if new. */
        Iteration received(long id, long released) {
            return graph.received(inFlight, id, backlog(), i -> new Iteration(i, released, this));
        }

        /** Iterations in flight beyond which releases are dropped. */
        int backlog() {
            return Math.max(MIN_BACKLOG, BACKLOG_PER_DEADLINE * (int) Math.ceil(deadlineUs() / (double) periodUs));
        }

        long deadlineUs() {
            return toMicros(plan.application().deadlineMs());
        }

        /** One stream per component, so adding an application does not change the others' execution times. */
        SplittableRandom random(String component) {
            return randoms.computeIfAbsent(component,
                    c -> new SplittableRandom(seed ^ (plan.name() + "/" + c).hashCode() * 0x9E3779B97F4A7C15L));
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
        long latencyUs;
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
        long met, missed, completed, latencySumUs, latencyMaxUs;

        ApplicationQos toQos(String app) {
            return new ApplicationQos(app, met, missed, completed,
                    completed == 0 ? 0 : latencySumUs / 1000.0 / completed, latencyMaxUs / 1000.0);
        }
    }

    private static final class CompStats {
        final String app, component;
        long jobs, busyUs, responseSumUs, responseMaxUs;

        CompStats(String app, String component) {
            this.app = app;
            this.component = component;
        }
    }

    private static final class Job {
        final AppRun run;
        final Iteration iteration;
        final Component component;
        final long released;
        final long order;
        long remainingUs;
        int priority;

        Job(AppRun run, Iteration iteration, Component component, long released, long execUs, long order) {
            this.run = run;
            this.iteration = iteration;
            this.component = component;
            this.released = released;
            this.remainingUs = execUs;
            this.order = order;
        }
    }

    /** One node's processor: fixed-priority preemptive, with busy-time accounting. */
    private final class Processor {
        final Node node;
        final java.util.Set<String> hosted = new java.util.TreeSet<>();
        final PriorityQueue<Job> ready = new PriorityQueue<>(Comparator
                .comparingInt((Job j) -> -j.priority)
                .thenComparingLong(j -> j.run.periodUs)
                .thenComparingLong(j -> j.released)
                .thenComparingLong(j -> j.order));
        final Map<String, CompStats> stats = new TreeMap<>();
        Job running;
        long runningSince;
        long dispatch; // invalidates completion events of preempted jobs
        long busyUs;
        double megabitsMoved;
        long cpuWindowStart, bandwidthWindowStart, qosWindowStart;

        Processor(Node node) {
            this.node = node;
        }

        CompStats stats(String app, String component) {
            return stats.computeIfAbsent(app + "/" + component, k -> new CompStats(app, component));
        }

        void submit(Job j) {
            j.priority = priorityOf(j);
            ready.add(j);
            reschedule();
        }

        int priorityOf(Job j) {
            Integer p = j.run.plan.settingsOf(j.component.name()).priority();
            return p == null ? 0 : p;
        }

        /** Charge the running job for the time it ran since it was dispatched. */
        void account() {
            if (running != null) {
                long ran = now - runningSince;
                running.remainingUs -= ran;
                busyUs += ran;
                stats(running.run.plan.name(), running.component.name()).busyUs += ran;
                runningSince = now;
            }
        }

        void reschedule() {
            account();
            if (running != null) ready.add(running);
            running = ready.poll();
            long token = ++dispatch;
            if (running == null) return;
            runningSince = now;
            Job j = running;
            Event e = new Event(now + j.remainingUs, ev -> {
                if (dispatch != token) return;
                account();
                running = null;
                jobDone(this, j);
                if (running == null && dispatch == token) reschedule();
            });
            push(e, null);
        }

        void refreshPriorities(AppRun run) {
            boolean changed = false;
            List<Job> all = new ArrayList<>(ready);
            for (Job j : all) {
                if (j.run == run) {
                    j.priority = priorityOf(j);
                    changed = true;
                }
            }
            if (running != null && running.run == run) {
                running.priority = priorityOf(running);
                changed = true;
            }
            if (changed) {
                ready.clear();
                ready.addAll(all);
                reschedule();
            }
        }

        void drop(AppRun run) {
            ready.removeIf(j -> j.run == run);
            if (running != null && running.run == run) {
                account();
                running = null;
                reschedule();
            }
            stats.keySet().removeIf(k -> k.startsWith(run.plan.name() + "/"));
        }
    }
}
