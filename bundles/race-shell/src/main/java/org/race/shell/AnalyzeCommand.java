package org.race.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.race.api.DescriptorReader;
import org.race.api.Engine;
import org.race.api.analysis.AnalysisResult;
import org.race.api.analysis.ApplicationBound;
import org.race.api.analysis.ComponentResponse;
import org.race.api.model.Application;
import org.race.api.model.DeploymentException;
import org.race.api.model.Domain;

import org.race.text.Arguments;
import org.race.text.CommandLine;

import com.google.gson.GsonBuilder;

/**
 * {@code race:analyze}: what race:deploy would admit, without deploying: the applications placed as it
 * would place them (on top of what is deployed, or on an empty domain of their own), configured, and
 * their worst-case responses and end-to-end bounds against their deadlines.
 */
@Component(service = AnalyzeCommand.class, property = { "osgi.command.scope=race", "osgi.command.function=analyze" })
public class AnalyzeCommand {
    static final String USAGE = "race:analyze [-a|--allocator <name>] [-d|--domain <file>] [--json] <app.json>...\n"
            + "  Places the applications as race:deploy would (one after the other, on top of what is deployed; with\n"
            + "  --domain on that domain, empty), runs the configurator chain and the schedulability analysis, and prints\n"
            + "  per component its node, priority, worst-case execution and response time, per application its\n"
            + "  worst-case end-to-end latency bound against its deadline and the verdict. Nothing is deployed.\n"
            + "  --json prints one object: {\"schedulable\": bool, \"applications\": [{\"name\", \"boundMs\" (null: unbounded),\n"
            + "  \"deadlineMs\", \"schedulable\", \"components\": [{\"name\", \"node\", \"priority\", \"wcetMs\", \"responseMs\"}]}]}.";

    @Reference
    Engine engine;

    @Reference
    DescriptorReader descriptors;

    private static final CommandLine LINE = new CommandLine("race:analyze", USAGE).option("--allocator", "-a").option("--domain", "-d")
            .flag("--json");

    @Descriptor("analyse applications' worst-case response times without deploying")
    public void analyze(CommandSession session, @Descriptor("[-a <allocator>] [-d <domain>] [--json] <app.json>...") String... args)
            throws DeploymentException {
        Arguments typed = LINE.parse(args);
        if (typed.help()) {
            System.out.println(USAGE);
            return;
        }
        if (typed.positional(0, Integer.MAX_VALUE).isEmpty()) throw LINE.error("give at least one application descriptor");
        String domainFile = typed.value("--domain", null);
        Domain onto = domainFile == null ? null : descriptors.readDomain(RaceCommands.resolve(session, domainFile));
        Domain checkAgainst = onto != null ? onto : engine.domain().orElse(null);
        List<Application> apps = new ArrayList<>();
        for (String f : typed.positional(1, Integer.MAX_VALUE)) apps.add(descriptors.readApplication(RaceCommands.resolve(session, f), checkAgainst));
        AnalysisResult r = engine.analyze(apps, typed.value("--allocator", null), onto);
        System.out.print(typed.has("--json") ? json(r) + "\n" : text(r));
    }

    static String text(AnalysisResult r) {
        StringBuilder out = new StringBuilder();
        for (ApplicationBound a : r.applications()) {
            out.append(a.name()).append(": ").append(verdict(a)).append('\n');
            Table t = new Table("component", "node", "priority", "wcet ms", "response ms");
            for (ComponentResponse c : a.components()) t.row(c.name(), c.node(), c.priority(), Table.num(c.wcetMs()), response(c));
            t.toString().lines().forEach(l -> out.append("  ").append(l).append('\n'));
        }
        out.append(r.schedulable() ? "schedulable: every application's bound is within its deadline\n" : "NOT schedulable\n");
        return out.toString();
    }

    /** e.g. {@code bound 170 ms, deadline 150 ms: NOT schedulable (beacon: worst-case 170 ms > ...)}; race:apps -v says the same. */
    static String verdict(ApplicationBound a) {
        return "bound " + (a.boundMs() == null ? "unbounded" : Table.num(a.boundMs()) + " ms") + ", deadline " + Table.num(a.deadlineMs()) + " ms: "
                + (a.schedulable() ? "schedulable" : "NOT schedulable (" + a.explain() + ")");
    }

    static String response(ComponentResponse c) {
        return c.responseMs() == null ? "unbounded" : Table.num(c.responseMs());
    }

    static String json(AnalysisResult r) {
        List<Object> apps = new ArrayList<>();
        for (ApplicationBound a : r.applications()) {
            List<Object> comps = new ArrayList<>();
            for (ComponentResponse c : a.components()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", c.name());
                m.put("node", c.node());
                m.put("priority", c.priority());
                m.put("wcetMs", c.wcetMs());
                m.put("responseMs", c.responseMs());
                comps.add(m);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", a.name());
            m.put("boundMs", a.boundMs());
            m.put("deadlineMs", a.deadlineMs());
            m.put("schedulable", a.schedulable());
            m.put("components", comps);
            apps.add(m);
        }
        Map<String, Object> top = new LinkedHashMap<>();
        top.put("schedulable", r.schedulable());
        top.put("applications", apps);
        return new GsonBuilder().serializeNulls().create().toJson(top);
    }
}
