package org.race.monitor.calibration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.race.text.Arguments;
import org.race.text.CommandLine;

/**
 * {@code race:calibrate}: measures the platform's own overheads on this machine ({@link Calibration}),
 * prints them as a table and stores them in ConfigAdmin, PID {@value #PID} (99th percentiles as
 * {@code <quantity>Micros}, medians as {@code <quantity>MedianMicros}), with the repetitions, the time
 * and the processors they were measured with; {@link MeasuredCostModel} charges them. {@code --save}
 * also writes them as a .cfg file, which a container started later picks up from conf/.
 */
@Component(service = CalibrateCommand.class, property = { "osgi.command.scope=race", "osgi.command.function=calibrate" })
public class CalibrateCommand {
    static final String PID = "race.costmodel";
    private static final String USAGE = """
            race:calibrate [-n <repetitions>] [--save <file.cfg>]
              measures, on this machine and with the jvm platform's mechanisms, the per-message send and receive
              cost of the component transport, the per-KB copy cost, the release timer's jitter and the context
              switch cost, each over <repetitions> rounds (default 1000, at most 100000) after as many warm-up
              rounds; prints median, p99 and max in µs and stores p99s and medians in ConfigAdmin PID race.costmodel,
              where admission charges them on the jvm platform (cpu: medians; deadlines: p99s and the release jitter).
              --save also writes them to <file.cfg> (e.g. conf/race.costmodel.cfg, read at the next start)""";

    @Reference
    ConfigurationAdmin configurations;

    @Descriptor("measure the platform's own overheads and store them as the cost model (PID race.costmodel)")
    public void calibrate(@Descriptor("[-n|--repetitions N] [--save <file.cfg>]") String... args) throws InterruptedException, IOException {
        Arguments a = new CommandLine("race:calibrate", USAGE).option("--repetitions", "-n").option("--save").parse(args);
        if (a.help()) {
            System.out.println(USAGE);
            return;
        }
        a.positional(0, 0);
        int repetitions = (int) a.whole("--repetitions", 1000, 1, 100_000);
        // a bad --save is refused before seconds of measuring, and nothing is stored
        String save = a.value("--save", "");
        Path file = save.isEmpty() ? null : Path.of(save).toAbsolutePath();
        if (file != null && !file.getFileName().toString().endsWith(".cfg")) {
            throw a.error("--save " + save + ": the file must end in .cfg (FileInstall reads those)");
        }
        if (file != null && !Files.isDirectory(file.getParent())) throw a.error("--save " + save + ": no folder " + file.getParent());
        List<Calibration.Row> rows = Calibration.measure(repetitions);
        System.out.println(table(rows));
        Map<String, Object> figures = new LinkedHashMap<>();
        for (Calibration.Row r : rows) {
            figures.put(r.key(), r.p99Micros());
            if (!r.key().equals("releaseJitterMicros")) figures.put(r.key().replace("Micros", "MedianMicros"), r.medianMicros());
        }
        figures.put("repetitions", repetitions);
        figures.put("processors", Runtime.getRuntime().availableProcessors());
        figures.put("calibratedAt", Instant.now().toString());
        if (file != null) {
            StringBuilder cfg = new StringBuilder("# race:calibrate -n " + repetitions + " on this machine: 99th percentiles (<quantity>Micros) and medians, µs\n");
            figures.forEach((k, v) -> cfg.append(k).append(" = ").append(v).append('\n'));
            Files.writeString(file, cfg);
            System.out.println("written to " + file);
        }
        Configuration c = configurations.getConfiguration(PID, "?");
        c.update(new Hashtable<>(figures));
        System.out.println("stored in ConfigAdmin PID " + PID + " (p99s and medians)");
    }

    static String table(List<Calibration.Row> rows) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-20s %10s %10s %10s %7s  %s%n", "quantity", "median µs", "p99 µs", "max µs", "n", "how"));
        for (Calibration.Row r : rows) {
            b.append(String.format(Locale.ROOT, "%-20s %10.2f %10.2f %10.2f %7d  %s%n", r.key(), r.medianMicros(), r.p99Micros(), r.maxMicros(), r.n(), r.what()));
        }
        return b.toString().stripTrailing();
    }
}
