package org.race.mms.components;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.race.api.component.ComponentInstance;

/** The science pipeline's types: their arithmetic against direct computations, and the whole chain into the archive. */
class ScienceTypesTest {
    @TempDir
    Path dir;

    @Test
    void statisticsAreTheTwoPassMeanAndPopulationVarianceWithExtremes() {
        Statistics s = Statistics.of(new int[] { 4, 1, 3, 2 });
        assertEquals(new Statistics(4, 2.5, 1.25, 1, 4), s);
        int[] big = new java.util.Random(7).ints(100_000, 1_000_000, 1_000_100).toArray();
        double mean = Arrays.stream(big).average().orElseThrow();
        double variance = Arrays.stream(big).mapToDouble(x -> (x - mean) * (x - mean)).sum() / big.length;
        Statistics b = Statistics.of(big);
        assertEquals(mean, b.mean(), 1e-6);
        assertEquals(variance, b.variance(), 1e-6 * variance); // one pass, yet no cancellation with large counts
        assertEquals(Arrays.stream(big).min().orElseThrow(), b.min());
        assertEquals(new Statistics(0, 0, 0, 0, 0), Statistics.of(new int[0]));
    }

    @Test
    void theSensorsFrameFollowsFromSeedAndIterationAlone() {
        Frame a = PlasmaSensor.frame("sc1", 7, 4096, 20, 0.001, 99), b = PlasmaSensor.frame("sc1", 7, 4096, 20, 0.001, 99);
        assertArrayEquals(a.counts(), b.counts());
        assertFalse(Arrays.equals(a.counts(), PlasmaSensor.frame("sc1", 8, 4096, 20, 0.001, 99).counts()));
        assertFalse(Arrays.equals(a.counts(), PlasmaSensor.frame("sc1", 7, 4096, 20, 0.001, 100).counts()));
        // Poisson around the peak: the largest channel mean is 20 x 1.05, the background 20 x 0.05
        int[] noSpikes = PlasmaSensor.frame("sc1", 0, 100_000, 20, 0, 1).counts();
        double mean = Arrays.stream(noSpikes).average().orElseThrow();
        assertTrue(mean > 2 && mean < 10, "mean " + mean);
        assertTrue(Arrays.stream(noSpikes).max().orElseThrow() < 60);
    }

