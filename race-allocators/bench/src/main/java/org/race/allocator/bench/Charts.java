package org.race.allocator.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import org.race.allocator.bench.AllocatorBenchmark.Row;

/** Two SVG panels: allocation time against problem size, and nodes used over the lower bound. */
final class Charts {
    private static final String[] COLOURS = { "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2" };
    private static final int W = 560, H = 380, LEFT = 70, TOP = 40, PW = 440, PH = 280;

    private Charts() {
    }

    static String svg(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(2 * W).append("\" height=\"").append(H)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        panel(sb, 0, "Allocation time, 3-D tight instances (ms, log)", series(rows, "3d-tight", Row::millis), true);
        panel(sb, W, "Nodes used / lower bound, 1-D tight instances", series(rows, "1d-tight",
                r -> r.lowerBound() == 0 ? 1 : (double) r.nodesUsed() / r.lowerBound()), false);
        return sb.append("</svg>\n").toString();
    }

    /** allocator -> points (components, value) of one family, feasible runs only. */
    private static Map<String, List<double[]>> series(List<Row> rows, String family, ToDoubleFunction<Row> y) {
        Map<String, List<double[]>> out = new LinkedHashMap<>();
        for (Row r : rows) {
            if (!r.family().equals(family) || !r.feasible()) continue;
            out.computeIfAbsent(r.allocator(), k -> new ArrayList<>()).add(new double[] { r.components(), y.applyAsDouble(r) });
        }
        return out;
    }

    private static void panel(StringBuilder sb, int x0, String title, Map<String, List<double[]>> series, boolean logY) {
        double xmin = Double.MAX_VALUE, xmax = 0, ymin = Double.MAX_VALUE, ymax = -Double.MAX_VALUE;
        for (List<double[]> ps : series.values()) {
            for (double[] p : ps) {
                xmin = Math.min(xmin, Math.log10(p[0]));
                xmax = Math.max(xmax, Math.log10(p[0]));
                double y = logY ? Math.log10(Math.max(p[1], 1e-3)) : p[1];
                ymin = Math.min(ymin, y);
                ymax = Math.max(ymax, y);
            }
        }
        if (series.isEmpty()) return;
        if (logY) {
            ymin = Math.floor(ymin);
            ymax = Math.ceil(ymax);
        } else {
            ymin = Math.min(1.0, ymin);
            ymax = Math.max(ymin + 0.05, ymax * 1.02);
        }
        if (xmax == xmin) xmax = xmin + 1;
        double fxmin = xmin, fxmax = xmax, fymin = ymin, fymax = ymax;
        java.util.function.DoubleUnaryOperator px = v -> x0 + LEFT + (Math.log10(v) - fxmin) / (fxmax - fxmin) * PW;
        java.util.function.DoubleUnaryOperator py = v -> TOP + PH - ((logY ? Math.log10(Math.max(v, 1e-3)) : v) - fymin) / (fymax - fymin) * PH;
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-weight=\"bold\">%s</text>%n", x0 + LEFT, title));
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>%n",
                x0 + LEFT, TOP, PW, PH));
        for (double e = Math.ceil(xmin); e <= xmax + 1e-9; e++) {
            double x = px.applyAsDouble(Math.pow(10, e));
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x, TOP, x, TOP + PH, x, TOP + PH + 16,
                    fmt(Math.pow(10, e))));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">components (log)</text>%n",
                x0 + LEFT + PW / 2, TOP + PH + 34));
        int ticks = 5;
        for (int i = 0; i <= ticks; i++) {
            double v = ymin + (ymax - ymin) * i / ticks;
            double label = logY ? Math.pow(10, v) : v;
            double y = TOP + PH - (double) i / ticks * PH;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", x0 + LEFT, y, x0 + LEFT + PW, y, x0 + LEFT - 6, y + 4,
                    logY ? fmt(label) : String.format(Locale.ROOT, "%.3f", label)));
        }
        int k = 0;
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            String colour = COLOURS[k % COLOURS.length];
            StringBuilder pts = new StringBuilder();
            for (double[] p : e.getValue()) {
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", px.applyAsDouble(p[0]), py.applyAsDouble(p[1])));
            }
            sb.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n", pts, colour));
            for (double[] p : e.getValue()) {
                sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", px.applyAsDouble(p[0]),
                        py.applyAsDouble(p[1]), colour));
            }
            int ly = TOP + 14 + 16 * k;
            sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", x0 + LEFT + 8, ly - 9, colour, x0 + LEFT + 22, ly, e.getKey()));
            k++;
        }
    }

    private static String fmt(double v) {
        return v >= 1 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.3g", v);
    }
}
