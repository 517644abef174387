package org.race.effector.tcp_front;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Paper 002's section 4.1 on loopback: an unmodified Python http.server behind a TCP front,
 * premium clients from 127.0.0.2 and basic clients from 127.0.0.3, with or without the QoS manager;
 * the front's sensors are read every sampling period.
 */
final class Experiment {
    static final String CLASSES = "premium=127.0.0.2;basic=*";
    static final int PAGE_BYTES = 1024 * 1024;

    /** One sampling period: mean connection delay of each class in it (s, NaN if none) and basic's accept rate. */
    record Sample(double time, double premiumDelay, double basicDelay, double basicRate, long premiumAccepted, long basicAccepted) {
    }

    record Run(List<Sample> samples, long premiumFetches, long basicFetches, long failures) {
        /**
         * Median over the sampling periods from {@code fromTime} on of a class's mean delay: the median,
         * because on a shared machine a single period can catch a pause of the whole JVM.
         */
        double medianDelay(ToDoubleFunction<Sample> delay, double fromTime) {
            double[] v = samples.stream().filter(s -> s.time() >= fromTime).mapToDouble(delay).filter(d -> !Double.isNaN(d)).sorted().toArray();
            return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }
    }

    /**
     * @param target seconds of premium connection delay to hold; 0 runs without the QoS manager
     */
    static Run run(Path dir, int premiumClients, int basicClients, double target, double seconds, long sampleMillis) throws IOException, InterruptedException {
        List<Sample> samples = new ArrayList<>();
        try (HttpServerProcess server = new HttpServerProcess(dir, PAGE_BYTES);
             TcpFront front = new TcpFront(new InetSocketAddress("127.0.0.1", 0), server.address(), CLASSES)) {
            DelayManager manager = target > 0 ? new DelayManager(front, "premium", "basic", target, 0.5, 1, 1000).start(sampleMillis) : null;
            ClientClass premium = new ClientClass("127.0.0.2", premiumClients, front.address());
            ClientClass basic = new ClientClass("127.0.0.3", basicClients, front.address());
            long start = System.nanoTime();
            ClassSensors p0 = front.sensors("premium"), b0 = front.sensors("basic");
            for (int i = 1; i <= Math.round(seconds * 1000 / sampleMillis); i++) {
                Thread.sleep(Math.max(0, start / 1_000_000 + i * sampleMillis - System.nanoTime() / 1_000_000));
                ClassSensors p = front.sensors("premium"), b = front.sensors("basic");
                samples.add(new Sample((System.nanoTime() - start) / 1e9, p.meanDelaySince(p0), b.meanDelaySince(b0),
                        b.acceptRate(), p.accepted() - p0.accepted(), b.accepted() - b0.accepted()));
                p0 = p;
                b0 = b;
            }
            if (manager != null) manager.close();
            front.acceptRate("basic", Double.POSITIVE_INFINITY); // let the waiting basic clients finish
            premium.close();
            basic.close();
            return new Run(samples, premium.completed(), basic.completed(), premium.failed() + basic.failed());
        }
    }

    /** Prints one run as CSV: {@code Experiment DIR PREMIUM BASIC TARGET_MS SECONDS}. */
    public static void main(String[] args) throws Exception {
        Run r = run(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]), Double.parseDouble(args[3]) / 1000, Double.parseDouble(args[4]), 500);
        System.out.println("time_s,premium_delay_ms,basic_delay_ms,basic_rate,premium_accepted,basic_accepted");
        for (Sample s : r.samples()) System.out.printf("%.2f,%.2f,%.2f,%.1f,%d,%d%n", s.time(), s.premiumDelay() * 1000, s.basicDelay() * 1000, s.basicRate(), s.premiumAccepted(), s.basicAccepted());
        System.out.printf("fetches premium %d basic %d failures %d; median delay premium %.1f ms basic %.1f ms%n", r.premiumFetches(), r.basicFetches(), r.failures(),
                r.medianDelay(Sample::premiumDelay, 0) * 1000, r.medianDelay(Sample::basicDelay, 0) * 1000);
    }
}
