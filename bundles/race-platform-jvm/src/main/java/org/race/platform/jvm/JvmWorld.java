package org.race.platform.jvm;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import org.race.api.component.ComponentType;
import org.race.api.model.Component;
import org.race.api.model.Connection;
import org.race.api.model.Delivery;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;
import org.race.api.monitoring.NodeSample;
import org.race.api.monitoring.QosSample;
import org.race.node.platform.AppGraph;
import org.race.node.platform.Courier;
import org.race.node.platform.Execution;
import org.race.node.platform.Iteration;
import org.race.node.platform.NodeRuntime;
import org.race.node.platform.PlatformCore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nodes of the domain hosted in this JVM, on real threads: one worker thread per component
 * instance takes jobs from its queue and burns the job's execution time (executionTime x workload /
 * node cpu) as its own CPU time, so being preempted does not shorten the work. One release timer
 * per application runs what the {@link PlatformCore} schedules (releases, deadline checks, outputs
 * delayed by their link); iterations, deliveries and QoS are the core's, as on the {@code sim}
 * platform. Times are {@link System#nanoTime()}.
 *
 * <p>A component that names a type runs the type's code instead ({@link Worker.Instance}): its job gets
 * the payloads its predecessors of the same iteration emitted to it, kept here per iteration and
 * component until its job is queued; those of predecessors in other containers come with their
 * deliveries. Counting and sampling are {@link Accounting}'s.
 *
 * <p>One lock, {@code state}, guards the model and is held only briefly; threads are started under
 * it but stopped, joined and given OS priorities (which runs processes) outside it. Priority changes
 * are serialised by {@code actuation} (taken before {@code state}), so the OS ends up with the last.
 */
final class JvmWorld implements NodeRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(JvmWorld.class);

    private final Object state = new Object();
    private final Object actuation = new Object();
    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    private final PlatformCore<JvmRun> core = new PlatformCore<>(new Threads(), TimeUnit.NANOSECONDS, "no node '%s' on this jvm platform");
    private final Accounting accounting = new Accounting();
    private final Links links = new Links();
    private final InstalledTypes types;
    private final Worker.Failures failures;
    private Predicate<String> hostedHere = n -> true;
    private volatile double workload;
    /** The largest payload over a connection whose descriptor gives none (PID race.jvm, maxPayloadBytes); for deployments from now on. */
    private volatile int payloadLimit = JvmPlatform.DEFAULT_PAYLOAD_LIMIT;
    private OsPriorities priorities;

    JvmWorld(double workload, OsPriorities priorities) {
        this(workload, priorities, new InstalledTypes(), (w, n, last) -> {
        });
    }

    /** With the component types that typed components run, and where failed jobs are reported. */
    JvmWorld(double workload, OsPriorities priorities, InstalledTypes types, Worker.Failures failures) {
        this.types = types;
        this.failures = failures;
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

    void usePayloadLimit(int bytes) {
        payloadLimit = bytes;
    }

    /** Which nodes this container hosts, and how deliveries reach the others. */
    void connect(Predicate<String> hosted, Courier remote) {
        synchronized (state) {
            core.connect(hosted, remote);
            hostedHere = hosted;
        }
    }

    /** Replace the hosted nodes; refused while any application runs on them. */
    void setDomain(Domain domain) {
        synchronized (state) {
            long now = System.nanoTime();
            core.setDomain(domain, now);
            accounting.setNodes(domain.nodes(), now);
            links.bestEffortShare(domain.bestEffortShare());
        }
    }

    // ---------------------------------------------------------------- hosting

    @Override
    public void deploy(String node, DeploymentPlan plan) {
        synchronized (actuation) {
            // the user's activate runs outside the state lock: it may take its time
            Map<String, Worker.Instance> instances = TypedInstances.activate(types, node, host(node).node.capacity().cpu(), plan, payloadLimit);
            List<PriorityChange> started;
            try {
                started = start(node, plan, instances);
            } catch (RuntimeException e) {
                TypedInstances.deactivate(instances.values());
                throw e;
            }
            applyPriorities(started);
        }
    }

    /**
     * The service used for type {@code name} may have changed (a new version of its bundle): every
     * instance of it activated from another switches before its next job.
     */
    void typeChanged(String name) {
        ComponentType current = types.get(name);
        if (current == null) return; // gone: the instances keep their code until the engine stops their applications
        synchronized (state) {
            for (JvmRun run : core.runs()) {
                for (Worker w : run.workers.values()) {
                    Worker.Instance i = w.instance;
                    if (i != null && i.type().equals(name) && i.from() != current) w.switchTo(current);
                }
            }
        }
    }

    /** Start this node's workers (the releases start when every node is there); returns their configured priorities. */
    private List<PriorityChange> start(String node, DeploymentPlan plan, Map<String, Worker.Instance> instances) {
        List<PriorityChange> started = new ArrayList<>();
        synchronized (state) {
            JvmRun run = core.deploy(node, plan);
            // the releases wait for the state lock, so the workers are there before the first job
            for (Component c : plan.application().components()) {
                if (!node.equals(plan.placement().nodeOf().get(c.name()))) continue;
                Worker w = new Worker(mx, node, plan.name(), c.name(), plan.settingsOf(c.name()).priority(), instances.get(c.name()), failures);
                run.workers.put(c.name(), w);
                w.thread.start();
                if (w.priority != null) started.add(new PriorityChange(w, w.priority));
            }
        }
        return started;
    }

    @Override
    public void update(String node, DeploymentPlan plan) {
        synchronized (actuation) {
            List<PriorityChange> changed;
            synchronized (state) {
                changed = takePriorities(core.update(node, plan), node);
            }
            applyPriorities(changed);
        }
    }

    @Override
    public void undeploy(String node, String app) {
        ScheduledThreadPoolExecutor timer;
        List<Worker> stopping = new ArrayList<>();
        Accounting.Host h;
        synchronized (state) {
            JvmRun run = core.undeploy(node, app);
            if (run == null) return;
            h = host(node);
            timer = run.stopTimer();
            run.workers.values().removeIf(w -> {
                if (!w.node.equals(node)) return false;
                stopping.add(w);
                return true;
            });
        }
        stop(timer, stopping);
        synchronized (state) {
            Accounting.retired(h, stopping);
        }
    }

    @Override
    public List<String> applications(String node) {
        synchronized (state) {
            return core.applications(node);
        }
    }

    /** Change a component's (or, with component null, all of an application's) priority on one node, on its OS thread too. */
    @Override
    public void setPriority(String node, String app, String component, int priority) {
        synchronized (actuation) {
            List<PriorityChange> changed;
            synchronized (state) {
                changed = takePriorities(core.changeSettings(node, app, component, s -> s.withPriority(priority)), node);
            }
            applyPriorities(changed);
        }
    }

    @Override
    public void setPriorityClass(String node, String app, String component, String priorityClass) {
        synchronized (state) {
            core.changeSettings(node, app, component, s -> s.withPriorityClass(priorityClass));
        }
    }

    @Override
    public void setPeriod(String node, String app, double periodMs) {
        synchronized (state) {
            core.setPeriod(node, app, periodMs);
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
        long epoch = Courier.epochMicros();
        synchronized (state) {
            core.deliver(node, deliveries, epoch);
        }
    }

    /** Switch the priority mechanism: every thread goes back to the OS default under the old one, then gets its priority under the new. */
    void usePriorities(OsPriorities next) {
        synchronized (actuation) {
            OsPriorities old;
            List<PriorityChange> workers = new ArrayList<>();
            List<JvmRun> runs;
            synchronized (state) {
                old = priorities;
                priorities = next;
                runs = List.copyOf(core.runs());
                for (JvmRun r : runs) r.workers.values().forEach(w -> workers.add(new PriorityChange(w, w.priority)));
            }
            for (PriorityChange c : workers) {
                old.apply(c.worker().thread, c.worker().tid(), null);
                if (c.priority() != null) next.apply(c.worker().thread, c.worker().tid(), c.priority());
            }
            for (JvmRun r : runs) {
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
            for (JvmRun r : core.undeployAll()) {
                timers.add(r.stopTimer());
                workers.addAll(r.workers.values());
            }
        }
        timers.forEach(t -> stop(t, List.of()));
        stop(null, workers);
    }

    private OsPriorities priorities() {
        synchronized (state) {
            return priorities;
        }
    }

    /** The workers on {@code node} whose configured priority differs from the one their thread has; records the new one. */
    private List<PriorityChange> takePriorities(JvmRun run, String node) {
        List<PriorityChange> changed = new ArrayList<>();
        for (Worker w : run.workers.values()) {
            Integer p = run.plan().settingsOf(w.component).priority();
            if (w.node.equals(node) && !Objects.equals(p, w.priority)) {
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
                if (!timer.awaitTermination(Worker.STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS)) LOG.warn("a release timer did not stop within {} ms", Worker.STOP_TIMEOUT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workers.forEach(Worker::stop);
        for (Worker w : workers) {
            try {
                w.thread.join(Worker.STOP_TIMEOUT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (w.thread.isAlive()) LOG.warn("worker {} did not stop within {} ms", w.thread.getName(), Worker.STOP_TIMEOUT_MS);
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
            long window = now - core.qosWindowStart(node);
            Map<String, Double> util = Map.of("cpu", cpuUtilization(node), "memory", memoryUtilization(node),
                    "bandwidth", bandwidthUtilization(node));
            QosSample q = qos(node);
            return new NodeSample(node, now / 1_000_000, window / 1_000_000, util, q.components(), q.applications());
        }
    }

    /** The busy fraction of the node's processor since the previous call (see {@link Accounting#cpuUtilization}). */
    @Override
    public double cpuUtilization(String node) {
        synchronized (state) {
            return accounting.cpuUtilization(node, workersOn(node), System.nanoTime());
        }
    }

    @Override
    public double memoryUtilization(String node) {
        synchronized (state) {
            return core.memoryUtilization(node);
        }
    }

    @Override
    public double bandwidthUtilization(String node) {
        synchronized (state) {
            return core.bandwidthUtilization(node);
        }
    }

    /** Component figures and the QoS of the applications this node reports, since the previous call. */
    @Override
    public QosSample qos(String node) {
        synchronized (state) {
            return core.qos(node, window -> Accounting.components(workersOn(node), window));
        }
    }

    private List<Worker> workersOn(String node) {
        List<Worker> out = new ArrayList<>();
        for (JvmRun run : core.runsOn(node)) {
            for (Component c : run.plan().application().components()) {
                Worker w = run.workers.get(c.name());
                if (w != null && w.node.equals(node)) out.add(w);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- the model

    /** The core's side of the threads: its tasks run on the application's release timer, its jobs on the workers. */
    private final class Threads implements Execution<JvmRun> {
        @Override
        public JvmRun newRun(DeploymentPlan plan, AppGraph graph) {
            return new JvmRun(plan, graph, JvmWorld.this::priorities);
        }

        @Override
        public long now() {
            return System.nanoTime();
        }

        @Override
        public void schedule(JvmRun run, long time, boolean deadline, Runnable task) {
            long generation = run.generation();
            run.timer.schedule(() -> {
                synchronized (state) {
                    if (run.current(generation)) task.run();
                }
            }, time - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public void started(JvmRun run) {
            run.payloads.clear(); // what a stopped generation emitted never arrives
            run.startTimer();
        }

        @Override
        public void start(JvmRun run, Iteration it, Component c, long released) {
            Worker w = run.workers.get(c.name());
            long generation = run.generation();
            long cpu = 0;
            Map<String, byte[]> inputs = Map.of();
            if (w.instance == null) {
                cpu = Math.max(1, Math.round(c.executionTimeMs() * workload / host(w.node).node.capacity().cpu() * 1e6));
            } else {
                inputs = run.payloads.take(it.id(), c.name());
            }
            w.queue.add(new Worker.Job(it.id(), released, System.nanoTime(), cpu, inputs, (end, used, outputs, failure) -> jobDone(w, run, generation, it, released, end, used, outputs, failure)));
            w.queueMax = Math.max(w.queueMax, w.queue.size());
        }

        /** A payload from another container: it waits for its successor's job like one emitted here. */
        @Override
        public void received(JvmRun run, Iteration it, String from, String to, byte[] payload) {
            run.payloads.keep(it.id(), from, to, payload);
        }

        @Override
        public Transfer transfer(JvmRun run, Connection k, String from, String to, Iteration it, long end) {
            String connection = run.plan().name() + "/" + k.from() + "->" + k.to();
            double megabits = links.megabits(connection, core.megabitsPerPeriod(run, k));
            long arrival = links.arrival(end, it.released(), connection, from, k.bandwidth(), run.period(), megabits,
                    host(from).node.capacity().bandwidth(), core.linkMbps(from, to), core.linkLatency());
            return new Transfer(megabits, arrival - end);
        }
    }

    /**
     * Called by the worker when a job of {@code it}, released at {@code released}, is done at {@code end}:
     * its outputs wait for their successors' jobs here or travel with the deliveries to other containers,
     * and the iteration goes on (a failed job emitted nothing, but its successors still run); then the CPU
     * it used ({@code cpuUsed}) is counted.
     */
    private void jobDone(Worker w, JvmRun run, long generation, Iteration it, long released, long end, LongSupplier cpuUsed,
            Map<String, byte[]> outputs, Throwable failure) {
        synchronized (state) {
            if (!outputs.isEmpty() && run.current(generation)) {
                run.payloads.keep(it.id(), w.component, outputs, successor -> hostedHere.test(run.graph().nodeOf(successor)));
            }
            core.jobDone(run, generation, it, w.component, end, outputs);
            // the successors' jobs are queued: reading the CPU clock (a system call) no longer delays them
            Accounting.jobDone(w, end - released, cpuUsed.getAsLong(), failure != null);
        }
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

    private Accounting.Host host(String node) {
        return accounting.host(node);
    }

    private record PriorityChange(Worker worker, Integer priority) {
    }

}
