package org.race.jmx;

import javax.management.ConstructorParameters;

import org.race.api.monitoring.ComponentSample;

/**
 * One component as measured in the last sampling window on its node, as race:status -v shows it: its cpu (a
 * fraction of the node), jobs, the most CPU a job used, mean and max response time, longest input queue, failed
 * and overrun jobs; and its CPU time per job over its measurement window (jobs, median, p99, max: what
 * race:exectimes counts). An MXBean maps it to CompositeData.
 */
public final class ComponentMeasured {
    private final String name, node;
    private final double cpu, maxJobCpuMs, meanResponseMs, maxResponseMs, jobCpuMedianMs, jobCpuP99Ms, jobCpuMaxMs;
    private final long jobs, failures, overruns, jobCpuJobs;
    private final int maxQueueLength;

    @ConstructorParameters({ "name", "node", "cpu", "jobs", "maxJobCpuMs", "meanResponseMs", "maxResponseMs", "maxQueueLength", "failures", "overruns",
            "jobCpuJobs", "jobCpuMedianMs", "jobCpuP99Ms", "jobCpuMaxMs" })
    public ComponentMeasured(String name, String node, double cpu, long jobs, double maxJobCpuMs, double meanResponseMs, double maxResponseMs,
            int maxQueueLength, long failures, long overruns, long jobCpuJobs, double jobCpuMedianMs, double jobCpuP99Ms, double jobCpuMaxMs) {
        this.name = name;
        this.node = node;
        this.cpu = cpu;
        this.jobs = jobs;
        this.maxJobCpuMs = maxJobCpuMs;
        this.meanResponseMs = meanResponseMs;
        this.maxResponseMs = maxResponseMs;
        this.maxQueueLength = maxQueueLength;
        this.failures = failures;
        this.overruns = overruns;
        this.jobCpuJobs = jobCpuJobs;
        this.jobCpuMedianMs = jobCpuMedianMs;
        this.jobCpuP99Ms = jobCpuP99Ms;
        this.jobCpuMaxMs = jobCpuMaxMs;
    }

    static ComponentMeasured of(String node, ComponentSample c) {
        return new ComponentMeasured(c.component(), node, c.utilization(), c.jobs(), c.maxJobCpuMs(), c.meanResponseMs(), c.maxResponseMs(),
                c.maxQueueLength(), c.failures(), c.overruns(), c.jobCpu().jobs(), c.jobCpu().medianMs(), c.jobCpu().p99Ms(), c.jobCpu().maxMs());
    }

    public String getName() {
        return name;
    }

    public String getNode() {
        return node;
    }

    public double getCpu() {
        return cpu;
    }

    public long getJobs() {
        return jobs;
    }

    public double getMaxJobCpuMs() {
        return maxJobCpuMs;
    }

    public double getMeanResponseMs() {
        return meanResponseMs;
    }

    public double getMaxResponseMs() {
        return maxResponseMs;
    }

    public int getMaxQueueLength() {
        return maxQueueLength;
    }

    public long getFailures() {
        return failures;
    }

    public long getOverruns() {
        return overruns;
    }

    public long getJobCpuJobs() {
        return jobCpuJobs;
    }

    public double getJobCpuMedianMs() {
        return jobCpuMedianMs;
    }

    public double getJobCpuP99Ms() {
        return jobCpuP99Ms;
    }

    public double getJobCpuMaxMs() {
        return jobCpuMaxMs;
    }
}
