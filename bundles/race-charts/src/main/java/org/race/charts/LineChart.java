package org.race.charts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * A line chart written as SVG, with no dependency: named series of (x, y) points, optional log
 * axes, a legend (in the plot, or beside it for many series), labelled vertical marks (events on a
 * time axis). Built by chaining, e.g.
 * {@code new LineChart("delay vs nodes", "nodes", "ms").logX().series("flat", points).svg()}.
 */
public final class LineChart {
    private static final String[] COLOURS = { "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf",
            "#7f7f7f", "#bcbd22" };
    public static final int WIDTH = 560, HEIGHT = 380;
    private static final int LEFT = 70, TOP = 40, PW = 440, PH = 280, LEGEND_WIDTH = 240;

    private final String title, xLabel, yLabel;
    private final Map<String, List<double[]>> series = new LinkedHashMap<>();
    private final Map<String, Boolean> dashed = new LinkedHashMap<>();
    private final Map<String, String> colours = new LinkedHashMap<>();
    private final List<Map.Entry<Double, String>> marks = new ArrayList<>();
    private boolean logX, logY, legendBeside, pointMarkers = true;
    private Double yMin;
    private double[] xAxis, yAxis;

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

    /** A fixed linear x axis from {@code min} to {@code max} with a tick every {@code step}. */
    public LineChart xAxis(double min, double max, double step) {
        xAxis = new double[] { min, max, step };
        return this;
    }

    /** A fixed linear y axis from {@code min} to {@code max} with a tick every {@code step}, e.g. one scale for several charts. */
    public LineChart yAxis(double min, double max, double step) {
        yAxis = new double[] { min, max, step };
        return this;
    }

    /** The legend in a column right of the plot, for more series than fit inside it. */
    public LineChart legendBeside() {
        legendBeside = true;
        return this;
    }

    /** Lines only, no dot per point: for long series. */
    public LineChart noPointMarkers() {
        pointMarkers = false;
        return this;
    }

    /**
     * A labelled vertical line at {@code x}, e.g. an event on a time axis. With the legend beside the
     * plot the line carries a number and the label goes into the legend, else the label is on the line.
     */
    public LineChart mark(double x, String label) {
        marks.add(Map.entry(x, label));
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

    /** A series in a colour of its own (SVG colour, e.g. {@code #d62728}) instead of the next of the palette. */
    public LineChart series(String name, List<double[]> points, boolean dash, String colour) {
        colours.put(name, colour);
        return series(name, points, dash);
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
                charts.stream().mapToInt(LineChart::width).sum(), HEIGHT));
        int x0 = 0;
        for (LineChart c : charts) {
            c.draw(sb, x0);
            x0 += c.width();
        }
        return sb.append("</svg>\n").toString();
    }

    private int width() {
        return WIDTH + (legendBeside ? LEGEND_WIDTH : 0);
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
        } else if (xAxis != null) {
            xmin = xAxis[0];
            xmax = xAxis[1];
        }
        if (logY) {
            ymin = Math.floor(ymin);
            ymax = Math.ceil(ymax);
        } else if (yAxis != null) {
            ymin = yAxis[0];
            ymax = yAxis[1];
        } else if (yMin != null) {
            ymin = Math.min(yMin, ymin);
        }
        if (xmax - xmin < 1e-12) xmax = xmin + 1;
        if (ymax - ymin < 1e-12) ymax = ymin + 1;
        if (!logY && yAxis == null) ymax += (ymax - ymin) * 0.05; // headroom unless the axis was chosen
        double fx0 = xmin, fx1 = xmax, fy0 = ymin, fy1 = ymax;
        DoubleUnaryOperator px = v -> x0 + LEFT + (tx(v) - fx0) / (fx1 - fx0) * PW;
        DoubleUnaryOperator py = v -> TOP + PH - (ty(v) - fy0) / (fy1 - fy0) * PH;
        // log axes get a tick per decade, linear ones five equal steps
        for (double gx : xAxis != null && !logX ? steps(xmin, xmax, xAxis[2]) : ticks(xmin, xmax, logX)) {
            double sx = x0 + LEFT + (gx - xmin) / (xmax - xmin) * PW;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e4e4e4\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", sx, TOP, sx, TOP + PH, sx, TOP + PH + 16,
                    fmt(logX ? Math.pow(10, gx) : gx)));
        }
        for (double gy : yAxis != null && !logY ? steps(ymin, ymax, yAxis[2]) : ticks(ymin, ymax, logY)) {
            double sy = TOP + PH - (gy - ymin) / (ymax - ymin) * PH;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", x0 + LEFT, sy, x0 + LEFT + PW, sy, x0 + LEFT - 6, sy + 4,
                    fmt(logY ? Math.pow(10, gy) : gy)));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x0 + LEFT + PW / 2,
                TOP + PH + 34, esc(xLabel + (logX ? " (log)" : ""))));
        sb.append(String.format(Locale.ROOT, "<text transform=\"translate(%d,%d) rotate(-90)\" text-anchor=\"middle\">%s</text>%n",
                x0 + 16, TOP + PH / 2, esc(yLabel + (logY ? " (log)" : ""))));
        List<String> listed = new ArrayList<>();
        for (Map.Entry<Double, String> m : marks) {
            double sx = px.applyAsDouble(m.getKey());
            if (sx < x0 + LEFT - 0.5 || sx > x0 + LEFT + PW + 0.5) continue;
            sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#888\" stroke-dasharray=\"2,3\"/>%n",
                    sx, TOP, sx, TOP + PH));
            if (legendBeside) {
                listed.add((listed.size() + 1) + "  " + m.getValue());
                sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\" fill=\"#555\">%d</text>%n",
                        sx, TOP - 4, listed.size()));
            } else {
                sb.append(String.format(Locale.ROOT, "<text transform=\"translate(%.1f,%d) rotate(-90)\" text-anchor=\"end\" font-size=\"10\" "
                        + "fill=\"#555\">%s</text>%n", sx + 11, TOP + 4, esc(m.getValue())));
            }
        }
        int k = 0;
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            String colour = colours.getOrDefault(e.getKey(), COLOURS[k % COLOURS.length]);
            String dash = dashed.get(e.getKey()) ? " stroke-dasharray=\"6,4\"" : "";
            StringBuilder pts = new StringBuilder();
            for (double[] p : e.getValue()) pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", px.applyAsDouble(p[0]), py.applyAsDouble(p[1])));
            sb.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
                    pts.toString().trim(), colour, dash));
            for (double[] p : pointMarkers ? e.getValue() : List.<double[]>of()) {
                sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", px.applyAsDouble(p[0]),
                        py.applyAsDouble(p[1]), colour));
            }
            int ly = TOP + 16 + 16 * k, lx = x0 + LEFT + (legendBeside ? PW + 12 : 8);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"%s/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", lx, ly - 4, lx + 18, ly - 4, colour, dash, lx + 24, ly, esc(e.getKey())));
            k++;
        }
        for (int i = 0; i < listed.size(); i++) {
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#555\">%s</text>%n", x0 + LEFT + PW + 12,
                    TOP + 16 + 16 * (k + 1 + i), esc(listed.get(i))));
        }
    }

    private static List<Double> steps(double min, double max, double step) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; min + i * step <= max + step * 1e-9; i++) out.add(min + i * step);
        return out;
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
