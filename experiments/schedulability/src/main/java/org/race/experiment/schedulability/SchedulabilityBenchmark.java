package org.race.experiment.schedulability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;
import org.race.api.model.PlanSet;
import org.race.api.monitoring.ApplicationQos;
import org.race.charts.LineChart;
import org.race.configurator.rms.RmsConfigurator;
import org.race.platform.sim.RandomSystems;
import org.race.platform.sim.RandomSystems.TaskSet;
import org.race.platform.sim.SimOracle;

/**
 * Acceptance ratio of the admission tests against utilization, on random rate-monotonic task sets of one
 * processor, with the sim's deadline miss ratio of what each test admitted; and the breakdown utilization
 * of random sets under the exact analysis (Lehoczky, Sha and Ding 1989). Prints a table, writes
 * {@code schedulability.csv}, {@code breakdown.csv} and {@code schedulability.svg}.
 *
 * <p>Every set: 5-10 tasks, utilizations by UUniFast, periods log-uniform in 10..1000 ms, deadlines equal
 * to periods, priorities from the RMS configurator. The analysis takes the declared execution times as
 * worst cases and the sim runs them without variation, from a synchronous release (the critical instant),
 * for ten longest periods: there, a set the exact analysis admits can never miss.
 */
public final class SchedulabilityBenchmark {
    static final String NODE = "p1";
    static final Domain DOMAIN = RandomSystems.uniprocessor(NODE);
    static final int MIN_TASKS = 5, MAX_TASKS = 10;
    /** The sim runs the declared execution times, the worst cases the analysis assumes. */
    static final double VARIATION = 0;

    /** One test at one utilization: how many sets it admitted, and how the admitted ones ran on the sim. */
    record Point(double utilization, AdmissionTest test, int sets, int admitted, long deadlines, long missed, int setsMissing) {
        double acceptance() {
            return (double) admitted / sets;
        }

        /** Missed over all deadlines of the admitted sets' runs; NaN when the test admitted nothing. */
        double missRatio() {
            return deadlines == 0 ? Double.NaN : (double) missed / deadlines;
        }
    }

    /**
     * The sim against the exact analysis over every simulated set: {@code admittedButMissed} must be 0;
     * {@code cleanButRejected} is the analysis's pessimism (equal periods share a priority, which the
     * analysis lets interfere both ways and the sim runs first come, first served).
     */
    record Agreement(int simulated, int clean, int admittedButMissed, int cleanButRejected) {
    }

    record Acceptance(List<Point> points, Agreement agreement) {
    }

    /** Mean (and spread) of the utilization at which scaled random sets stop being schedulable by the exact analysis. */
    record Breakdown(String periods, String tasks, int sets, double mean, double sd, double min, double max, double liuLayland) {
    }

    /** The period distributions of the breakdown runs; the first is the acceptance runs' own. */
    enum Periods {
        LOG_UNIFORM("log-uniform 10-1000 ms", RandomSystems::logUniformPeriod),
        UNIFORM("uniform 10-1000 ms", RandomSystems::uniformPeriod);

        final String label;
        final ToDoubleFunction<SplittableRandom> draw;

        Periods(String label, ToDoubleFunction<SplittableRandom> draw) {
            this.label = label;
            this.draw = draw;
        }
    }

