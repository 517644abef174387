package org.race.monitor.calibration;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.race.api.CostModel;
import org.race.api.FrameworkProperties;
import org.race.api.model.Application;
import org.race.api.model.Connection;
import org.race.api.model.Domain;
import org.race.api.model.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cost model {@code race:calibrate} stored (PID {@value CalibrateCommand#PID}), charged as the jvm
 * platform incurs it. Every job of a component is handed to its worker thread, which is woken: receive +
 * context switch; every outgoing connection is one send per job plus its message (bandwidth × period)
 * at the per-KB cost. Two charges from the same formula: the cpu demand grows by the typical cost of a
 * job (medians) once per period, since that is what the processor spends on average; the latency of a
 * path grows by the bad case (99th percentiles) of each job on it, plus the release jitter once,
 * against the deadline. Only on the jvm platform: the figures are its mechanisms', and on the simulated
 * platform nothing incurs them, so there the model charges nothing (and says so).
 */
@Component(service = CostModel.class, configurationPid = CalibrateCommand.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = MeasuredCostModel.Config.class)
public class MeasuredCostModel implements CostModel {
    @ObjectClassDefinition(name = "RACE cost model", description = "The platform's own overheads (µs), written by race:calibrate: "
            + "<quantity>Micros are 99th percentiles, <quantity>MedianMicros medians")
    public @interface Config {
        double sendMicros();

        double receiveMicros();

        double contextSwitchMicros();

        double perKilobyteMicros();

        double releaseJitterMicros();

        @AttributeDefinition(description = "Median of the send cost; missing: the 99th percentile is charged to cpu too")
        double sendMedianMicros() default -1;

        double receiveMedianMicros() default -1;

        double contextSwitchMedianMicros() default -1;

        double perKilobyteMedianMicros() default -1;

        @AttributeDefinition(description = "false keeps the figures but charges nothing (admission as without a cost model)")
        boolean charge() default true;

        String calibratedAt() default "";
    }

    /** One set of per-operation costs, µs. */
    public record Overheads(double send, double receive, double contextSwitch, double perKilobyte) {
        public Overheads {
            for (double v : new double[] { send, receive, contextSwitch, perKilobyte }) {
                if (!(v >= 0)) throw new IllegalArgumentException(CalibrateCommand.PID + ": every overhead must be >= 0 µs, got " + v);
            }
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(MeasuredCostModel.class);

    private final Overheads typical, worst;
    private final double releaseJitter;
    private final boolean charging;
    private final String calibratedAt;

    @Activate
    public MeasuredCostModel(Config config, BundleContext context) {
        this(median(config.sendMedianMicros(), config.sendMicros(), config.receiveMedianMicros(), config.receiveMicros(), config.contextSwitchMedianMicros(),
                config.contextSwitchMicros(), config.perKilobyteMedianMicros(), config.perKilobyteMicros()),
                new Overheads(config.sendMicros(), config.receiveMicros(), config.contextSwitchMicros(), config.perKilobyteMicros()), config.releaseJitterMicros(),
                config.charge() && "jvm".equals(context.getProperty(FrameworkProperties.PLATFORM)), config.calibratedAt());
        if (!config.charge()) {
            LOG.info("cost model ({}): charge = false, admission counts declared demands only", CalibrateCommand.PID);
        } else if (!charging) {
            LOG.info("cost model ({}): measured for the jvm platform; the platform is {}, which does not incur these overheads: nothing charged",
                    CalibrateCommand.PID, Objects.requireNonNullElse(context.getProperty(FrameworkProperties.PLATFORM), FrameworkProperties.DEFAULT_PLATFORM));
        } else {
            LOG.info("cost model ({}) charged by admission: {}", CalibrateCommand.PID, describe());
        }
    }

    /** Medians where stored, else the 99th percentiles (a configuration written by hand may give only those). */
    private static Overheads median(double send, double sendP99, double receive, double receiveP99, double cs, double csP99, double kb, double kbP99) {
        return new Overheads(send < 0 ? sendP99 : send, receive < 0 ? receiveP99 : receive, cs < 0 ? csP99 : cs, kb < 0 ? kbP99 : kb);
    }

    /** With the figures given, in µs (tests and tools). */
    public MeasuredCostModel(Overheads typical, Overheads worst, double releaseJitter, boolean charging, String calibratedAt) {
        if (!(releaseJitter >= 0)) throw new IllegalArgumentException(CalibrateCommand.PID + ": every overhead must be >= 0 µs, got " + releaseJitter);
        this.typical = typical;
        this.worst = worst;
        this.releaseJitter = releaseJitter;
        this.charging = charging;
        this.calibratedAt = calibratedAt;
    }

    /** Every component's outgoing connections (none: an empty list), built once per application. */
    static Map<String, List<Connection>> outgoing(Application app) {
        Map<String, List<Connection>> out = new HashMap<>();
        for (org.race.api.model.Component c : app.components()) out.put(c.name(), new ArrayList<>());
        for (Connection k : app.connections()) out.get(k.from()).add(k);
        return out;
    }

    /** What the platform spends on one job of a component with these outgoing connections, at the given costs, ms. */
    static double jobMs(Overheads o, List<Connection> outgoing, double periodMs) {
        double micros = o.receive() + o.contextSwitch();
        for (Connection k : outgoing) micros += o.send() + kilobytes(k, periodMs) * o.perKilobyte();
        return micros / 1000;
    }

    /** One message of a connection: its bandwidth (Mbit/s) over one period. */
    private static double kilobytes(Connection k, double periodMs) {
        return k.bandwidth() * periodMs / 1000 * 1e6 / 8 / 1024;
    }

    @Override
    public Application charge(Application app) {
        if (!charging) return app;
        Map<String, List<Connection>> out = outgoing(app);
        List<org.race.api.model.Component> charged = new ArrayList<>();
        for (org.race.api.model.Component c : app.components()) {
            charged.add(c.withCpu(c.demand().cpu() + jobMs(typical, out.get(c.name()), app.periodMs()) / app.periodMs()));
        }
        return new Application(app.name(), app.importance(), app.mode(), app.periodMs(), app.deadlineMs(), app.periodRange(), charged, app.connections(),
                app.region());
    }

    @Override
    public String deadlineShortfall(Application app, Map<String, String> nodeOf, Domain domain) {
        if (!charging) return null;
        Map<String, Double> cpu = new HashMap<>();
        for (Node n : domain.nodes()) cpu.put(n.name(), n.capacity().cpu());
        Map<String, List<Connection>> in = new HashMap<>(), out = outgoing(app);
        Map<String, Integer> waiting = new HashMap<>();
        for (org.race.api.model.Component c : app.components()) {
            in.put(c.name(), new ArrayList<>());
            waiting.put(c.name(), 0);
        }
        for (Connection k : app.connections()) {
            in.get(k.to()).add(k);
            waiting.merge(k.to(), 1, Integer::sum);
        }
        // longest path in topological order (the adapter refuses cycles): finish time and the path's parts
        Map<String, Path> finish = new HashMap<>();
        Deque<String> ready = new ArrayDeque<>();
        waiting.forEach((c, n) -> {
            if (n == 0) ready.add(c);
        });
        Path longest = null;
        while (!ready.isEmpty()) {
            String c = ready.poll();
            Path best = new Path(List.of(), 0, 0, 0);
            for (Connection k : in.get(c)) {
                Path p = finish.get(k.from());
                String a = nodeOf.get(k.from()), b = nodeOf.get(k.to());
                double link = a.equals(b) ? 0 : domain.linkLatencyMs() + k.bandwidth() * app.periodMs() / 1000 / linkMbps(domain, a, b) * 1000;
                Path via = new Path(p.components(), p.executionMs(), p.overheadMs(), p.linkMs() + link);
                if (via.totalMs() > best.totalMs()) best = via;
            }
            List<String> names = new ArrayList<>(best.components());
            names.add(c);
            double exec = app.component(c).orElseThrow().executionTimeMs() / cpu.getOrDefault(nodeOf.get(c), 1.0);
            Path here = new Path(names, best.executionMs() + exec, best.overheadMs() + jobMs(worst, out.get(c), app.periodMs()), best.linkMs());
            finish.put(c, here);
            if (longest == null || here.totalMs() > longest.totalMs()) longest = here;
            for (Connection k : out.get(c)) {
                if (waiting.merge(k.to(), -1, Integer::sum) == 0) ready.add(k.to());
            }
        }
        double jitterMs = releaseJitter / 1000;
        if (longest == null || longest.totalMs() + jitterMs <= app.deadlineMs()) return null;
        return String.format(Locale.ROOT,
                "cannot meet its deadline of %s ms with the platform's overheads: path %s takes %.3f ms (execution %.3f + per-job overheads at p99 %.3f + links %.3f + release jitter %.3f; cost model %s%s)",
                num(app.deadlineMs()), String.join(" -> ", longest.components()), longest.totalMs() + jitterMs, longest.executionMs(), longest.overheadMs(),
                longest.linkMs(), jitterMs, CalibrateCommand.PID, calibratedAt.isEmpty() ? "" : ", calibrated " + calibratedAt);
    }

    private static double linkMbps(Domain d, String a, String b) {
        return Math.min(d.node(a).orElseThrow().capacity().bandwidth(), d.node(b).orElseThrow().capacity().bandwidth());
    }

    private record Path(List<String> components, double executionMs, double overheadMs, double linkMs) {
        double totalMs() {
            return executionMs + overheadMs + linkMs;
        }
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "per job receive + context switch %.1f + %.1f µs (p99 %.1f + %.1f), per send %.1f µs + %.3f µs/KB (p99 %.1f + %.3f), "
                + "release jitter p99 %.1f µs%s", typical.receive(), typical.contextSwitch(), worst.receive(), worst.contextSwitch(), typical.send(),
                typical.perKilobyte(), worst.send(), worst.perKilobyte(), releaseJitter, charging ? "" : " (not charged)");
    }

    private static String num(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
