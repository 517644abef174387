package org.race.monitor.calibration;

import java.io.IOException;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code race:calibrate}: measures the platform's own overheads on this machine ({@link Calibration}),
 * prints them as a table and stores the charges (99th percentiles, µs) in ConfigAdmin, PID
 * {@value #PID}, with the repetitions, the time and the processors they were measured with.
 */
@Component(service = CalibrateCommand.class, property = { "osgi.command.scope=race", "osgi.command.function=calibrate" })
public class CalibrateCommand {
    static final String PID = "race.costmodel";
    private static final String USAGE = """
            race:calibrate [-n <repetitions>]
              measures, on this machine and with the jvm platform's mechanisms, the per-message send and receive
              cost of the component transport, the per-KB copy cost, the release timer's jitter and the context
              switch cost, each over <repetitions> rounds (default 1000, at most 100000) after as many warm-up
              rounds; prints median, p99 and max in µs and stores the p99 figures in ConfigAdmin PID race.costmodel""";

    @Reference
    ConfigurationAdmin configurations;

    @Descriptor("measure the platform's own overheads and store them as the cost model (PID race.costmodel)")
    public void calibrate(@Descriptor("show help") @Parameter(names = { "-h", "--help" }, presentValue = "true", absentValue = "false") boolean help,
            @Descriptor("repetitions per quantity") @Parameter(names = { "-n", "--repetitions" }, absentValue = "1000") int repetitions)
            throws InterruptedException, IOException {
        if (help) {
            System.out.println(USAGE);
            return;
        }
        List<Calibration.Row> rows = Calibration.measure(repetitions);
        System.out.println(table(rows));
        Dictionary<String, Object> props = new Hashtable<>();
        for (Calibration.Row r : rows) props.put(r.key(), r.charge());
        props.put("repetitions", repetitions);
        props.put("processors", Runtime.getRuntime().availableProcessors());
        props.put("calibratedAt", Instant.now().toString());
        Configuration c = configurations.getConfiguration(PID, "?");
        c.update(props);
        System.out.println("stored in ConfigAdmin PID " + PID + " (p99 figures)");
    }

    static String table(List<Calibration.Row> rows) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-20s %10s %10s %10s %7s  %s%n", "quantity", "median µs", "p99 µs", "max µs", "n", "how"));
        for (Calibration.Row r : rows) {
            b.append(String.format(Locale.ROOT, "%-20s %10.2f %10.2f %10.2f %7d  %s%n", r.key(), r.medianMicros(), r.p99Micros(), r.maxMicros(), r.n(), r.what()));
        }
        return b.toString().stripTrailing();
    }
}
