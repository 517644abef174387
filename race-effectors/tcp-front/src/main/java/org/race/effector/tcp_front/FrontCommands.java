package org.race.effector.tcp_front;

import java.util.List;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** {@code race:front}: the sensors and accept rates of every configured TCP front. */
@Component(service = FrontCommands.class, property = { "osgi.command.scope=race", "osgi.command.function=front" })
public class FrontCommands {
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    volatile List<FrontComponent> fronts;

    static final String USAGE = "race:front\n  per-class sensors (waiting, accepted, mean connection delay since start) and accept rate of every TCP front (factory PID race.front)";

    public void front(String... args) {
        // this bundle stands without race-api (and its CommandLine): one option is read by hand
        if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
            System.out.println(USAGE);
            return;
        }
        if (args.length > 0) {
            String what = args[0].startsWith("-") ? "unknown option " + args[0] : "takes no arguments, got " + String.join(" ", args);
            throw new IllegalArgumentException("race:front: " + what + "\nusage: race:front");
        }
        if (fronts.isEmpty()) System.out.println("no TCP front configured (factory PID race.front)");
        for (FrontComponent f : fronts) {
            System.out.println(f.name());
            for (ClassSensors s : f.front().sensors()) {
                System.out.printf("  %-10s waiting %4d  accepted %7d  delay %8.1f ms  accept rate %s%n", s.name(), s.waiting(), s.accepted(),
                        s.meanDelaySince(null) * 1000, Double.isInfinite(s.acceptRate()) ? "unlimited" : String.format("%.1f/s", s.acceptRate()));
            }
        }
    }
}
