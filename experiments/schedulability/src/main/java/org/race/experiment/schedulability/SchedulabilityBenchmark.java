package org.race.experiment.schedulability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

import org.race.api.model.DeploymentPlan;
import org.race.api.model.PlanSet;
import org.race.api.monitoring.ApplicationQos;
import org.race.charts.LineChart;
import org.race.configurator.rms.RmsConfigurator;
import org.race.platform.sim.RandomSystems;
import org.race.platform.sim.RandomSystems.TaskSet;
import org.race.platform.sim.SimOracle;

/**
 * Acceptance ratio of the admission tests against utilization, on random rate-monotonic task sets of one
 * processor (and on chains across four nodes), with the sim's deadline miss ratio of what each test
 * admitted; and the breakdown utilization of random sets under the exact analysis (Lehoczky, Sha and
 * Ding 1989). Prints a table, writes {@code schedulability.csv}, {@code breakdown.csv} and
 * {@code schedulability.svg}.
 *
 * <p>Priorities come from the RMS configurator. The analysis takes the declared execution times as worst
 * cases and the sim runs them without variation, all released together at 0 (for independent tasks the
 * critical instant), for ten longest periods: a set the exact analysis admits can never miss there.
 */
public final class SchedulabilityBenchmark {
    static final String NODE = "p1";
    static final int MIN_TASKS = 5, MAX_TASKS = 10;
    private static final String[] COLOURS = { "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e" };
    /** The sim runs the declared execution times, the worst cases the analysis assumes. */
    static final double VARIATION = 0;

    /**
     * One test at one utilization: how many sets it admitted, how the admitted ones ran on the sim, and
     * the median and longest time the test took on a set (ms, wall clock of one run).
     */
    record Point(Workload workload, double utilization, AdmissionTest test, int sets, int admitted, long deadlines, long missed, int setsMissing,
            double medianMs, double maxMs) {
        double acceptance() {
            return (double) admitted / sets;
        }

        /** Missed over all deadlines of the admitted sets' runs; NaN when the test admitted nothing. */
        double missRatio() {
            return deadlines == 0 ? Double.NaN : (double) missed / deadlines;
        }
    }

    /**
     * The sim against the exact analysis over every simulated set of a workload: {@code admittedButMissed}
     * must be 0; {@code cleanButRejected} counts sets the analysis refused that ran without a miss (its
     * pessimism, or a run that did not meet the worst case).
     */
    record Agreement(int simulated, int clean, int admittedButMissed, int cleanButRejected) {
    }

