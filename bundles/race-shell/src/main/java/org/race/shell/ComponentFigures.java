package org.race.shell;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

import org.race.api.monitoring.ComponentSample;
import org.race.api.monitoring.JobTimes;
import org.race.api.monitoring.NodeSample;
import org.race.api.monitoring.SystemSnapshot;

/**
 * The per-component rows of {@code race:status -v}: what each component did in the last sampling window (its
 * CPU, jobs, CPU time per job, response time, input queue, failed and overrun jobs) and its CPU time per job
 * over its measurement window. Every component of one application, or the busiest {@value #TOP} of all, so that
 * a deployment of 10,000 components prints a screenful, chosen in one pass.
 */
final class ComponentFigures {
    static final int TOP = 20;

    private record Row(String node, ComponentSample c) {
    }

    /** {@code application} null: the {@value #TOP} components with the most CPU in the window, and how many were left out. */
    static String table(SystemSnapshot s, String application) {
        Comparator<Row> busiest = Comparator.comparingDouble((Row r) -> r.c().utilization());
        PriorityQueue<Row> top = new PriorityQueue<>(busiest);
        List<Row> mine = new ArrayList<>();
        int all = 0;
        for (NodeSample n : s.nodes()) {
            for (ComponentSample c : n.components()) {
                if (application != null) {
                    if (c.application().equals(application)) mine.add(new Row(n.node(), c));
                    continue;
                }
                all++;
                top.add(new Row(n.node(), c));
                if (top.size() > TOP) top.poll();
            }
        }
        if (application == null) {
            mine.addAll(top);
            mine.sort(busiest.reversed());
        }
        if (mine.isEmpty()) return application == null ? "no components measured\n" : "no component of " + application + " measured in the last window\n";
        Table t = new Table("application", "component", "node", "cpu", "jobs", "cpu/job max ms", "response mean ms", "response max ms", "queue max",
                "failed", "overruns", "cpu/job median ms", "p99 ms", "max ms", "over jobs");
        for (Row r : mine) {
            ComponentSample c = r.c();
            JobTimes w = c.jobCpu();
            boolean timed = w.jobs() > 0;
            t.row(c.application(), c.component(), r.node(), Table.pct(c.utilization()), c.jobs(), Table.num(c.maxJobCpuMs()), Table.num(c.meanResponseMs()),
                    Table.num(c.maxResponseMs()), c.maxQueueLength(), c.failures(), c.overruns(), timed ? Table.num(w.medianMs()) : null,
                    timed ? Table.num(w.p99Ms()) : null, timed ? Table.num(w.maxMs()) : null, w.jobs());
        }
        String more = application == null && all > mine.size()
                ? "(the " + mine.size() + " busiest of " + all + " components; race:status -v <application> lists one application's)\n" : "";
        return "components in the last window (cpu/job median, p99, max: over their measurement window):\n" + t + more;
    }
}
