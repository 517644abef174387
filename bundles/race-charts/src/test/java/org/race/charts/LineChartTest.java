package org.race.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class LineChartTest {
    @Test
    void drawsEverySeriesWithItsPointsAndLegend() {
        String svg = new LineChart("delay vs nodes", "nodes", "ms").logX()
                .series("flat", List.of(new double[] { 1, 2 }, new double[] { 10, 4 }, new double[] { 100, 8 }))
                .series("hierarchical", List.of(new double[] { 1, 1 }, new double[] { 100, 2 }), true).svg();
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assertEquals(2, count(svg, "<polyline"));
        assertEquals(5, count(svg, "<circle"));
        assertTrue(svg.contains(">flat<") && svg.contains(">hierarchical<") && svg.contains("nodes (log)"));
        assertTrue(svg.contains("stroke-dasharray"));
    }

    /** The largest y lies higher on the page than the smallest (SVG y grows downwards). */
    @Test
    void largerValuesAreDrawnHigher() {
        String svg = new LineChart("t", "x", "y").series("s", List.of(new double[] { 0, 0 }, new double[] { 1, 10 })).svg();
        Matcher m = Pattern.compile("<circle cx=\"[0-9.]+\" cy=\"([0-9.]+)\"").matcher(svg);
        assertTrue(m.find());
        double y0 = Double.parseDouble(m.group(1));
        assertTrue(m.find());
        assertTrue(Double.parseDouble(m.group(1)) < y0);
        assertTrue(new LineChart("empty", "x", "y").svg().contains("no data"));
    }

    /** Long time series: no dots, the legend beside the plot (a wider document), events as labelled marks, a shared y scale. */
    @Test
    void legendBesideMarksAndNoDots() {
        LineChart c = new LineChart("miss ratio", "time s", "ratio").legendBeside().noPointMarkers().yAxis(0, 1, 0.25).xAxis(0, 1400, 200)
                .mark(300, "300 s: workload -10 %").mark(5000, "outside")
                .series("a (medium)", List.of(new double[] { 10, 0 }, new double[] { 1400, 0.2 }), false, "#123456");
        String svg = c.svg();
        assertTrue(svg.contains("width=\"" + (LineChart.WIDTH + 240) + "\""));
        assertEquals(0, count(svg, "<circle"));
        assertTrue(svg.contains(">1  300 s: workload -10 %<") && !svg.contains("outside"), "marks numbered, listed in the legend");
        assertTrue(svg.contains(">0.25<") && svg.contains(">1<"), "y axis 0 to 1 by 0.25");
        assertTrue(svg.contains(">0<") && svg.contains(">1200<") && svg.contains(">1400<"), "x axis 0 to 1400 by 200");
        assertTrue(svg.contains("stroke=\"#123456\""));
    }

    private static int count(String s, String what) {
        return s.split(Pattern.quote(what), -1).length - 1;
    }
}
