package org.race.effector.tcp_front;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import org.race.charts.LineChart;
import org.race.effector.tcp_front.Experiment.Run;
import org.race.effector.tcp_front.Experiment.Sample;

/**
 * The evidence of experiments/tcp-front/run.sh: the same bounded load without and then with the QoS manager,
 * whose target is half the premium delay measured without it. Writes front.csv, front.svg and
 * summary.txt into the directory given.
 */
public final class FrontEvidence {
    private FrontEvidence() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int premium = Integer.parseInt(args[1]), basic = Integer.parseInt(args[2]);
        double seconds = Double.parseDouble(args[3]);
        Path work = Files.createTempDirectory("front-evidence");
        Run without = Experiment.run(work, premium, basic, 0, seconds, 500);
        double free = without.medianDelay(Sample::premiumDelay, 2);
        double target = free / 2;
        Run with = Experiment.run(work, premium, basic, target, seconds, 500);

        StringBuilder csv = new StringBuilder("run,time_s,premium_delay_ms,basic_delay_ms,basic_accept_rate,premium_accepted,basic_accepted\n");
        append(csv, "without", without);
        append(csv, "with", with);
        Files.writeString(out.resolve("front.csv"), csv);
        Files.writeString(out.resolve("front.svg"), LineChart.document(List.of(
                delayChart("without the QoS manager", without, Double.NaN, seconds),
                delayChart(String.format(Locale.ROOT, "with the QoS manager (target %.1f ms)", target * 1000), with, target, seconds),
                new LineChart("basic class with the QoS manager", "time s", "connections/s").xAxis(0, seconds, seconds / 5).yFrom(0).noPointMarkers()
                        .series("accept rate (actuator)", points(with, Sample::basicRate, 1))
                        .series("accepted", points(with, s -> s.basicAccepted() * 2.0, 1)))));
        String summary = String.format(Locale.ROOT,
                "%d premium clients (127.0.0.2), %d basic clients (127.0.0.3), closed loop, %.0f s per run, Python http.server, 1 MiB page%n"
                        + "median over 0.5 s periods from t=2 s of the mean connection delay in the period:%n"
                        + "  without the manager: premium %.2f ms, basic %.2f ms; fetches premium %d, basic %d%n"
                        + "  with the manager (target %.2f ms): premium %.2f ms, basic %.2f ms; fetches premium %d, basic %d; basic accept rate median %.0f/s%n"
                        + "  failed fetches: %d%n",
                premium, basic, seconds, without.medianDelay(Sample::premiumDelay, 2) * 1000, without.medianDelay(Sample::basicDelay, 2) * 1000,
                without.premiumFetches(), without.basicFetches(), target * 1000, with.medianDelay(Sample::premiumDelay, 2) * 1000,
                with.medianDelay(Sample::basicDelay, 2) * 1000, with.premiumFetches(), with.basicFetches(), median(with, Sample::basicRate),
                without.failures() + with.failures());
        Files.writeString(out.resolve("summary.txt"), summary);
        System.out.print(summary);
    }

    private static void append(StringBuilder csv, String run, Run r) {
        for (Sample s : r.samples()) {
            csv.append(String.format(Locale.ROOT, "%s,%.2f,%.3f,%.3f,%.1f,%d,%d%n", run, s.time(), s.premiumDelay() * 1000, s.basicDelay() * 1000,
                    s.basicRate(), s.premiumAccepted(), s.basicAccepted()));
        }
    }

    private static double median(Run r, ToDoubleFunction<Sample> f) {
        double[] v = r.samples().stream().mapToDouble(f).filter(Double::isFinite).sorted().toArray();
        return v.length == 0 ? Double.NaN : v[v.length / 2];
    }

    private static List<double[]> points(Run r, ToDoubleFunction<Sample> f, double scale) {
        return r.samples().stream().filter(s -> Double.isFinite(f.applyAsDouble(s))).map(s -> new double[] { s.time(), f.applyAsDouble(s) * scale }).toList();
    }

    private static LineChart delayChart(String title, Run r, double target, double seconds) {
        LineChart chart = new LineChart(title, "time s", "connection delay ms").xAxis(0, seconds, seconds / 5).logY().noPointMarkers()
                .series("premium", points(r, Sample::premiumDelay, 1000))
                .series("basic", points(r, Sample::basicDelay, 1000));
        if (!Double.isNaN(target)) chart.series("premium target", List.of(new double[] { 0, target * 1000 }, new double[] { seconds, target * 1000 }), true);
        return chart;
    }
}
