package org.race.api.analysis;

import java.io.Serializable;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One application's worst-case end-to-end latency ({@code boundMs}: the largest response over its sinks;
 * null when unbounded) against its deadline. {@code criticalPath} is the chain of components that gives
 * the bound, {@code criticalNode} the node on it where the most interference is met and
 * {@code interference} what interferes there.
 */
public record ApplicationBound(String name, Double boundMs, double deadlineMs, boolean schedulable, List<String> criticalPath,
        String criticalNode, List<Interference> interference, List<ComponentResponse> components) implements Serializable {
    public ApplicationBound {
        criticalPath = List.copyOf(criticalPath);
        interference = List.copyOf(interference);
        components = List.copyOf(components);
    }

    /** Why it is not schedulable, e.g. {@code beacon: worst-case 170 ms > deadline 150 ms on q1 (path tx; interference attitude/ctl 2 x 50 ms)}. */
    public String explain() {
        String bound = boundMs == null ? "unbounded (a node on its path is overloaded, or a response on it passes the cutoff of ten longest periods)" : AnalysisResult.ms(boundMs) + " ms";
        String rel = boundMs == null ? "" : boundMs > deadlineMs ? " > " : " <= ";
        return name + ": worst-case " + bound + (boundMs == null ? ", deadline " : rel + "deadline ") + AnalysisResult.ms(deadlineMs) + " ms"
                + (criticalNode == null ? "" : " on " + criticalNode) + " (path " + String.join(" -> ", criticalPath) + "; interference "
                + (interference.isEmpty() ? "none" : interference.stream().map(Interference::toString).collect(Collectors.joining(", "))) + ")";
    }
}
