package org.race.experiment.scalability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

import org.race.charts.LineChart;

/**
 * Points of the scalability experiment measured with the nodes in the central's own container
 * ({@value #IN_PROCESS}) and in node containers reached through Remote Services ({@value #REMOTE}):
 * kept in one CSV across runs (one container per point), then compared side by side with the
 * ratio remote / in-process of each delay, as a table and an SVG chart.
 */
final class PlacementComparison {
    static final String IN_PROCESS = "in-process";
    static final String REMOTE = "remote";
    static final String CSV = "scalability-distributed.csv";
    static final String SVG = "scalability-distributed.svg";
    static final String HEADER = "placement,nodes,applications,mode,iterations,monitoring_median_ms,monitoring_p99_ms,"
            + "actuation_median_ms,actuation_p99_ms";
    private static final List<String> MODES = List.of("hierarchical", "flat");

    record Row(String placement, int nodes, int apps, String mode, int iterations, double monitoringMedian, double monitoringP99,
            double actuationMedian, double actuationP99) {
        String csv() {
            return String.format(Locale.ROOT, "%s,%d,%d,%s,%d,%.5f,%.5f,%.5f,%.5f", placement, nodes, apps, mode, iterations, monitoringMedian,
                    monitoringP99, actuationMedian, actuationP99);
        }
    }

    private PlacementComparison() {
    }

    /** Appends to the CSV, writing the header first when the file is new; refuses a file with another header. */
    static void append(Path csv, List<Row> rows) throws IOException {
        StringBuilder sb = new StringBuilder();
        if (!Files.exists(csv) || Files.size(csv) == 0) sb.append(HEADER).append('\n');
        else checkHeader(csv, Files.readAllLines(csv));
        for (Row r : rows) sb.append(r.csv()).append('\n');
        Files.writeString(csv, sb, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The rows of the CSV; a later row for the same placement, nodes and mode replaces an earlier one. */
    static List<Row> read(Path csv) throws IOException {
        if (!Files.exists(csv)) throw new IOException(csv + ": no such file (race:scalability --on writes it)");
        List<String> lines = Files.readAllLines(csv);
        checkHeader(csv, lines);
        Map<String, Row> rows = new LinkedHashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            String[] f = lines.get(i).split(",", -1);
            String where = csv + ":" + (i + 1) + ": ";
            if (f.length != 9) throw new IOException(where + "expected 9 fields, got " + f.length);
            if (!f[0].equals(IN_PROCESS) && !f[0].equals(REMOTE)) throw new IOException(where + "placement must be " + IN_PROCESS + " or " + REMOTE + ", got '" + f[0] + "'");
            if (!MODES.contains(f[3])) throw new IOException(where + "mode must be hierarchical or flat, got '" + f[3] + "'");
            try {
                Row r = new Row(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), f[3], Integer.parseInt(f[4]), Double.parseDouble(f[5]),
                        Double.parseDouble(f[6]), Double.parseDouble(f[7]), Double.parseDouble(f[8]));
                rows.remove(key(r.placement(), r.nodes(), r.mode()));
                rows.put(key(r.placement(), r.nodes(), r.mode()), r);
            } catch (NumberFormatException e) {
                throw new IOException(where + "not a number: " + e.getMessage());
            }
        }
        return List.copyOf(rows.values());
    }

