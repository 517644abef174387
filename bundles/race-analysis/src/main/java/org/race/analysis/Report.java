package org.race.analysis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.race.api.analysis.AnalysisResult;
import org.race.api.analysis.ApplicationBound;
import org.race.api.analysis.ComponentResponse;
import org.race.api.analysis.Interference;
import org.race.api.model.DeploymentPlan;

/** The analysed model as result records: bounds, critical paths and what interferes on them. */
final class Report {
    private static final double EPS = 1e-9;

    private Report() {
    }

    static AnalysisResult of(Model model, Holistic holistic) {
        List<ApplicationBound> apps = new ArrayList<>();
        boolean all = true;
        for (Map.Entry<DeploymentPlan, Map<String, Task>> e : model.byPlan.entrySet()) {
            ApplicationBound b = bound(e.getKey(), e.getValue(), holistic);
            all &= b.schedulable();
            apps.add(b);
        }
        return new AnalysisResult(all, apps);
    }

    private static ApplicationBound bound(DeploymentPlan plan, Map<String, Task> tasks, Holistic holistic) {
        List<ComponentResponse> comps = new ArrayList<>();
        Task worstSink = null;
        for (Task t : tasks.values()) {
            comps.add(new ComponentResponse(t.name, t.node, t.priority, round(t.wcetMs), finite(t.response)));
            if (t.sink && (worstSink == null || t.response > worstSink.response)) worstSink = t;
        }
        double deadline = plan.application().deadlineMs();
        if (worstSink == null) return new ApplicationBound(plan.name(), 0.0, deadline, true, List.of(), null, List.of(), comps);
        List<Task> path = criticalPath(worstSink);
        Task critical = mostDelayed(path);
        Double bound = finite(worstSink.response);
        return new ApplicationBound(plan.name(), bound, deadline, bound != null && bound <= deadline + EPS,
                path.stream().map(t -> t.name).toList(), critical.node, interference(critical, holistic), comps);
    }

    /** Back from the sink, through the input whose output arrived last. */
    private static List<Task> criticalPath(Task sink) {
        List<Task> path = new ArrayList<>();
        for (Task t = sink; t != null;) {
            path.add(t);
            Task.Input last = null;
            for (Task.Input in : t.inputs) {
                if (last == null || in.from().response + in.delayMs() > last.from().response + last.delayMs()) last = in;
            }
            t = last == null || path.contains(last.from()) ? null : last.from();
        }
        Collections.reverse(path);
        return path;
    }

    /** The task on the path that waits most on its node (the first unbounded one when there is one). */
    private static Task mostDelayed(List<Task> path) {
        Task worst = path.get(0);
        double most = -1;
        for (Task t : path) {
            double waited = t.response - t.arrival - t.wcetMs;
            if (Double.isInfinite(t.response)) return t;
            if (waited > most) {
                most = waited;
                worst = t;
            }
        }
        return worst;
    }

    private static List<Interference> interference(Task t, Holistic holistic) {
        List<Interference> out = new ArrayList<>();
        if (Double.isInfinite(t.window)) return out;
        for (Task j : holistic.ahead(t)) {
            long n = BusyWindow.jobs(t.window + j.jitter(), j.periodMs);
            if (n > 0) out.add(new Interference(j.application, j.name, n, round(j.wcetMs)));
        }
        return out;
    }

    private static Double finite(double v) {
        return Double.isInfinite(v) || Double.isNaN(v) ? null : round(v);
    }

    /** To the platforms' microsecond, so figures read as users wrote them. */
    private static double round(double ms) {
        return Math.round(ms * 1e6) / 1e6;
    }
}
