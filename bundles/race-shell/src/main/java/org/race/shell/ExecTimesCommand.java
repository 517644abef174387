package org.race.shell;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.race.api.CentralMonitor;
import org.race.api.Engine;
import org.race.api.model.DeploymentException;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;
import org.race.api.monitoring.JobTimes;
import org.race.api.monitoring.SystemSnapshot;
import org.race.text.Arguments;
import org.race.text.CommandLine;

/**
 * {@code race:exectimes}: the declared execution time of each component beside the CPU time per job measured on
 * its node, and which of them the schedulability analysis counts (race.engine {@code executionTimes}, or this
 * command's {@code --use} for one application). Not to be confused with race:calibrate, which measures the
 * platform's own overheads per job (the cost model): those are charged on top of whichever execution time counts.
 */
@Component(service = ExecTimesCommand.class, property = { "osgi.command.scope=race", "osgi.command.function=exectimes" })
public class ExecTimesCommand {
    static final String USAGE = "race:exectimes [-u|--use declared|median|p99|max|default] [<application>]\n"
            + "  Without an application: per deployed application, which execution times the schedulability analysis\n"
            + "  (admission, race:analyze, the bounds of race:apps -v and race:status) counts and how many of its\n"
            + "  components have been measured. With one: per component its declared executionTime, the CPU time per job\n"
            + "  measured on its node over its measurement window (median, p99, max, ms of CPU there, and the jobs they\n"
            + "  rest on), and the execution time counted: a measured figure counts as that CPU time x the node's cpu\n"
            + "  (what executionTime means); a component not measured on its node counts its declared one.\n"
            + "  --use chooses the figure for that application until it is undeployed (default: the race.engine setting\n"
            + "  executionTimes, declared unless configured). Nothing is admitted again: the bounds show the result.";

    private static final CommandLine LINE = new CommandLine("race:exectimes", USAGE).option("--use", "-u");
    private static final Set<String> FIGURES = Set.of("median", "p99", "max");

    @Reference
    Engine engine;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile CentralMonitor monitor;

    @Descriptor("show or choose the execution times the schedulability analysis counts")
    public void exectimes(@Descriptor("[-u|--use declared|median|p99|max|default] [<application>]") String... args) throws DeploymentException {
        Arguments typed = LINE.parse(args);
        if (typed.help()) {
            System.out.println(USAGE);
            return;
        }
        List<String> app = typed.positional(0, 1);
        String use = typed.value("--use", null);
        if (use != null && app.isEmpty()) throw LINE.error("--use needs the application it is for");
        if (app.isEmpty()) {
            System.out.print(summary());
            return;
        }
        DeploymentPlan plan = engine.application(app.get(0)).orElseThrow(() -> LINE.error("no application '" + app.get(0) + "' is deployed"));
        if (use != null) {
            engine.useExecutionTimes(plan.name(), use);
            System.out.println(plan.name() + " counts " + describe(engine.executionTimes(plan.name())) + " execution times from now on");
        }
        System.out.print(components(plan));
    }

    private static String describe(String which) {
        return FIGURES.contains(which) ? "the measured " + which : "the declared";
    }

    private String summary() {
        List<DeploymentPlan> plans = engine.applications();
        if (plans.isEmpty()) return "no applications deployed\n";
        Map<String, Integer> measured = new HashMap<>();
        snapshot().ifPresent(s -> s.nodes().forEach(n -> n.components().forEach(c -> {
            if (c.jobCpu().jobs() > 0) measured.merge(c.application(), 1, Integer::sum);
        })));
        Table t = new Table("application", "counts", "components", "measured");
        for (DeploymentPlan p : plans) t.row(p.name(), engine.executionTimes(p.name()), p.application().components().size(), measured.getOrDefault(p.name(), 0));
        return t.toString();
    }

    private String components(DeploymentPlan plan) {
        String which = engine.executionTimes(plan.name());
        // one pass over the snapshot: an application of 10,000 components must not scan it per component
        Map<String, JobTimes> mine = new HashMap<>();
        snapshot().ifPresent(s -> s.nodes().forEach(n -> n.components().forEach(c -> {
            if (c.application().equals(plan.name()) && n.node().equals(plan.placement().nodeOf().get(c.component()))) mine.put(c.component(), c.jobCpu());
        })));
        Domain domain = engine.domain().orElse(null);
        Table t = new Table("component", "node", "declared ms", "jobs", "median ms", "p99 ms", "max ms", "counted ms");
        for (org.race.api.model.Component c : plan.application().components()) {
            String node = plan.placement().nodeOf().get(c.name());
            JobTimes m = mine.getOrDefault(c.name(), JobTimes.NONE);
            double cpu = domain == null ? 1 : domain.node(node).map(n -> n.capacity().cpu()).filter(x -> x > 0).orElse(1.0);
            boolean timed = m.jobs() > 0;
            double counted = FIGURES.contains(which) && timed ? m.figure(which) * cpu : c.executionTimeMs();
            t.row(c.name(), node, Table.num(c.executionTimeMs()), m.jobs(), timed ? Table.num(m.medianMs()) : null, timed ? Table.num(m.p99Ms()) : null,
                    timed ? Table.num(m.maxMs()) : null, Table.num(counted));
        }
        return plan.name() + " counts " + describe(which) + " execution times (measured: ms of CPU a job on its node, over its measurement window)\n" + t;
    }

    private java.util.Optional<SystemSnapshot> snapshot() {
        CentralMonitor m = monitor;
        return m == null ? java.util.Optional.empty() : m.latest();
    }
}
