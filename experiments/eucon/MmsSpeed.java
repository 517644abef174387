import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.race.charts.LineChart;

/**
 * Reads the wall time of every configuration from race:mms outputs (one per container) and writes
 * speed.csv, speed.svg and the table. Run by run.sh --speed as a single-file program:
 * {@code java -cp race-charts.jar MmsSpeed.java OUT_DIR MMS_OUTPUT...}
 */
public class MmsSpeed {
    private static final Pattern DONE = Pattern.compile("^\\s*heavy/(\\w+)\\s+done: \\S+ s of platform time in ([\\d.]+) s");

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        List<Map<String, Double>> runs = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            Map<String, Double> wall = new LinkedHashMap<>();
            for (String line : Files.readAllLines(Path.of(args[i]))) {
                Matcher m = DONE.matcher(line);
                if (m.find()) wall.put(m.group(1), Double.parseDouble(m.group(2)));
            }
            if (!wall.containsKey("fmuf") || !wall.containsKey("eucon")) throw new IllegalStateException(args[i] + ": no fmuf or eucon wall time");
            runs.add(wall);
        }
        StringBuilder table = new StringBuilder("MMS heavy (1,400 s of platform time per configuration): wall time per configuration, s\n");
        table.append(String.format(Locale.ROOT, "%-10s %10s %10s %10s %14s%n", "container", "baseline", "fmuf", "eucon", "eucon / fmuf"));
        StringBuilder csv = new StringBuilder("container,baseline_s,fmuf_s,eucon_s,eucon_over_fmuf\n");
        List<double[]> fmuf = new ArrayList<>(), eucon = new ArrayList<>();
        for (int k = 0; k < runs.size(); k++) {
            Map<String, Double> w = runs.get(k);
            double ratio = w.get("eucon") / w.get("fmuf");
            table.append(String.format(Locale.ROOT, "%-10d %10.1f %10.1f %10.1f %14.2f%n", k + 1, w.getOrDefault("baseline", Double.NaN), w.get("fmuf"),
                    w.get("eucon"), ratio));
            csv.append(String.format(Locale.ROOT, "%d,%.1f,%.1f,%.1f,%.2f%n", k + 1, w.getOrDefault("baseline", Double.NaN), w.get("fmuf"), w.get("eucon"), ratio));
            fmuf.add(new double[] { k + 1, w.get("fmuf") });
            eucon.add(new double[] { k + 1, w.get("eucon") });
        }
        Files.writeString(out.resolve("speed.csv"), csv);
        LineChart chart = new LineChart("MMS heavy: wall time per 1,400 s configuration", "container", "s").yFrom(0);
        chart.series("fmuf", fmuf).series("eucon", eucon);
        chart.series("goal: eucon 2 s", List.of(new double[] { 1, 2 }, new double[] { Math.max(2, runs.size()), 2 }), true);
        Files.writeString(out.resolve("speed.svg"), LineChart.document(List.of(chart)));
        System.out.print(table);
    }
}
