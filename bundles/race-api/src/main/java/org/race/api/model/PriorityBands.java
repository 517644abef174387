package org.race.api.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Priority classes and their bands of OS priorities, with rate-monotonic priorities inside each
 * band, node by node. In the model because configurators (RMS, MUF) assign them at deploy time and
 * controllers (FMUF) move applications between classes later: both must rank alike. Inside a band,
 * the shorter an application's period, the higher the priority (equal periods share a priority),
 * counted over every component on the node, so a new application can re-prioritise those already
 * deployed. Priorities follow Linux SCHED_FIFO: 1..99, higher first.
 *
 * @param bands in any order; a class's applications get priorities from its own band only
 */
public record PriorityBands(List<Band> bands) {
    /** MUF's priority classes, as {@link ComponentSettings#priorityClass()} names them. */
    public static final String HIGH = "high", LOW = "low";

    /** A class name (null: no classes, as under RMS) and its band of priorities. */
    public record Band(String priorityClass, int min, int max) {
        public Band {
            if (min > max) throw new IllegalArgumentException("priority band " + priorityClass + ": min " + min + " > max " + max);
        }
    }

    public PriorityBands {
        bands = List.copyOf(bands);
    }

    /** One band: plain rate monotonic over everything on a node. */
    public static PriorityBands rateMonotonic() {
        return new PriorityBands(List.of(new Band(null, 1, 98)));
    }

    /** MUF: the high class above the low class. */
    public static PriorityBands muf() {
        return new PriorityBands(List.of(new Band(HIGH, 50, 98), new Band(LOW, 1, 49)));
    }

    /** The priority of a period inside a class on a node, given all periods of that class there. */
    public int priority(String priorityClass, double periodMs, TreeSet<Double> periodsOfClass) {
        Band b = bands.stream().filter(x -> java.util.Objects.equals(x.priorityClass(), priorityClass)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no priority band for class " + priorityClass));
        int rank = periodsOfClass.headSet(periodMs, false).size();
        return Math.max(b.min(), b.max() - rank);
    }

    /**
     * Every component of every plan gets its class (from {@code classOf}) and the rate-monotonic
     * priority of its class on its node.
     */
    public PlanSet assign(PlanSet plans, Function<DeploymentPlan, String> classOf) {
        List<DeploymentPlan> all = new ArrayList<>(plans.deployed());
        all.add(plans.candidate());
        Map<String, String> classes = new LinkedHashMap<>();
        // node -> class -> periods of the applications of that class with components there
        Map<String, Map<String, TreeSet<Double>>> periods = new TreeMap<>();
        for (DeploymentPlan p : all) {
            String c = classOf.apply(p);
            classes.put(p.name(), c);
            for (String node : p.placement().nodeOf().values()) {
                periods.computeIfAbsent(node, n -> new TreeMap<>()).computeIfAbsent(String.valueOf(c), k -> new TreeSet<>())
                        .add(p.application().periodMs());
            }
        }
        List<DeploymentPlan> out = new ArrayList<>();
        for (DeploymentPlan p : all) {
            String c = classes.get(p.name());
            Map<String, ComponentSettings> settings = new HashMap<>();
            // one priority per node: the application has one period, so every component there gets the same
            Map<String, Integer> byNode = new HashMap<>();
            for (Component comp : p.application().components()) {
                String node = p.placement().nodeOf().get(comp.name());
                double period = p.application().periodMs();
                int prio = byNode.computeIfAbsent(node, n -> priority(c, period, periods.get(n).get(String.valueOf(c))));
                settings.put(comp.name(), p.settingsOf(comp.name()).withPriorityClass(c).withPriority(prio));
            }
            // one copy of the plan for all components: one per component is quadratic in the application's size
            out.add(p.withSettings(settings));
        }
        DeploymentPlan candidate = out.remove(out.size() - 1);
        return new PlanSet(candidate, out);
    }
}
