package org.race.api.monitoring;

import java.io.Serializable;

/**
 * One component over one sampling window: its share of the processor, the response times of its
 * jobs, and its resident memory where that is measured (a legacy component's, from /proc), else 0.
 * Where a platform runs the jobs on threads (jvm): {@code failures} (jobs whose code threw),
 * {@code overruns} (jobs of a typed component that used more CPU than its declared execution time
 * on its node), the longest its input queue was, and the most CPU time one job used; else 0.
 * {@code jobCpu}: the CPU time per job over the component's longer measurement window ({@link JobTimes}),
 * which admission may count instead of the declared execution time.
 */
public record ComponentSample(String application, String component, double utilization, long jobs,
        double meanResponseMs, double maxResponseMs, double memoryMb, long failures, long overruns, int maxQueueLength,
        double maxJobCpuMs, JobTimes jobCpu) implements Serializable {
    public ComponentSample {
        if (jobCpu == null) jobCpu = JobTimes.NONE;
    }

    /** Without the CPU time per job over the measurement window. */
    public ComponentSample(String application, String component, double utilization, long jobs, double meanResponseMs, double maxResponseMs,
            double memoryMb, long failures, long overruns, int maxQueueLength, double maxJobCpuMs) {
        this(application, component, utilization, jobs, meanResponseMs, maxResponseMs, memoryMb, failures, overruns, maxQueueLength, maxJobCpuMs,
                JobTimes.NONE);
    }

    /** Without the figures of jobs on threads. */
    public ComponentSample(String application, String component, double utilization, long jobs, double meanResponseMs, double maxResponseMs,
            double memoryMb) {
        this(application, component, utilization, jobs, meanResponseMs, maxResponseMs, memoryMb, 0, 0, 0, 0);
    }

    /** A component whose memory is not measured (RACE's own: they declare theirs). */
    public ComponentSample(String application, String component, double utilization, long jobs, double meanResponseMs, double maxResponseMs) {
        this(application, component, utilization, jobs, meanResponseMs, maxResponseMs, 0);
    }
}
