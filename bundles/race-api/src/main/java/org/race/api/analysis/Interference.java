package org.race.api.analysis;

import java.io.Serializable;

/** A job that delays a component on its node: {@code jobs} of it, {@code wcetMs} each, in the worst case. */
public record Interference(String application, String component, long jobs, double wcetMs) implements Serializable {
    @Override
    public String toString() {
        return application + "/" + component + " " + jobs + " x " + AnalysisResult.ms(wcetMs) + " ms";
    }
}
