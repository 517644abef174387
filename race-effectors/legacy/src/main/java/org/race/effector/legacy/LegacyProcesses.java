package org.race.effector.legacy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.race.api.LegacyComponent;
import org.race.api.RoleProperties;
import org.race.api.model.Importance;
import org.race.api.monitoring.ComponentSample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unmodified OS processes under RACE (paper 002's legacy servers, as components): each adopted
 * process is monitored from /proc (CPU time, resident memory, nice) and has an effector that sets
 * its nice value, from its criticality or explicitly, and a CPU quota through cgroup v2 where this
 * machine allows it, else a nice value derived from the quota. What was used and why is logged.
 * Each adopted process is a component of a node: registered as a {@link LegacyComponent} with the
 * node's name, it is in that node's samples and counts in what allocators see as used there.
 */
@Component(service = LegacyProcesses.class)
public class LegacyProcesses {
    private static final Logger LOG = LoggerFactory.getLogger(LegacyProcesses.class);

    /** Criticality to nice: high runs first, low yields to everything else. */
    static int nice(Importance criticality) {
        return switch (criticality) {
            case HIGH -> -10;
            case MEDIUM -> 0;
            case LOW -> 10;
        };
    }

    /** The nice value that stands in for a quota of {@code cpus} processors: none (0) at one processor or more, 19 near none. */
    static int niceForQuota(double cpus) {
        return (int) Math.round(19 * (1 - Math.min(1, cpus)));
    }

    /**
     * The node's samples read cpu over at least this much wall time, apart from race:adopted's
     * window: the sim platform's periods may pass in microseconds, and /proc counts in 10 ms ticks.
     */
    static final long MIN_WINDOW_NANOS = 250_000_000;

    private final class Adopted implements LegacyComponent {
        final String name;
        final long pid;
        final String node;
        final double cpus;
        final Importance criticality;
        final int originalNice;
        long lastTicks, lastNanos;
        /** The node's window: ticks and time at its start, and the cpu of the last full one (before one: since the process started). */
        long nodeTicks, nodeNanos;
        double nodeCpu;
        ServiceRegistration<LegacyComponent> registration;
        /** The cgroup v2 quota applied, or null. */
        String quota;
        /** The nice value set and why. */
        String nice;
        Path group;

        Adopted(String name, long pid, String node, Importance criticality, double cpus, ProcessStat stat, double lifetimeCpu) {
            this.name = name;
            this.pid = pid;
            this.node = node;
            this.criticality = criticality;
            this.cpus = cpus;
            this.originalNice = stat.nice();
            this.lastTicks = this.nodeTicks = stat.cpuTicks();
            this.lastNanos = this.nodeNanos = System.nanoTime();
            this.nodeCpu = lifetimeCpu;
        }

        String limit() {
            return (quota == null ? "" : quota + ", ") + nice;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public double reservedCpu() {
            return cpus;
        }

        /**
         * Processors busy over the last full window (until one has passed, its average since it
         * started), resident memory now; a process that ended is released.
         */
        @Override
        public ComponentSample sample() {
            ProcessStat s;
            try {
                s = ProcessStat.read(proc, pid);
            } catch (IOException gone) {
                released(this);
                return new ComponentSample(APPLICATION, name, 0, 0, 0, 0, 0);
            }
            synchronized (this) {
                long now = System.nanoTime();
                if (now - nodeNanos >= MIN_WINDOW_NANOS) {
                    nodeCpu = (s.cpuTicks() - nodeTicks) / ProcessStat.TICKS_PER_SECOND / ((now - nodeNanos) / 1e9);
                    nodeTicks = s.cpuTicks();
                    nodeNanos = now;
                }
                return new ComponentSample(APPLICATION, name, nodeCpu, 0, 0, 0, s.rssKb() / 1024.0);
            }
        }
    }

    private final Path proc;
    /** Found out on the first quota asked for, so that a container that adopts nothing touches no cgroup. */
    private CpuQuota.Probe quotas;
    private final Map<String, Adopted> adopted = new LinkedHashMap<>();
    /** Where adopted processes are registered as LegacyComponents; null in unit tests. */
    private BundleContext context;

    @Activate
    public LegacyProcesses(BundleContext context) {
        this(Path.of("/proc"), null);
        this.context = context;
    }

    /** @param quotas what {@link CpuQuota#probe} would say (tests), null to probe this machine when a quota is first asked for */
    LegacyProcesses(Path proc, CpuQuota.Probe quotas) {
        this.proc = proc;
        this.quotas = quotas;
    }

    private CpuQuota.Probe quotas() {
        if (quotas == null) {
            try {
                quotas = CpuQuota.probe(ProcessStat.text(Path.of("/proc/self/mounts")), Path.of("/"));
            } catch (IOException e) {
                quotas = new CpuQuota.Probe(null, "/proc/self/mounts cannot be read (" + e + ")");
            }
            if (quotas.usable()) LOG.info("adopted processes: CPU quotas through {}", quotas.why());
            else LOG.warn("adopted processes: no CPU quotas, nice values instead: {}", quotas.why());
        }
        return quotas;
    }

    /**
     * Puts process {@code pid} under RACE as component {@code name} of {@code node}: nice from its
     * criticality, and a CPU quota of {@code cpus} processors if {@code cpus > 0}, which allocators
     * see reserved on the node. Nothing changes when the input is bad.
     */
    public synchronized AdoptedSample adopt(long pid, String name, String node, Importance criticality, double cpus) throws IOException {
        if (!name.matches("[A-Za-z0-9_.-]+")) throw new IllegalArgumentException("race:adopt: name '" + name + "' must be letters, digits, _ . or -");
        if (adopted.containsKey(name)) throw new IllegalArgumentException("race:adopt: a component '" + name + "' is already adopted (process " + adopted.get(name).pid + ")");
        for (Adopted a : adopted.values()) {
            if (a.pid == pid) throw new IllegalArgumentException("race:adopt: process " + pid + " is already adopted as '" + a.name + "'");
        }
        if (cpus < 0 || Double.isNaN(cpus)) throw new IllegalArgumentException("race:adopt: --cpu must be > 0 processors, was " + cpus);
        ProcessStat stat;
        try {
            stat = ProcessStat.read(proc, pid);
        } catch (IOException e) {
            throw new IllegalArgumentException("race:adopt: " + e.getMessage());
        }
        double lifetimeCpu;
        try {
            lifetimeCpu = stat.lifetimeCpu(ProcessStat.uptimeSeconds(proc));
        } catch (IOException | RuntimeException e) {
            lifetimeCpu = 0; // no figure until its first window
        }
        Adopted a = new Adopted(name, pid, node, criticality, cpus, stat, lifetimeCpu);
        int nice = nice(criticality);
        a.nice = "nice " + nice + " (criticality " + criticality.label() + ")";
        String noQuota = cpus > 0 ? quotas().why() : null;
        if (cpus > 0 && quotas().usable()) {
            try {
                a.group = CpuQuota.apply(quotas().root(), name, pid, cpus);
                a.quota = "cgroup v2 cpu.max " + Math.round(cpus * CpuQuota.PERIOD_US) + " " + CpuQuota.PERIOD_US + " in " + a.group;
            } catch (IOException e) {
                noQuota = "cgroup v2 refused (" + e.getMessage() + ")";
            }
        }
        if (cpus > 0 && a.quota == null) {
            nice = Math.max(nice, niceForQuota(cpus));
            a.nice = "nice " + nice + " in place of a quota of " + cpus + " cpus: " + noQuota;
        }
        renice(a, nice);
        adopted.put(name, a);
        if (context != null) {
            Hashtable<String, Object> props = new Hashtable<>();
            props.put(RoleProperties.NODE, node);
            props.put(RoleProperties.NAME, name);
            a.registration = context.registerService(LegacyComponent.class, a, props);
        }
        LOG.info("adopted process {} as component {} of node {}: {}", pid, name, node, a.limit());
        return new AdoptedSample(name, pid, node, criticality, 0, stat.rssKb() / 1024.0, ProcessStat.read(proc, pid).nice(), a.limit());
    }

    /** The node's view of an adopted component (what is registered as its LegacyComponent). */
    synchronized LegacyComponent component(String name) {
        return get(name);
    }

    /** The effector: a nice value for an adopted component. */
    public synchronized void nice(String name, int nice) {
        Adopted a = get(name);
        renice(a, nice);
        a.nice = "nice " + nice + " (set by the effector)";
    }

    /** Readings of every adopted process since the previous ones; a process that ended is reported and released. */
    public synchronized List<AdoptedSample> sample() {
        List<AdoptedSample> samples = new ArrayList<>();
        for (Adopted a : List.copyOf(adopted.values())) {
            try {
                ProcessStat s = ProcessStat.read(proc, a.pid);
                long now = System.nanoTime();
                double cpu = (s.cpuTicks() - a.lastTicks) / ProcessStat.TICKS_PER_SECOND / ((now - a.lastNanos) / 1e9);
                a.lastTicks = s.cpuTicks();
                a.lastNanos = now;
                samples.add(new AdoptedSample(a.name, a.pid, a.node, a.criticality, cpu, s.rssKb() / 1024.0, s.nice(), a.limit()));
            } catch (IOException gone) {
                released(a);
            }
        }
        return samples;
    }

    private synchronized void released(Adopted a) {
        if (adopted.get(a.name) != a) return; // released already
        LOG.info("adopted component {}: process {} ended, released", a.name, a.pid);
        abandon(a.name);
    }

    /** Gives the process back: its original nice, out of its quota group. */
    public synchronized void abandon(String name) {
        Adopted a = get(name);
        adopted.remove(name);
        if (a.registration != null) {
            try {
                a.registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping and the framework got there first
            }
        }
        if (a.group != null) {
            try {
                CpuQuota.release(quotas().root(), a.group, a.pid);
            } catch (IOException e) {
                LOG.warn("adopted component {}: removing {} failed: {}", name, a.group, e.toString());
            }
        }
        if (Path.of(proc.toString(), Long.toString(a.pid)).toFile().exists()) renice(a, a.originalNice);
    }

    @Deactivate
    synchronized void deactivate() {
        for (String name : List.copyOf(adopted.keySet())) abandon(name);
    }

    private Adopted get(String name) {
        Adopted a = adopted.get(name);
        if (a == null) throw new IllegalArgumentException("no adopted component '" + name + "' (adopted: " + adopted.keySet() + ")");
        return a;
    }

    /** renice; a refusal (lowering nice without CAP_SYS_NICE) is logged, as for RACE's own threads. */
    private static void renice(Adopted a, int nice) {
        try {
            Process p = new ProcessBuilder("renice", "-n", Integer.toString(nice), "-p", Long.toString(a.pid)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) LOG.warn("adopted component {}: renice {} of process {} refused: {}", a.name, nice, a.pid, out);
        } catch (IOException e) {
            LOG.warn("adopted component {}: renice not available: {}", a.name, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
