package org.race.api.analysis;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The analysis of a set of applications together: schedulable when every one's bound is within its deadline. */
public record AnalysisResult(boolean schedulable, List<ApplicationBound> applications) implements Serializable {
    public AnalysisResult {
        applications = List.copyOf(applications);
    }

    public Optional<ApplicationBound> application(String name) {
        return applications.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /** A figure in ms as users read it: whole when it is, else up to three decimals. */
    public static String ms(double v) {
        if (Double.isInfinite(v)) return "unbounded";
        if (v == Math.rint(v)) return String.valueOf((long) v);
        return String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "");
    }
}