    private SchedulabilityBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of("experiments/schedulability/results");
        int sets = 300, breakdownSets = 300;
        long seed = 15;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--quick" -> {
                    sets = 40;
                    breakdownSets = 40;
                }
                case "--sets" -> sets = Integer.parseInt(args[++i]);
                case "--breakdown-sets" -> breakdownSets = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException(
                        "unknown option " + args[i] + " (--out DIR, --quick, --sets N, --breakdown-sets N, --seed S)");
            }
        }
        long t0 = System.nanoTime();
        Acceptance acceptance = acceptance(seed, sets, utilizations());
        List<Breakdown> breakdowns = breakdowns(seed, breakdownSets);
        double seconds = (System.nanoTime() - t0) / 1e9;

        System.out.print(table(acceptance.points()));
        Agreement a = acceptance.agreement();
        System.out.printf(Locale.ROOT, "%nsim oracle: %d sets admitted by some test run on the sim, %d without a miss; of those the exact analysis admitted, "
                + "%d missed; %d ran without a miss but were refused by it%n", a.simulated(), a.clean(), a.admittedButMissed(), a.cleanButRejected());
        System.out.printf(Locale.ROOT, "%nbreakdown utilization under the exact analysis (scaled until unschedulable; %d sets a row)%n", breakdownSets);
        System.out.printf(Locale.ROOT, "%-24s %-6s %7s %7s %7s %7s %12s%n", "periods", "tasks", "mean", "sd", "min", "max", "Liu-Layland");
        for (Breakdown b : breakdowns) {
            System.out.printf(Locale.ROOT, "%-24s %-6s %7.3f %7.3f %7.3f %7.3f %12.3f%n", b.periods(), b.tasks(), b.mean(), b.sd(), b.min(),
                    b.max(), b.liuLayland());
        }
        System.out.printf(Locale.ROOT, "(Lehoczky, Sha and Ding 1989: about 0.88 on average for random rate-monotonic sets; Liu-Layland ln 2 = 0.693)%n");
        System.out.printf(Locale.ROOT, "%d sets a utilization, seed %d, %.1f s%n", sets, seed, seconds);

        Files.createDirectories(out);
        writeCsv(out.resolve("schedulability.csv"), acceptance.points());
        writeBreakdownCsv(out.resolve("breakdown.csv"), breakdowns);
        Files.writeString(out.resolve("schedulability.svg"), LineChart.document(charts(acceptance.points(), breakdowns.get(0))));
        System.out.println("wrote " + out.resolve("schedulability.csv") + ", " + out.resolve("breakdown.csv") + " and " + out.resolve("schedulability.svg"));
    }

    /** 0.50, 0.55, ..., 1.00. */
    static double[] utilizations() {
        double[] u = new double[11];
        for (int i = 0; i < u.length; i++) u[i] = 0.5 + 0.05 * i;
        return u;
    }

    /** {@code sets} random sets at each utilization, every test on each, and the sim on each set some test admits. */
    static Acceptance acceptance(long seed, int sets, double[] utilizations) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Point> points = new ArrayList<>();
        int simulated = 0, clean = 0, admittedButMissed = 0, cleanButRejected = 0;
        for (double u : utilizations) {
            Map<AdmissionTest, long[]> tally = new EnumMap<>(AdmissionTest.class); // admitted, deadlines, missed, sets missing
            for (AdmissionTest t : AdmissionTest.values()) tally.put(t, new long[4]);
            for (int s = 0; s < sets; s++) {
                TaskSet ts = RandomSystems.taskSet(rnd, MIN_TASKS + rnd.nextInt(MAX_TASKS - MIN_TASKS + 1), u, Periods.LOG_UNIFORM.draw);
                List<DeploymentPlan> plans = rateMonotonic(ts.plans(NODE));
                long simSeed = rnd.nextLong();
                Map<AdmissionTest, Boolean> admits = new EnumMap<>(AdmissionTest.class);
                for (AdmissionTest t : AdmissionTest.values()) admits.put(t, t.admits(plans, DOMAIN));
                if (!admits.containsValue(true)) continue;
                long deadlines = 0, missed = 0;
                for (ApplicationQos q : SimOracle.run(simSeed, VARIATION, DOMAIN, plans).values()) {
                    deadlines += q.met() + q.missed();
                    missed += q.missed();
                }
                simulated++;
                if (missed == 0) clean++;
                if (admits.get(AdmissionTest.EXACT) && missed > 0) admittedButMissed++;
                if (!admits.get(AdmissionTest.EXACT) && missed == 0) cleanButRejected++;
                for (AdmissionTest t : AdmissionTest.values()) {
                    if (!admits.get(t)) continue;
                    long[] c = tally.get(t);
                    c[0]++;
                    c[1] += deadlines;
                    c[2] += missed;
                    if (missed > 0) c[3]++;
                }
            }
            for (AdmissionTest t : AdmissionTest.values()) {
                long[] c = tally.get(t);
                points.add(new Point(u, t, sets, (int) c[0], c[1], c[2], (int) c[3]));
            }
        }
        return new Acceptance(points, new Agreement(simulated, clean, admittedButMissed, cleanButRejected));
    }

    /** Priorities as the RMS configurator assigns them on deploy: by period over the node, the shortest highest. */
    static List<DeploymentPlan> rateMonotonic(List<DeploymentPlan> plans) {
        PlanSet configured = new RmsConfigurator().configure(new PlanSet(plans.get(plans.size() - 1), plans.subList(0, plans.size() - 1)));
        List<DeploymentPlan> all = new ArrayList<>(configured.deployed());
        all.add(configured.candidate());
        return all;
    }

    /** The acceptance runs' sets (5-10 tasks), then fixed sizes up to 50 tasks, under both period distributions. */
    static List<Breakdown> breakdowns(long seed, int sets) {
        List<Breakdown> out = new ArrayList<>();
        for (Periods periods : Periods.values()) {
            out.add(breakdown(seed, sets, periods, MIN_TASKS, MAX_TASKS));
            for (int n : new int[] { 5, 10, 20, 50 }) out.add(breakdown(seed, sets, periods, n, n));
        }
        return out;
    }

    static Breakdown breakdown(long seed, int sets, Periods periods, int minTasks, int maxTasks) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double sum = 0, squares = 0, min = 1, max = 0;
        for (int s = 0; s < sets; s++) {
            double b = breakdown(RandomSystems.taskSet(rnd, minTasks + rnd.nextInt(maxTasks - minTasks + 1), 1.0, periods.draw));
            sum += b;
            squares += b * b;
            min = Math.min(min, b);
            max = Math.max(max, b);
        }
        double mean = sum / sets;
        String tasks = minTasks == maxTasks ? Integer.toString(minTasks) : minTasks + "-" + maxTasks;
        return new Breakdown(periods.label, tasks, sets, mean, Math.sqrt(Math.max(0, squares / sets - mean * mean)), min, max,
                AdmissionTest.bound(maxTasks));
    }

    /**
     * Lehoczky, Sha and Ding's breakdown utilization of one set: its execution times scaled (periods and
     * priorities kept) to the highest utilization the exact analysis still admits. Admission only falls
     * as execution times grow, so a bisection finds it (to 1e-5).
     */
    static double breakdown(TaskSet set) {
        double lo = 0, hi = 1;
        for (int i = 0; i < 17; i++) {
            double mid = (lo + hi) / 2;
            if (AdmissionTest.EXACT.admits(rateMonotonic(set.scaled(mid / set.utilization()).plans(NODE)), DOMAIN)) lo = mid;
            else hi = mid;
        }
        return lo;
    }

    static String table(List<Point> points) {
        StringBuilder sb = new StringBuilder();
        AdmissionTest[] tests = AdmissionTest.values();
        sb.append(String.format(Locale.ROOT, "%-5s | %-57s | %s%n", "", "acceptance ratio", "sim miss ratio of the admitted sets (sets with a miss)"));
        sb.append(String.format(Locale.ROOT, "%-5s |", "U"));
        for (AdmissionTest t : tests) sb.append(String.format(Locale.ROOT, " %13s", t.label));
        sb.append(" |");
        for (AdmissionTest t : tests) sb.append(String.format(Locale.ROOT, " %19s", t.label));
        sb.append('\n');
        for (int i = 0; i < points.size(); i += tests.length) {
            sb.append(String.format(Locale.ROOT, "%-5.2f |", points.get(i).utilization()));
            for (int k = 0; k < tests.length; k++) sb.append(String.format(Locale.ROOT, " %13.3f", points.get(i + k).acceptance()));
            sb.append(" |");
            for (int k = 0; k < tests.length; k++) {
                Point p = points.get(i + k);
                sb.append(p.admitted() == 0 ? String.format(Locale.ROOT, " %19s", "-")
                        : String.format(Locale.ROOT, " %11.5f (%5d)", p.missRatio(), p.setsMissing()));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static List<LineChart> charts(List<Point> points, Breakdown ownSets) {
        LineChart acceptance = new LineChart("Acceptance ratio, random RM sets of 5-10 tasks", "total utilization", "admitted / sets")
                .xAxis(0.5, 1.0, 0.1).yAxis(0, 1, 0.2)
                .mark(ownSets.mean(), String.format(Locale.ROOT, "mean breakdown %.3f", ownSets.mean()));
        LineChart misses = new LineChart("Sim deadline miss ratio of the admitted sets", "total utilization", "missed / deadlines")
                .xAxis(0.5, 1.0, 0.1).yFrom(0);
        for (AdmissionTest t : AdmissionTest.values()) {
            List<double[]> ratio = new ArrayList<>(), missed = new ArrayList<>();
            for (Point p : points) {
                if (p.test() != t) continue;
                ratio.add(new double[] { p.utilization(), p.acceptance() });
                if (p.admitted() > 0) missed.add(new double[] { p.utilization(), p.missRatio() });
            }
            acceptance.series(t.label, ratio);
            misses.series(t.label, missed);
        }
        return List.of(acceptance, misses);
    }

    static void writeCsv(Path file, List<Point> points) throws IOException {
        StringBuilder sb = new StringBuilder("utilization,test,sets,admitted,acceptance_ratio,deadlines,missed,miss_ratio,admitted_sets_with_miss\n");
        for (Point p : points) {
            sb.append(String.format(Locale.ROOT, "%.2f,%s,%d,%d,%.4f,%d,%d,%s,%d%n", p.utilization(), p.test().label, p.sets(), p.admitted(),
                    p.acceptance(), p.deadlines(), p.missed(), p.admitted() == 0 ? "" : String.format(Locale.ROOT, "%.6f", p.missRatio()),
                    p.setsMissing()));
        }
        Files.writeString(file, sb.toString());
    }

    static void writeBreakdownCsv(Path file, List<Breakdown> rows) throws IOException {
        StringBuilder sb = new StringBuilder("periods,tasks,sets,mean_breakdown,sd,min,max,liu_layland_bound\n");
        for (Breakdown b : rows) {
            sb.append(String.format(Locale.ROOT, "%s,%s,%d,%.4f,%.4f,%.4f,%.4f,%.4f%n", b.periods(), b.tasks(), b.sets(), b.mean(), b.sd(), b.min(),
                    b.max(), b.liuLayland()));
        }
        Files.writeString(file, sb.toString());
    }
}
