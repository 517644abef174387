package org.race.attributes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.race.api.AttributeStore;
import org.race.api.CentralEffector;
import org.race.api.Engine;
import org.race.api.model.AdaptationDecision;
import org.race.api.model.Adjustment;
import org.race.api.model.Adjustment.Kind;
import org.race.api.model.AttributeException;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.EffectReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attribute stores of all applications, shared by the bundle-scoped {@link BundleAttributeStore}
 * instances, which pass the calling bundle. Built-in attributes are read from the engine's registry and
 * changed through the CentralEffector (its guard: ranges) after {@link Contracts} (the other applications);
 * application-defined ones live here while their application is deployed.
 */
@Component(service = Attributes.class)
public class Attributes {
    static final String PRIORITY = "priority", PERIOD = "period", RATE = "rate", COMPONENT_PRIORITY = ".priority";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Logger LOG = LoggerFactory.getLogger(Attributes.class);

    @Reference
    Engine engine;

    @Reference
    ServiceReference<Engine> engineService;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile CentralEffector effector;

    /** Application-defined attributes, per application. */
    private final Map<String, Map<String, Double>> defined = new ConcurrentHashMap<>();

    Map<String, Double> attributes(String application) {
        Optional<DeploymentPlan> plan = engine.application(application);
        if (plan.isEmpty()) return Map.of();
        Map<String, Double> all = new LinkedHashMap<>(builtIn(plan.get()));
        all.putAll(defined.getOrDefault(application, Map.of()));
        return all;
    }

    private static Map<String, Double> builtIn(DeploymentPlan plan) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(PERIOD, plan.application().periodMs());
        m.put(RATE, 1000 / plan.application().periodMs());
        Integer highest = null;
        for (org.race.api.model.Component c : plan.application().components()) {
            Integer p = plan.settingsOf(c.name()).priority();
            if (p == null) continue;
            m.put(c.name() + COMPONENT_PRIORITY, (double) p);
            highest = highest == null ? p : Math.max(highest, p);
        }
        // the application's priority is that of its most urgent component
        if (highest != null) m.put(PRIORITY, (double) highest);
        return m;
    }

    double set(Bundle caller, String application, String name, double value) throws AttributeException {
        String what = "attribute '" + name + "' of application '" + application + "'";
        String denied = denied(caller, application);
        if (denied != null) {
            LOG.warn("denied: {}: {}", what, denied);
            throw new AttributeException(what + ": " + denied);
        }
        DeploymentPlan plan = engine.application(application)
                .orElseThrow(() -> new AttributeException(what + ": the application is not deployed"));
        if (!NAME.matcher(name).matches()) throw new AttributeException(what + ": a name uses letters, digits, _, . and -");
        if (!Double.isFinite(value)) throw new AttributeException(what + ": the value must be a finite number, got " + value);
        Adjustment change = builtInChange(plan, name, value);
        if (change == null) {
            defined.keySet().removeIf(a -> engine.application(a).isEmpty());
            defined.computeIfAbsent(application, a -> new TreeMap<>()).put(name, value);
            LOG.info("{} = {} (set by {})", what, value, describe(caller));
            return value;
        }
        apply(caller, what, plan, change);
        return attributes(application).getOrDefault(name, value);
    }

    /** The effector change a built-in attribute stands for, null for an application-defined one. */
    private static Adjustment builtInChange(DeploymentPlan plan, String name, double value) throws AttributeException {
        String app = plan.name();
        if (name.equals(PRIORITY)) return new Adjustment(app, null, Kind.PRIORITY, Math.rint(value), null);
        if (name.equals(PERIOD)) return new Adjustment(app, null, Kind.PERIOD, value, null);
        if (name.equals(RATE)) {
            if (!(value > 0)) throw new AttributeException("attribute 'rate' of application '" + app + "': must be > 0, got " + value);
            return new Adjustment(app, null, Kind.PERIOD, 1000 / value, null);
        }
        if (name.endsWith(COMPONENT_PRIORITY)) {
            String component = name.substring(0, name.length() - COMPONENT_PRIORITY.length());
            if (plan.application().component(component).isPresent()) return new Adjustment(app, component, Kind.PRIORITY, Math.rint(value), null);
        }
        return null;
    }

    private void apply(Bundle caller, String what, DeploymentPlan plan, Adjustment change) throws AttributeException {
        List<DeploymentPlan> deployed = engine.applications();
        Optional<String> broken = change.kind() == Kind.PERIOD ? Contracts.periodBreaks(plan, change.value(), engine.nodes())
                : Contracts.priorityBreaks(plan, change.component() == null ? plan.application().components().stream().map(c -> c.name()).toList()
                        : List.of(change.component()), (int) change.value(), deployed);
        if (broken.isPresent()) {
            LOG.warn("guard: rejected {} = {} asked by {}: {}", what, change.value(), describe(caller), broken.get());
            throw new AttributeException(what + ": rejected by the guard: " + broken.get());
        }
        CentralEffector e = effector;
        if (e == null) throw new AttributeException(what + ": no CentralEffector is installed to apply it");
        EffectReport report = e.apply(new AdaptationDecision("attributes", List.of(change),
                what + " set by " + describe(caller)), deployed);
        if (!report.rejected().isEmpty()) throw new AttributeException(what + ": rejected by the guard: " + String.join("; ", report.rejected()));
        LOG.info("{} = {} (set by {}): {}", what, change.value(), describe(caller), report.applied());
    }

    /**
     * Why {@code caller} may not write {@code application}'s attributes, or null when it may: the engine's
     * bundle may write any; another bundle only when it registers a handler for the application (a
     * service with {@code race.application} naming it). The bundle is the one DS or the framework handed
     * the bundle-scoped store to, so a caller cannot pose as another.
     */
    String denied(Bundle caller, String application) {
        if (caller.equals(engineService.getBundle())) return null;
        List<String> serves = new ArrayList<>();
        ServiceReference<?>[] registered = caller.getRegisteredServices();
        if (registered != null) {
            for (ServiceReference<?> r : registered) serves.addAll(names(r.getProperty(AttributeStore.APPLICATION)));
        }
        if (serves.contains(application)) return null;
        return describe(caller) + " may not set it: only the application's own handlers (services with "
                + AttributeStore.APPLICATION + "=" + application + ") and the engine may"
                + (serves.isEmpty() ? "; it registers no handler" : "; its handlers serve " + serves);
    }

    private static List<String> names(Object property) {
        List<String> out = new ArrayList<>();
        if (property instanceof String s) out.add(s);
        else if (property instanceof String[] a) out.addAll(List.of(a));
        else if (property instanceof Collection<?> c) c.forEach(x -> out.add(String.valueOf(x)));
        return out;
    }

    static String describe(Bundle b) {
        return "bundle " + b.getSymbolicName() + " [" + b.getBundleId() + "]";
    }
}