    private static void checkHeader(Path csv, List<String> lines) throws IOException {
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) throw new IOException(csv + ":1: expected the header " + HEADER);
    }

    private static String key(String placement, int nodes, String mode) {
        return placement + "/" + nodes + "/" + mode;
    }

    /**
     * Per number of nodes and mode: each delay in-process, remote and their ratio ("-" where a
     * placement was not measured); then flat / hierarchical per placement at the most nodes.
     */
    static String table(List<Row> rows) {
        Map<String, Row> byKey = new LinkedHashMap<>();
        for (Row r : rows) byKey.put(key(r.placement(), r.nodes(), r.mode()), r);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-5s %-13s %-26s %-26s %-26s %-26s%n", "", "", "monitoring median ms", "monitoring p99 ms",
                "actuation median ms", "actuation p99 ms"));
        sb.append(String.format(Locale.ROOT, "%-5s %-13s", "nodes", "mode"));
        for (int i = 0; i < 4; i++) sb.append(String.format(Locale.ROOT, " %-9s %-9s %-6s", "in-proc", "remote", "ratio"));
        sb.append('\n');
        TreeSet<Integer> nodes = new TreeSet<>();
        rows.forEach(r -> nodes.add(r.nodes()));
        for (int n : nodes) {
            for (String mode : MODES) {
                Row in = byKey.get(key(IN_PROCESS, n, mode)), remote = byKey.get(key(REMOTE, n, mode));
                if (in == null && remote == null) continue;
                sb.append(String.format(Locale.ROOT, "%-5d %-13s", n, mode));
                for (ToDoubleFunction<Row> metric : metrics()) sb.append(cells(in, remote, metric));
                sb.append('\n');
            }
        }
        if (!nodes.isEmpty()) {
            int most = nodes.last();
            for (String placement : List.of(IN_PROCESS, REMOTE)) {
                Row h = byKey.get(key(placement, most, "hierarchical")), f = byKey.get(key(placement, most, "flat"));
                if (h == null || f == null) continue;
                sb.append(String.format(Locale.ROOT, "%s, %d nodes: flat / hierarchical median monitoring delay %s, actuation delay %s%n", placement,
                        most, ratio(f.monitoringMedian(), h.monitoringMedian()), ratio(f.actuationMedian(), h.actuationMedian())));
            }
        }
        return sb.toString();
    }

    private static List<ToDoubleFunction<Row>> metrics() {
        return List.of(Row::monitoringMedian, Row::monitoringP99, Row::actuationMedian, Row::actuationP99);
    }

    private static String cells(Row in, Row remote, ToDoubleFunction<Row> metric) {
        String a = in == null ? "-" : String.format(Locale.ROOT, "%.4f", metric.applyAsDouble(in));
        String b = remote == null ? "-" : String.format(Locale.ROOT, "%.4f", metric.applyAsDouble(remote));
        String r = in == null || remote == null ? "-" : ratio(metric.applyAsDouble(remote), metric.applyAsDouble(in));
        return String.format(Locale.ROOT, " %-9s %-9s %-6s", a, b, r);
    }

    /** {@code a / b} to one decimal, "-" when b is 0. */
    static String ratio(double a, double b) {
        return b == 0 ? "-" : String.format(Locale.ROOT, "%.1f", a / b);
    }

    /** Median monitoring and actuation delay vs nodes, one series per placement and mode, log y (the placements differ by orders of magnitude). */
    static String svg(List<Row> rows) {
        return LineChart.document(List.of(chart("Monitoring delay vs nodes, in-process vs node containers", rows, Row::monitoringMedian),
                chart("Actuation delay vs nodes, in-process vs node containers", rows, Row::actuationMedian)));
    }

    private static LineChart chart(String title, List<Row> rows, ToDoubleFunction<Row> metric) {
        LineChart c = new LineChart(title, "nodes", "median delay ms").logY().legendBeside();
        for (String placement : List.of(REMOTE, IN_PROCESS)) {
            for (String mode : MODES) {
                List<double[]> pts = new ArrayList<>();
                for (Row r : rows) {
                    if (r.placement().equals(placement) && r.mode().equals(mode)) pts.add(new double[] { r.nodes(), metric.applyAsDouble(r) });
                }
                pts.sort((x, y) -> Double.compare(x[0], y[0]));
                if (!pts.isEmpty()) c.series(placement + " " + mode, pts, mode.equals("flat"));
            }
        }
        return c;
    }
}
