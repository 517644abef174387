package org.race.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import org.race.api.model.AdaptationDecision;
import org.race.api.model.Adjustment;
import org.race.api.model.DeploymentPlan;

/**
 * What changed between two looks at RACE, as event log entries: applications deployed, undeployed,
 * moved, re-rated or re-classed (whoever did it: a user, a controller, the engine), and the engine's
 * own events that arrived since. Pure functions of what was seen before and now.
 */
final class Changes {
    /** One entry of the event log before it gets its sequence number and times. */
    record Change(String kind, String text) {
    }

    private Changes() {
    }

    /**
     * The entries at the end of {@code now} that {@code before} did not have. The engine keeps its
     * last events in a bounded list: new ones are appended, the oldest dropped, so {@code now} is a
     * suffix of {@code before} followed by the new ones.
     */
    static List<String> appended(List<String> before, List<String> now) {
        for (int dropped = 0; dropped <= before.size(); dropped++) {
            int kept = before.size() - dropped;
            if (kept <= now.size() && before.subList(dropped, before.size()).equals(now.subList(0, kept))) {
                return List.copyOf(now.subList(kept, now.size()));
            }
        }
        return List.copyOf(now);
    }

    /** The kind of an engine event, by the words the engine starts or marks it with. */
    static String kindOf(String engineEvent) {
        String e = engineEvent.toLowerCase(Locale.ROOT);
        if (e.startsWith("failed jobs")) return "failed-jobs";
        if (e.startsWith("shrank")) return "shrink";
        if (e.startsWith("expanded") || e.startsWith("cannot expand")) return "expand";
        if (e.startsWith("rejected")) return "reject";
        if (e.startsWith("admitted")) return "admit";
        if (e.contains(" lost") || e.contains("not answering")) return "failure";
        if (e.contains("re-allocat") || e.contains(" shed")) return "move";
        return "engine";
    }

    /** Deployments, undeployments, moves, rate and priority class changes from one registry to the next. */
    static List<Change> plans(Map<String, DeploymentPlan> before, Map<String, DeploymentPlan> now) {
        List<Change> out = new ArrayList<>();
        for (DeploymentPlan was : before.values()) {
            if (!now.containsKey(was.name())) out.add(new Change("undeploy", "undeployed " + was.name()));
        }
        for (DeploymentPlan p : now.values()) {
            DeploymentPlan was = before.get(p.name());
            if (was == null) {
                out.add(new Change("deploy", "deployed " + p.name() + " (" + p.application().importance().label() + ", "
                        + Views.num(1000 / p.application().periodMs()) + " Hz) by " + p.placement().allocator() + " on "
                        + String.join(", ", new TreeSet<>(p.placement().nodeOf().values()))));
                continue;
            }
            List<String> moves = new ArrayList<>();
            p.placement().nodeOf().forEach((component, node) -> {
                String old = was.placement().nodeOf().get(component);
                if (old != null && !old.equals(node)) moves.add(component + " " + old + " -> " + node);
            });
            if (!moves.isEmpty()) out.add(new Change("move", p.name() + " moved: " + String.join(", ", moves)));
            double from = was.application().periodMs(), to = p.application().periodMs();
            if (from != to) {
                out.add(new Change("rate", p.name() + " rate " + Views.num(1000 / from) + " -> " + Views.num(1000 / to) + " Hz (period "
                        + Views.num(from) + " -> " + Views.num(to) + " ms)"));
            }
            String classFrom = Views.priorityClass(was), classTo = Views.priorityClass(p);
            if (!Objects.equals(classFrom, classTo)) {
                out.add(new Change("priority", p.name() + " priority class " + classFrom + " -> " + classTo));
            }
        }
        return out;
    }

    /** A controller's decision, e.g. {@code fmuf: promoted science2 (2 changes: science2 class high, science2/a priority 40)}. */
    static String decision(AdaptationDecision d) {
        List<String> parts = new ArrayList<>();
        for (Adjustment a : d.adjustments()) {
            if (parts.size() == 5) {
                parts.add("...");
                break;
            }
            String target = a.component() == null ? a.application() : a.application() + "/" + a.component();
            parts.add(switch (a.kind()) {
                case PERIOD -> target + " period " + Views.num(a.value()) + " ms";
                case PRIORITY -> target + " priority " + Views.num(a.value());
                case PRIORITY_CLASS -> target + " class " + a.text();
                case MOVE -> target + " -> " + a.text();
            });
        }
        int n = d.adjustments().size();
        return d.controller() + ": " + d.reason() + " (" + n + (n == 1 ? " change: " : " changes: ") + String.join(", ", parts) + ")";
    }
}