    record Acceptance(Workload workload, List<Point> points, Agreement agreement) {
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
        int sets = 500, chainSets = 100, breakdownSets = 500;
        long seed = 15;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--quick" -> {
                    sets = 40;
                    chainSets = 10;
                    breakdownSets = 40;
                }
                case "--sets" -> sets = Integer.parseInt(args[++i]);
                case "--chain-sets" -> chainSets = Integer.parseInt(args[++i]);
                case "--breakdown-sets" -> breakdownSets = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException(
                        "unknown option " + args[i] + " (--out DIR, --quick, --sets N, --chain-sets N, --breakdown-sets N, --seed S)");
            }
        }
        if (sets < 1 || chainSets < 1 || breakdownSets < 1) throw new IllegalArgumentException("--sets, --chain-sets and --breakdown-sets must be at least 1");
        long t0 = System.nanoTime();
        List<Acceptance> runs = new ArrayList<>();
        for (Workload w : Workload.values()) runs.add(acceptance(w, seed, w == Workload.CHAINS ? chainSets : sets, w.utilizations()));
        List<Breakdown> breakdowns = breakdowns(seed, breakdownSets);
        double seconds = (System.nanoTime() - t0) / 1e9;

        for (Acceptance run : runs) {
            Agreement a = run.agreement();
            System.out.printf(Locale.ROOT, "%s, %d sets a utilization per node%n", run.workload().label, run.points().get(0).sets());
            System.out.print(table(run));
            System.out.printf(Locale.ROOT, "sim oracle: %d sets admitted by some test ran on the sim, %d without a miss; of those the exact analysis "
                    + "admitted, %d missed; %d ran without a miss but were refused by it%n%n", a.simulated(), a.clean(), a.admittedButMissed(),
                    a.cleanButRejected());
        }
        System.out.printf(Locale.ROOT, "breakdown utilization under the exact analysis (execution times scaled until unschedulable; %d sets a row)%n",
                breakdownSets);
        System.out.printf(Locale.ROOT, "%-24s %-6s %7s %7s %7s %7s %12s%n", "periods", "tasks", "mean", "sd", "min", "max", "Liu-Layland");
        for (Breakdown b : breakdowns) {
            System.out.printf(Locale.ROOT, "%-24s %-6s %7.3f %7.3f %7.3f %7.3f %12.3f%n", b.periods(), b.tasks(), b.mean(), b.sd(), b.min(),
                    b.max(), b.liuLayland());
        }
        System.out.printf(Locale.ROOT, "(Lehoczky, Sha and Ding 1989: about 0.88 on average for random rate-monotonic sets; Liu-Layland ln 2 = 0.693)%n");
        System.out.printf(Locale.ROOT, "seed %d, %.1f s%n", seed, seconds);

        Files.createDirectories(out);
        List<Point> points = runs.stream().flatMap(r -> r.points().stream()).toList();
        writeCsv(out.resolve("schedulability.csv"), points);
        writeBreakdownCsv(out.resolve("breakdown.csv"), breakdowns);
        Files.writeString(out.resolve("schedulability.svg"), LineChart.document(charts(points, breakdowns.get(0))));
        System.out.println("wrote " + out.resolve("schedulability.csv") + ", " + out.resolve("breakdown.csv") + " and " + out.resolve("schedulability.svg"));
    }

    /** {@code sets} random systems at each utilization, the workload's tests on each, and the sim on each system some test admits. */
    static Acceptance acceptance(Workload workload, long seed, int sets, double[] utilizations) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Point> points = new ArrayList<>();
        int simulated = 0, clean = 0, admittedButMissed = 0, cleanButRejected = 0;
        for (double u : utilizations) {
            Map<AdmissionTest, long[]> tally = new EnumMap<>(AdmissionTest.class); // admitted, deadlines, missed, sets missing
            Map<AdmissionTest, double[]> millis = new EnumMap<>(AdmissionTest.class); // per set
            for (AdmissionTest t : workload.tests) {
                tally.put(t, new long[4]);
                millis.put(t, new double[sets]);
            }
            for (int s = 0; s < sets; s++) {
                List<DeploymentPlan> plans = rateMonotonic(workload.draw(rnd, u));
                long simSeed = rnd.nextLong();
                Map<AdmissionTest, Boolean> admits = new EnumMap<>(AdmissionTest.class);
                for (AdmissionTest t : workload.tests) {
                    long t0 = System.nanoTime();
                    admits.put(t, t.admits(plans, workload.domain));
                    millis.get(t)[s] = (System.nanoTime() - t0) / 1e6;
                }
                if (!admits.containsValue(true)) continue;
                long deadlines = 0, missed = 0;
                for (ApplicationQos q : SimOracle.run(simSeed, VARIATION, workload.domain, plans).values()) {
                    deadlines += q.met() + q.missed();
                    missed += q.missed();
                }
                simulated++;
                if (missed == 0) clean++;
                if (admits.get(AdmissionTest.EXACT) && missed > 0) admittedButMissed++;
                if (!admits.get(AdmissionTest.EXACT) && missed == 0) cleanButRejected++;
                for (AdmissionTest t : workload.tests) {
                    if (!admits.get(t)) continue;
                    long[] c = tally.get(t);
                    c[0]++;
                    c[1] += deadlines;
                    c[2] += missed;
                    if (missed > 0) c[3]++;
                }
            }
            for (AdmissionTest t : workload.tests) {
                long[] c = tally.get(t);
                double[] ms = millis.get(t);
                Arrays.sort(ms);
                points.add(new Point(workload, u, t, sets, (int) c[0], c[1], c[2], (int) c[3], ms[ms.length / 2], ms[ms.length - 1]));
            }
        }
        return new Acceptance(workload, points, new Agreement(simulated, clean, admittedButMissed, cleanButRejected));
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
            if (AdmissionTest.EXACT.admits(rateMonotonic(set.scaled(mid / set.utilization()).plans(NODE)), Workload.TASKS.domain)) lo = mid;
            else hi = mid;
        }
        return lo;
    }

    static String table(Acceptance run) {
        StringBuilder sb = new StringBuilder();
        List<AdmissionTest> tests = run.workload().tests;
        sb.append(String.format(Locale.ROOT, "%-5s | %-" + (14 * tests.size() - 1) + "s | %-" + (20 * tests.size() - 1) + "s | %s%n", "",
                "acceptance ratio", "sim miss ratio of the admitted sets (sets with a miss)", "exact RTA ms a set"));
        sb.append(String.format(Locale.ROOT, "%-5s |", "U"));
        for (AdmissionTest t : tests) sb.append(String.format(Locale.ROOT, " %13s", t.label));
        sb.append(" |");
        for (AdmissionTest t : tests) sb.append(String.format(Locale.ROOT, " %19s", t.label));
        sb.append(String.format(Locale.ROOT, " | %8s %8s%n", "median", "max"));
        List<Point> points = run.points();
        for (int i = 0; i < points.size(); i += tests.size()) {
            sb.append(String.format(Locale.ROOT, "%-5.2f |", points.get(i).utilization()));
            for (int k = 0; k < tests.size(); k++) sb.append(String.format(Locale.ROOT, " %13.3f", points.get(i + k).acceptance()));
            sb.append(" |");
            for (int k = 0; k < tests.size(); k++) {
                Point p = points.get(i + k);
                sb.append(p.admitted() == 0 ? String.format(Locale.ROOT, " %19s", "-")
                        : String.format(Locale.ROOT, " %11.5f (%5d)", p.missRatio(), p.setsMissing()));
            }
            Point exact = points.get(i + tests.indexOf(AdmissionTest.EXACT));
            sb.append(String.format(Locale.ROOT, " | %8.2f %8.1f%n", exact.medianMs(), exact.maxMs()));
        }
        return sb.toString();
    }

    static List<LineChart> charts(List<Point> points, Breakdown ownSets) {
        LineChart acceptance = new LineChart("Acceptance ratio, random rate-monotonic systems", "utilization per node", "admitted / sets")
                .xAxis(0.5, 1.0, 0.1).yAxis(0, 1, 0.2).legendBeside()
                .mark(ownSets.mean(), String.format(Locale.ROOT, "mean breakdown %.3f", ownSets.mean()));
        double worst = points.stream().filter(p -> p.admitted() > 0).mapToDouble(Point::missRatio).max().orElse(0) * 100;
        double top = 100; // the first of 1-2-5 steps above the worst, for round ticks
        for (double t : new double[] { 50, 20, 10, 5, 2, 1, 0.5 }) if (t >= worst) top = t;
        LineChart misses = new LineChart("Sim deadline misses of the admitted sets", "utilization per node", "missed deadlines, %")
                .xAxis(0.5, 1.0, 0.1).yAxis(0, top, top / 5);
        for (Workload w : Workload.values()) {
            for (AdmissionTest t : w.tests) {
                List<double[]> ratio = new ArrayList<>(), missed = new ArrayList<>();
                for (Point p : points) {
                    if (p.workload() != w || p.test() != t) continue;
                    ratio.add(new double[] { p.utilization(), p.acceptance() });
                    if (p.admitted() > 0) missed.add(new double[] { p.utilization(), 100 * p.missRatio() });
                }
                if (ratio.isEmpty()) continue;
                // a test keeps its colour; chains dashed
                String colour = COLOURS[t.ordinal()];
                acceptance.series(w.prefix + t.label, ratio, w != Workload.TASKS, colour);
                misses.series(w.prefix + t.label, missed, w != Workload.TASKS, colour);
            }
        }
        return List.of(acceptance, misses);
    }

    static void writeCsv(Path file, List<Point> points) throws IOException {
        StringBuilder sb = new StringBuilder("workload,utilization,test,sets,admitted,acceptance_ratio,deadlines,missed,miss_ratio,admitted_sets_with_miss,test_ms_median,test_ms_max\n");
        for (Point p : points) {
            sb.append(String.format(Locale.ROOT, "%s,%.2f,%s,%d,%d,%.4f,%d,%d,%s,%d,%.3f,%.3f%n", p.workload().label, p.utilization(), p.test().label, p.sets(),
                    p.admitted(), p.acceptance(), p.deadlines(), p.missed(), p.admitted() == 0 ? "" : String.format(Locale.ROOT, "%.6f", p.missRatio()),
                    p.setsMissing(), p.medianMs(), p.maxMs()));
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
