package org.race.monitor.calibration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.race.charts.LineChart;

/** The evidence chart (experiments/calibration/run.sh): each run's deadline-miss ratio per 1 s window. {@code CostModelChart CSV SVG} */
public final class CostModelChart {
    private CostModelChart() {
    }

    public static void main(String[] args) throws Exception {
        List<String> rows = Files.readAllLines(Path.of(args[0]));
        Map<String, List<double[]>> runs = new LinkedHashMap<>();
        double windows = 1;
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            double w = Double.parseDouble(f[2]);
            windows = Math.max(windows, w);
            runs.computeIfAbsent(f[0] + ", " + f[1] + " cost model", k -> new ArrayList<>()).add(new double[] { w, Double.parseDouble(f[5]) });
        }
        LineChart chart = new LineChart("deadline-miss ratio on the jvm platform, admitted without and with the cost model", "window (1 s)", "miss ratio")
                .xAxis(1, windows, Math.max(1, Math.round(windows / 5))).yAxis(0, 1, 0.2).legendBeside();
        runs.forEach((name, points) -> chart.series(name, points, name.contains("without")));
        Files.writeString(Path.of(args[1]), LineChart.document(List.of(chart)));
    }
}
