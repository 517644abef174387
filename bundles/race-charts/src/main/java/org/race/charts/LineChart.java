package org.race.charts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * A line chart written as SVG, with no dependency: named series of (x, y) points, optional log
 * axes, a legend. Built by chaining, e.g.
 * {@code new LineChart("delay vs nodes", "nodes", "ms").logX().series("flat", points).svg()}.
 */
public final class LineChart {
    private static final String[] COLOURS = { "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf" };
    public static final int WIDTH = 560, HEIGHT = 380;
    private static final int LEFT = 70, TOP = 40, PW = 440, PH = 280;

    private final String title, xLabel, yLabel;
    private final Map<String, List<double[]>> series = new LinkedHashMap<>();
    private final Map<String, Boolean> dashed = new LinkedHashMap<>();
    private boolean logX, logY;
    private Double yMin;

    public LineChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    public LineChart logX() {
        logX = true;
        return this;
    }

    public LineChart logY() {
        logY = true;
        return this;
    }

    /** Start the y axis at this value (linear axes only; default: the smallest y). */
    public LineChart yFrom(double min) {
        yMin = min;
        return this;
    }

    public LineChart series(String name, List<double[]> points) {
        return series(name, points, false);
    }

    public LineChart series(String name, List<double[]> points, boolean dash) {
        series.put(name, new ArrayList<>(points));
        dashed.put(name, dash);
        return this;
    }

    /** A standalone SVG document of this chart. */
    public String svg() {
        return document(List.of(this));
    }

    /** Several charts side by side in one SVG document. */
    public static String document(List<LineChart> charts) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
                WIDTH * charts.size(), HEIGHT));
        for (int i = 0; i < charts.size(); i++) charts.get(i).draw(sb, i * WIDTH);
        return sb.append("</svg>\n").toString();
    }

    private double tx(double v) {
        return logX ? Math.log10(Math.max(v, 1e-12)) : v;
    }

    private double ty(double v) {
        return logY ? Math.log10(Math.max(v, 1e-12)) : v;
    }

    private void draw(StringBuilder sb, int x0) {
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-weight=\"bold\">%s</text>%n", x0 + LEFT, esc(title)));
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>%n",
                x0 + LEFT, TOP, PW, PH));
        double xmin = Double.MAX_VALUE, xmax = -Double.MAX_VALUE, ymin = Double.MAX_VALUE, ymax = -Double.MAX_VALUE;
        for (List<double[]> ps : series.values()) {
            for (double[] p : ps) {
                xmin = Math.min(xmin, tx(p[0]));
                xmax = Math.max(xmax, tx(p[0]));
                ymin = Math.min(ymin, ty(p[1]));
                ymax = Math.max(ymax, ty(p[1]));
            }
        }
        if (xmin > xmax) {
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">no data</text>%n", x0 + LEFT + 10, TOP + 20));
            return;
        }
        if (logX) {
            xmin = Math.floor(xmin);
            xmax = Math.ceil(xmax);
        }
        if (logY) {
            ymin = Math.floor(ymin);
            ymax = Math.ceil(ymax);
        } else if (yMin != null) {
            ymin = Math.min(yMin, ymin);
        }
        if (xmax - xmin < 1e-12) xmax = xmin + 1;
        if (ymax - ymin < 1e-12) ymax = ymin + 1;
        if (!logY) ymax += (ymax - ymin) * 0.05;
        double fx0 = xmin, fx1 = xmax, fy0 = ymin, fy1 = ymax;
        DoubleUnaryOperator px = v -> x0 + LEFT + (tx(v) - fx0) / (fx1 - fx0) * PW;
        DoubleUnaryOperator py = v -> TOP + PH - (ty(v) - fy0) / (fy1 - fy0) * PH;
        // log axes get a tick per decade, linear ones five equal steps
        for (double gx : ticks(xmin, xmax, logX)) {
            double sx = x0 + LEFT + (gx - xmin) / (xmax - xmin) * PW;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e4e4e4\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", sx, TOP, sx, TOP + PH, sx, TOP + PH + 16,
                    fmt(logX ? Math.pow(10, gx) : gx)));
        }
        for (double gy : ticks(ymin, ymax, logY)) {
            double sy = TOP + PH - (gy - ymin) / (ymax - ymin) * PH;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", x0 + LEFT, sy, x0 + LEFT + PW, sy, x0 + LEFT - 6, sy + 4,
                    fmt(logY ? Math.pow(10, gy) : gy)));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x0 + LEFT + PW / 2,
                TOP + PH + 34, esc(xLabel + (logX ? " (log)" : ""))));
        sb.append(String.format(Locale.ROOT, "<text transform=\"translate(%d,%d) rotate(-90)\" text-anchor=\"middle\">%s</text>%n",
                x0 + 16, TOP + PH / 2, esc(yLabel + (logY ? " (log)" : ""))));
        int k = 0;
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            String colour = COLOURS[k % COLOURS.length];
            String dash = dashed.get(e.getKey()) ? " stroke-dasharray=\"6,4\"" : "";
            StringBuilder pts = new StringBuilder();
            for (double[] p : e.getValue()) pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", px.applyAsDouble(p[0]), py.applyAsDouble(p[1])));
            sb.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
                    pts.toString().trim(), colour, dash));
            for (double[] p : e.getValue()) {
                sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", px.applyAsDouble(p[0]),
                        py.applyAsDouble(p[1]), colour));
            }
            int ly = TOP + 16 + 16 * k;
            sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", x0 + LEFT + 8, ly - 9, colour, x0 + LEFT + 22, ly, esc(e.getKey())));
            k++;
        }
    }

    private static List<Double> ticks(double min, double max, boolean log) {
        List<Double> out = new ArrayList<>();
        if (log) {
            for (double e = Math.ceil(min - 1e-9); e <= max + 1e-9; e++) out.add(e);
        } else {
            for (int i = 0; i <= 5; i++) out.add(min + (max - min) * i / 5);
        }
        return out;
    }

    /** Three significant digits, without trailing zeros: 1.02, 0.0063, 250, 10000. */
    static String fmt(double v) {
        if (Math.abs(v) >= 1000 || v == 0) return String.format(Locale.ROOT, "%.0f", v);
        String t = new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
        return t.equals("-0") ? "0" : t;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