    @Test
    void theSensorsChannelsFollowThePlatformsWorkloadAndItsSeed() throws Exception {
        PlasmaSensor type = new PlasmaSensor();
        type.configure(Map.of("workload", "0.5", "seed", "3"));
        ComponentInstance s = Harness.instance(type, null, "sensor", "filter", Map.of("channels", "1000"));
        Frame half = PlasmaSensor.FRAMES.decode(Harness.job(s, 0, null, null, "filter"));
        assertEquals(500, half.counts().length);
        type.configure(Map.of("workload", "1.0", "seed", "3"));
        Frame full = PlasmaSensor.FRAMES.decode(Harness.job(s, 0, null, null, "filter"));
        assertEquals(1000, full.counts().length);
        type.configure(Map.of("workload", "1.0", "seed", "4"));
        assertFalse(Arrays.equals(full.counts(), PlasmaSensor.FRAMES.decode(Harness.job(s, 0, null, null, "filter")).counts()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Harness.instance(type, null, "sensor", "filter", Map.of("channels", "many")));
        assertEquals("property channels: expected a whole number from 8 to 4194304, got 'many'", e.getMessage());
    }

    @Test
    void theFilterReplacesSpikesByTheMedianAroundThemAndLeavesTheRest() {
        int[] counts = new int[50];
        Arrays.fill(counts, 10);
        counts[5] = 11;
        counts[20] = 500; // a cosmic-ray hit
        counts[49] = 90; // at the edge: a shorter window
        Filtered f = Despike.filter(new Frame("sc1", 3, counts), 9, 5);
        assertEquals(2, f.spikes());
        assertEquals(10, f.counts()[20]);
        assertEquals(10, f.counts()[49]);
        assertEquals(11, f.counts()[5]); // within 5 deviations: kept
        assertEquals(Statistics.of(f.counts()), f.statistics());
        assertEquals(500, counts[20]); // the input is not changed
        assertEquals("property spikeSigma: expected a number from 0.1 to 1000000.0, got 'NaN'", assertThrows(IllegalArgumentException.class,
                () -> Harness.instance(new Despike(), "sensor", "filter", "analysis", Map.of("spikeSigma", "NaN"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Harness.instance(new Despike(), "sensor", "filter", "analysis", Map.of("window", "8")));
    }

    @Test
    void analysisMomentsHistogramAndPeakMatchDirectComputation() {
        int[] c = { 1, 2, 2, 3, 3, 3, 4, 4, 20 };
        Product p = Analysis.analyse(new Filtered("sc1", 1, c, 0, Statistics.of(c)), 4);
        double mean = Arrays.stream(c).average().orElseThrow(), m2 = 0, m3 = 0, m4 = 0;
        for (int x : c) {
            m2 += Math.pow(x - mean, 2) / c.length;
            m3 += Math.pow(x - mean, 3) / c.length;
            m4 += Math.pow(x - mean, 4) / c.length;
        }
        assertEquals(m3 / Math.pow(m2, 1.5), p.skewness(), 1e-9);
        assertEquals(m4 / (m2 * m2) - 3, p.kurtosis(), 1e-9);
        assertTrue(p.skewness() > 1); // one long tail
        assertEquals(8, p.peakChannel());
        // bins of 5 counts from 1: [1,6) [6,11) [11,16) [16,21)
        assertArrayEquals(new long[] { 8, 0, 0, 1 }, p.histogram());
        int[] symmetric = { 1, 2, 3, 4, 5 };
        assertEquals(0, Analysis.analyse(new Filtered("sc1", 1, symmetric, 0, Statistics.of(symmetric)), 5).skewness(), 1e-12);
    }

    @Test
    void compressionRoundTripsAndItsLevelMatters() throws Exception {
        byte[] json = Analysis.PRODUCTS.encode(Analysis.analyse(Despike.filter(PlasmaSensor.frame("sc1", 0, 20_000, 20, 0.001, 1), 9, 5), 32));
        byte[] fast = Compressor.gzip(json, 1), best = Compressor.gzip(json, 9);
        assertArrayEquals(json, Compressor.gunzip(new ByteArrayInputStream(fast)));
        assertArrayEquals(json, Compressor.gunzip(new ByteArrayInputStream(best)));
        assertTrue(best.length < fast.length, best.length + " bytes at level 9, " + fast.length + " at 1");
        assertTrue(best.length < json.length / 2);
        assertThrows(IllegalArgumentException.class, () -> Harness.instance(new Compressor(), "analysis", "compression", "communication", Map.of("level", "10")));
    }

    @Test
    void aTransferFrameCarriesItsDataAndRefusesDamage() {
        byte[] data = "some compressed product".getBytes(StandardCharsets.UTF_8);
        byte[] frame = Downlink.frame(42, data);
        Downlink.Transfer t = Downlink.open(frame);
        assertEquals(42, t.iteration());
        assertArrayEquals(data, t.data());
        frame[frame.length - 1] ^= 1;
        assertEquals("transfer of iteration 42: CRC-32 mismatch, data damaged", assertThrows(IllegalArgumentException.class, () -> Downlink.open(frame)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Downlink.open(Arrays.copyOf(frame, frame.length - 3))).getMessage()
                .contains("header says " + data.length));
    }

    @Test
    void theArchiveKeepsWithinItsFileAndByteCapsDroppingTheOldest() throws Exception {
        Archive a = new Archive(dir.resolve("a"), 3, 1000);
        for (int i = 0; i < 5; i++) a.write(String.format("x-%03d.json.gz", i), new byte[100]);
        assertEquals(List.of("x-002.json.gz", "x-003.json.gz", "x-004.json.gz"), names(dir.resolve("a")));
        assertEquals(300, a.bytes());
        a.write("x-005.json.gz", new byte[900]); // 1,200 bytes: the two oldest go, 1,000 are left
        assertEquals(List.of("x-004.json.gz", "x-005.json.gz"), names(dir.resolve("a")));
        assertEquals(1000, a.bytes());
        assertThrows(java.io.IOException.class, () -> a.write("x-006.json.gz", new byte[1001]));
        // reopened (a redeployment): what is there counts, a half-written file is removed
        Files.write(dir.resolve("a/x-007.json.gz.tmp"), new byte[10]);
        Archive again = new Archive(dir.resolve("a"), 1, 1000);
        assertEquals(1, again.files());
        assertEquals(List.of("x-005.json.gz"), names(dir.resolve("a")));
        again.write("x-008.json.gz", new byte[10]);
        assertEquals(List.of("x-008.json.gz"), names(dir.resolve("a")));
    }

    @Test
    void theWholeChainArchivesGzipFilesThatDecompressToTheProductsOfTheirIteration() throws Exception {
        Map<String, String> none = Map.of();
        ComponentInstance sensor = Harness.instance(new PlasmaSensor(), null, "sensor", "filter", Map.of("channels", "2048", "seed", "5"));
        ComponentInstance filter = Harness.instance(new Despike(), "sensor", "filter", "analysis", none);
        ComponentInstance analysis = Harness.instance(new Analysis(), "filter", "analysis", "compression", none);
        ComponentInstance compression = Harness.instance(new Compressor(), "analysis", "compression", "communication", Map.of("level", "9"));
        ComponentInstance communication = Harness.instance(new Downlink(), "compression", "communication", "ground", none);
        ComponentInstance ground = Harness.instance(new GroundArchive(dir), "communication", "ground", null, Map.of("maxFiles", "2"));
        for (long i = 0; i < 3; i++) {
            byte[] p = Harness.job(sensor, i, null, null, "filter");
            p = Harness.job(filter, i, "sensor", p, "analysis");
            p = Harness.job(analysis, i, "filter", p, "compression");
            p = Harness.job(compression, i, "analysis", p, "communication");
            p = Harness.job(communication, i, "compression", p, "ground");
            Harness.job(ground, i, "communication", p, null);
        }
        Path folder = dir.resolve("science1/ground");
        List<String> files = names(folder);
        assertEquals(2, files.size(), files.toString()); // maxFiles
        assertTrue(files.get(1).matches("\\d{13}-000000000002\\.json\\.gz"), files.toString());
        Product p = Analysis.PRODUCTS.decode(Compressor.gunzip(Files.newInputStream(folder.resolve(files.get(1)))));
        assertEquals(2, p.iteration());
        assertEquals("sc1", p.spacecraft());
        assertArrayEquals(Despike.filter(PlasmaSensor.frame("sc1", 2, 2048, 20, 0.001, 5 * 0x9E3779B97F4A7C15L + "science1/sensor".hashCode()), 9, 5).counts(),
                p.counts());
        assertNotEquals(0, p.statistics().mean());
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> Harness.job(ground, 3, "other", new byte[0], null));
        assertEquals("no payload from communication in iteration 3", missing.getMessage());
    }

    @Test
    void aComponentNameBecomesOnePathSegment() {
        assertEquals("a_b", GroundArchive.safe("a/b"));
        assertEquals("_..", GroundArchive.safe(".."));
        assertEquals("science-1.x", GroundArchive.safe("science-1.x"));
    }

    private static List<String> names(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
