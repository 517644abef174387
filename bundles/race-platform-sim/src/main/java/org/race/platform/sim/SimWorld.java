package org.race.platform.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.race.api.model.Component;
import org.race.api.model.Connection;
import org.race.api.model.Delivery;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;
import org.race.api.model.Node;
import org.race.api.monitoring.ComponentSample;
import org.race.api.monitoring.NodeSample;
import org.race.api.monitoring.QosSample;
import org.race.node.platform.AppGraph;
import org.race.node.platform.Courier;
import org.race.node.platform.Execution;
import org.race.node.platform.Iteration;
import org.race.node.platform.JobCpuWindow;
import org.race.node.platform.NodeRuntime;
import org.race.node.platform.PlatformCore;
import org.race.node.platform.Run;

/**
 * A deterministic discrete-event simulation of every simulated node's processor, in virtual time
 * (microseconds). Each node schedules jobs fixed-priority preemptively (higher priority first, then
 * shorter period, i.e. rate monotonic among equal priorities, then earlier release). Iterations,
 * deadlines, deliveries and QoS are the {@link PlatformCore}'s; this class is its event queue and
 * processor model.
 *
 * <p>{@code state} guards the model and the {@link EventQueue} and is held only briefly (see there
 * for the threads that move time forward). The measurements do not take it: each node's processor
 * figures have the processor's own lock, which the model holds only while it charges busy time or
 * counts a job, and the rest is the {@link PlatformCore}'s, measured node by node the same way; so
 * the nodes are sampled in parallel, and while time moves.
 */
final class SimWorld implements NodeRuntime {
    private final Object state = new Object();
    private final EventQueue events = new EventQueue(state);

    private final PlatformCore<SimRun> core = new PlatformCore<>(new Model(), TimeUnit.MICROSECONDS, "no simulated node '%s'");
    /** Replaced, not changed: the measurements read it without {@code state}. */
    private volatile Map<String, Processor> processors = Map.of();

