package org.race.platform.jvm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.race.api.model.Node;
import org.race.api.monitoring.ComponentSample;

/**
 * What the jvm platform counts per worker and per node, and the windows its monitors close: each node's
 * CPU (its workers' thread CPU time) and each worker's component figures. Guarded by the world's state
 * lock, as the workers' counters are.
 */
final class Accounting {
    /** One node of the domain hosted here: its processor's CPU window. */
    static final class Host {
        final Node node;
        /** CPU of workers stopped since the last cpu sample. */
        long retiredCpu;
        long cpuWindowStart;

        Host(Node node, long now) {
            this.node = node;
            cpuWindowStart = now;
        }
    }

    private final Map<String, Host> hosts = new LinkedHashMap<>();

    /** The domain's nodes, their windows starting at {@code now}. */
    void setNodes(List<Node> nodes, long now) {
        hosts.clear();
        for (Node n : nodes) hosts.put(n.name(), new Host(n, now));
    }

    Host host(String node) {
        Host h = hosts.get(node);
        if (h == null) throw new IllegalStateException("no node '" + node + "' on this jvm platform");
        return h;
    }

    /** A job of {@code w} ended {@code response} after its release, having used {@code cpu}. */
    static void jobDone(Worker w, long response, long cpu, boolean failed) {
        w.jobs++;
        w.responseSumNanos += response;
        w.responseMaxNanos = Math.max(w.responseMaxNanos, response);
        w.jobCpuMaxNanos = Math.max(w.jobCpuMaxNanos, cpu);
        w.jobCpu.add(cpu);
        if (failed) w.failed++;
        if (w.instance != null && w.instance.budgetNanos() > 0 && cpu > w.instance.budgetNanos()) w.overruns++;
    }

    /** Workers stopped on {@code h}: the CPU they burnt since the last cpu sample still belongs to that window. */
    static void retired(Host h, List<Worker> stopped) {
        for (Worker w : stopped) h.retiredCpu += w.cpuNanos() - w.cpuSeenByCpu;
    }

    /**
     * CPU time {@code node}'s workers used since the previous call, over the window: the busy fraction of
     * the emulated node's processor, as on the sim. Capacity is already in the execution times (a node
     * twice as fast burns half the CPU per job), so it is not divided by again.
     */
    double cpuUtilization(String node, List<Worker> workers, long now) {
        Host h = host(node);
        long cpu = h.retiredCpu;
        h.retiredCpu = 0;
        for (Worker w : workers) {
            long c = w.cpuNanos();
            cpu += c - w.cpuSeenByCpu;
            w.cpuSeenByCpu = c;
        }
        double u = cpu / (double) Math.max(1, now - h.cpuWindowStart);
        h.cpuWindowStart = now;
        return u;
    }

    /** The workers' figures over a window of {@code window} ns, since the previous call. */
    static List<ComponentSample> components(List<Worker> workers, long window) {
        List<ComponentSample> comps = new ArrayList<>();
        for (Worker w : workers) {
            long c = w.cpuNanos();
            comps.add(new ComponentSample(w.app, w.component, (c - w.cpuSeenByQos) / (double) window, w.jobs,
                    w.jobs == 0 ? 0 : w.responseSumNanos / 1e6 / w.jobs, w.responseMaxNanos / 1e6, 0, w.failed, w.overruns,
                    Math.max(w.queueMax, w.queue.size()), w.jobCpuMaxNanos / 1e6, w.jobCpu.closeWindow()));
            w.cpuSeenByQos = c;
            w.jobs = w.responseSumNanos = w.responseMaxNanos = w.jobCpuMaxNanos = w.failed = w.overruns = 0;
            w.queueMax = 0;
        }
        return comps;
    }
}
