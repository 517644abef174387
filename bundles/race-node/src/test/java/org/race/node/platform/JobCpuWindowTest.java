package org.race.node.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.race.api.monitoring.JobTimes;

class JobCpuWindowTest {
    @Test
    void bucketsCoverEveryValueAndRoundUpByLessThanASixteenth() {
        for (long v : new long[] { 0, 1, 15, 16, 17, 31, 32, 1000, 123_456, 5_000_000, 1L << 40, Long.MAX_VALUE / 2 }) {
            int b = JobCpuWindow.bucket(v);
            long up = JobCpuWindow.upperEdge(b);
            assertTrue(up >= v, v + " above its bucket's edge " + up);
            assertTrue(up - v <= v / 16, v + " rounded up to " + up);
            if (b > 0) assertTrue(JobCpuWindow.upperEdge(b - 1) < v, v + " belongs to an earlier bucket");
        }
    }

    @Test
    void quantilesOfSeededJobsAgainstTheSortedJobs() {
        JobCpuWindow w = new JobCpuWindow();
        SplittableRandom rnd = new SplittableRandom(7);
        long[] jobs = new long[5000];
        for (int i = 0; i < jobs.length; i++) {
            jobs[i] = 1_000_000 + (long) (rnd.nextDouble() * rnd.nextDouble() * 9_000_000); // 1-10 ms, skewed low
            w.add(jobs[i]);
        }
        Arrays.sort(jobs);
        JobTimes t = w.figures();
        assertEquals(jobs.length, t.jobs());
        assertEquals(jobs[jobs.length - 1] / 1e6, t.maxMs(), 1e-9);
        double median = jobs[jobs.length / 2 - 1] / 1e6, p99 = jobs[(int) Math.ceil(0.99 * jobs.length) - 1] / 1e6;
        assertTrue(t.medianMs() >= median && t.medianMs() <= median * 17 / 16, t.medianMs() + " against " + median);
        assertTrue(t.p99Ms() >= p99 && t.p99Ms() <= p99 * 17 / 16, t.p99Ms() + " against " + p99);
    }

    @Test
    void theWindowForgetsJobsOlderThanTwoHalves() {
        JobCpuWindow w = new JobCpuWindow();
        w.add(50_000_000); // one slow job, then fast ones for a while
        for (int window = 0; window < 2 * JobCpuWindow.HALF; window++) {
            w.add(1_000_000);
            JobTimes t = w.closeWindow();
            assertEquals(50.0, t.maxMs(), 1e-9, "window " + window + " still remembers the slow job");
        }
        w.add(1_000_000);
        JobTimes later = w.figures();
        assertEquals(1.0, later.maxMs(), 1e-9);
        assertEquals(JobCpuWindow.HALF + 1, later.jobs());
        assertEquals(JobTimes.NONE, new JobCpuWindow().closeWindow());
    }
}