    private long seed;
    private double variation;
    private double workload;
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
            core.connect(hosted, remote);
            this.catchUp = catchUp;
        }
    }

    /** Replace the simulated nodes; refused while any application runs on them. */
    void setDomain(Domain domain) {
        synchronized (state) {
            core.setDomain(domain, 0); // windows from virtual time 0, as the processors' cpu windows
            Map<String, Processor> fresh = new LinkedHashMap<>();
            for (Node n : domain.nodes()) fresh.put(n.name(), new Processor(n));
            processors = java.util.Collections.unmodifiableMap(fresh);
        }
    }

    long nowMicros() {
        synchronized (state) {
            return events.now();
        }
    }

    /** Run every event up to {@code target} (µs). */
    void advanceTo(long target) {
        events.advanceTo(target);
    }

    /** A periodic clock task; returns a handle whose close stops it. */
    AutoCloseable schedule(long periodUs, Runnable task) {
        return events.schedule(periodUs, task);
    }

    // ---------------------------------------------------------------- hosting

    @Override
    public void deploy(String node, DeploymentPlan plan) {
        synchronized (state) {
            core.deploy(node, plan);
        }
    }

    @Override
    public void update(String node, DeploymentPlan plan) {
        synchronized (state) {
            SimRun run = core.update(node, plan);
            for (Processor p : processors.values()) p.refreshPriorities(run);
        }
    }

    @Override
    public void undeploy(String node, String app) {
        synchronized (state) {
            SimRun run = core.undeploy(node, app);
            if (run != null) for (Processor q : processors.values()) q.drop(run);
        }
    }

    @Override
    public List<String> applications(String node) {
        synchronized (state) {
            return core.applications(node);
        }
    }

    /** Change a component's (or, with component null, all of an application's) priority on one node. */
    @Override
    public void setPriority(String node, String app, String component, int priority) {
        synchronized (state) {
            SimRun run = core.changeSettings(node, app, component, s -> s.withPriority(priority));
            processor(node).refreshPriorities(run);
        }
    }

    @Override
    public void setPriorityClass(String node, String app, String component, String priorityClass) {
        synchronized (state) {
            core.changeSettings(node, app, component, s -> s.withPriorityClass(priorityClass));
        }
    }

    /** The period is a property of the whole end-to-end application: it changes on every node at once. */
    @Override
    public void setPeriod(String node, String app, double periodMs) {
        synchronized (state) {
            SimRun run = core.setPeriod(node, app, periodMs);
            for (Processor p : processors.values()) p.refreshPriorities(run);
        }
    }

    @Override
    public DeploymentPlan plan(String node, String app) {
        synchronized (state) {
            return core.plan(node, app);
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
        long epoch = Courier.epochMicros();
        synchronized (state) {
            core.deliver(node, deliveries, epoch);
        }
    }

    // ---------------------------------------------------------------- measurement

    /**
     * Everything measured on {@code node} since the previous sample: the three resource windows and
     * the QoS window, all closed now. The monitors below close each window on its own.
     */
    NodeSample sample(String node) {
        synchronized (state) {
            long window = now() - processor(node).cpuWindowStart;
            Map<String, Double> util = Map.of("cpu", cpuUtilization(node), "memory", memoryUtilization(node),
                    "bandwidth", bandwidthUtilization(node));
            QosSample q = qos(node);
            return new NodeSample(node, now() / 1000, window / 1000, util, q.components(), q.applications());
        }
    }

    /** Busy fraction of the node's processor since the previous call; without {@code state}. */
    @Override
    public double cpuUtilization(String node) {
        Processor p = processor(node);
        synchronized (p) {
            p.account();
            long window = Math.max(1, now() - p.cpuWindowStart);
            double u = p.busyUs / (double) window;
            p.busyUs = 0;
            p.cpuWindowStart = now();
            return u;
        }
    }

    @Override
    public double memoryUtilization(String node) {
        return core.memoryUtilization(node);
    }

    @Override
    public double bandwidthUtilization(String node) {
        return core.bandwidthUtilization(node);
    }

    /** Component figures and the QoS of the applications this node reports, since the previous call; without {@code state}. */
    @Override
    public QosSample qos(String node) {
        Processor p = processor(node);
        return core.qos(node, window -> {
            synchronized (p) {
                p.account();
                List<ComponentSample> comps = new ArrayList<>();
                for (CompStats s : p.stats.values()) {
                    comps.add(new ComponentSample(s.app, s.component, s.busyUs / (double) window, s.jobs,
                            s.jobs == 0 ? 0 : s.responseSumUs / 1000.0 / s.jobs, s.responseMaxUs / 1000.0, 0, 0, 0, Math.max(s.queueMax, s.waiting),
                            s.execMaxUs / 1000.0, s.jobCpu.closeWindow()));
                    s.jobs = s.busyUs = s.responseSumUs = s.responseMaxUs = s.execMaxUs = 0;
                    s.queueMax = 0;
                }
                return comps;
            }
        });
    }

    private long now() {
        return events.now();
    }

    private Processor processor(String node) {
        Processor p = processors.get(node);
        if (p == null) throw new IllegalStateException("no simulated node '" + node + "'");
        return p;
    }

    // ---------------------------------------------------------------- the model

    /** The core's side of the simulation: its tasks are events, its jobs run on the processors. */
    private final class Model implements Execution<SimRun> {
        @Override
        public SimRun newRun(DeploymentPlan plan, AppGraph graph) {
            return new SimRun(plan, graph);
        }

        @Override
        public long now() {
            return events.now();
        }

        @Override
        public void schedule(SimRun run, long time, boolean deadline, Runnable task) {
            events.push(time, deadline ? EventQueue.DEADLINE : EventQueue.MODEL, run, task);
        }

        @Override
        public void started(SimRun run) {
            // the run's events are the model's own
        }

        @Override
        public void start(SimRun run, Iteration it, Component c, long released) {
            Processor p = processors.get(run.graph().nodeOf(c.name()));
            SplittableRandom rnd = run.random(c.name());
            double factor = workload * (1 + variation * (2 * rnd.nextDouble() - 1));
            long exec = Math.max(1, Math.round(c.executionTimeMs() * 1000 * factor / p.node.capacity().cpu()));
            p.submit(new Job(run, run.generation(), it, c, released, exec, events.nextSeq()));
        }

        @Override
        public Transfer transfer(SimRun run, Connection k, String from, String to, Iteration it, long end) {
            double megabits = core.megabitsPerPeriod(run, k);
            return new Transfer(megabits, core.linkDelay(megabits, from, to));
        }
    }

    private void jobDone(Processor p, Job j) {
        synchronized (p) {
            CompStats s = j.stats;
            s.jobs++;
            long response = now() - j.released;
            s.responseSumUs += response;
            s.responseMaxUs = Math.max(s.responseMaxUs, response);
            s.execMaxUs = Math.max(s.execMaxUs, j.execUs);
            s.jobCpu.add(j.execUs * 1000);
            s.waiting--;
        }
        core.jobDone(j.run, j.generation, j.iteration, j.component.name(), now());
    }

    // ---------------------------------------------------------------- state records

    private final class SimRun extends Run {
        final Map<String, SplittableRandom> randoms = new HashMap<>();

        SimRun(DeploymentPlan plan, AppGraph graph) {
            super(plan, graph);
        }

        /** One stream per component, so adding an application does not change the others' execution times. */
        SplittableRandom random(String component) {
            return randoms.computeIfAbsent(component,
                    c -> new SplittableRandom(seed ^ (plan().name() + "/" + c).hashCode() * 0x9E3779B97F4A7C15L));
        }
    }

    /** A component's figures of the current sampling window; its CPU time per job over its measurement window; jobs released and not done. */
    private static final class CompStats {
        final String app, component;
        final JobCpuWindow jobCpu = new JobCpuWindow();
        long jobs, busyUs, responseSumUs, responseMaxUs, execMaxUs;
        int waiting, queueMax;

        CompStats(String app, String component) {
            this.app = app;
            this.component = component;
        }
    }

    private static final class Job {
        final SimRun run;
        final long generation;
        final Iteration iteration;
        final Component component;
        final long released;
        final long order;
        /** The CPU time the job needs in all (the model's per-job CPU time), and what is left of it. */
        final long execUs;
        long remainingUs;
        int priority;
        /** Its component's figures on the processor, looked up once at submission (a string key per lookup otherwise). */
        CompStats stats;

        Job(SimRun run, long generation, Iteration iteration, Component component, long released, long execUs, long order) {
            this.run = run;
            this.generation = generation;
            this.iteration = iteration;
            this.component = component;
            this.released = released;
            this.execUs = execUs;
            this.remainingUs = execUs;
            this.order = order;
        }
    }

    /**
     * One node's processor: fixed-priority preemptive, with busy-time accounting. Its lock guards what the
     * measurements read and reset (the running job and since when, busy time, component figures); the ready
     * queue is the model's, under {@code state}.
     */
    private final class Processor {
        final Node node;
        /** Highest priority first, then shortest period, earliest release, submission order; written out: it runs for every job. */
        final PriorityQueue<Job> ready = new PriorityQueue<>((a, b) -> {
            if (a.priority != b.priority) return Integer.compare(b.priority, a.priority);
            int c = Long.compare(a.run.period(), b.run.period());
            if (c != 0) return c;
            c = Long.compare(a.released, b.released);
            return c != 0 ? c : Long.compare(a.order, b.order);
        });
        final Map<String, CompStats> stats = new TreeMap<>();
        Job running;
        long runningSince;
        long dispatch; // invalidates completion events of preempted jobs
        long busyUs;
        long cpuWindowStart;

        Processor(Node node) {
            this.node = node;
        }

        CompStats stats(String app, String component) {
            return stats.computeIfAbsent(app + "/" + component, k -> new CompStats(app, component));
        }

        void submit(Job j) {
            j.priority = priorityOf(j);
            synchronized (this) { // the node's own lock: its samples read and reset these
                j.stats = stats(j.run.plan().name(), j.component.name());
                j.stats.queueMax = Math.max(j.stats.queueMax, ++j.stats.waiting);
            }
            ready.add(j);
            reschedule();
        }

        int priorityOf(Job j) {
            Integer p = j.run.plan().settingsOf(j.component.name()).priority();
            return p == null ? 0 : p;
        }

        /** Charge the running job for the time it ran since it was dispatched. */
        synchronized void account() {
            if (running != null) {
                long ran = now() - runningSince;
                running.remainingUs -= ran;
                busyUs += ran;
                running.stats.busyUs += ran;
                runningSince = now();
            }
        }

        synchronized void reschedule() {
            account();
            if (running != null) ready.add(running);
            running = ready.poll();
            long token = ++dispatch;
            if (running == null) return;
            runningSince = now();
            Job j = running;
            events.push(now() + j.remainingUs, EventQueue.MODEL, null, () -> {
                if (dispatch != token) return;
                synchronized (this) {
                    account();
                    running = null;
                }
                jobDone(this, j);
                if (running == null && dispatch == token) reschedule();
            });
        }

        void refreshPriorities(SimRun run) {
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

        synchronized void drop(SimRun run) {
            ready.removeIf(j -> j.run == run);
            if (running != null && running.run == run) {
                account();
                running = null;
                reschedule();
            }
            stats.keySet().removeIf(k -> k.startsWith(run.plan().name() + "/"));
        }
    }
}
