package org.race.node;

import java.util.Locale;
import java.util.Map;

import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.race.node.jvm.JvmPlatform;
import org.race.node.sim.SimPlatform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enables the one platform the framework property {@code race.platform} names: {@code sim} (the
 * default) or {@code jvm}. Both platforms are disabled DS components, so exactly one Clock and one
 * DomainListener exist whatever the order bundles start in. The launcher sets the property from
 * the environment variable RACE_PLATFORM or the system property race.platform.
 */
@Component(service = {}, immediate = true)
public class PlatformSelector {
    public static final String PROPERTY = "race.platform";
    static final String DEFAULT = "sim";
    /** Platform name to DS component name (the class name, DS's default). */
    static final Map<String, String> COMPONENTS = Map.of("sim", SimPlatform.class.getName(), "jvm", JvmPlatform.class.getName());

    private static final Logger LOG = LoggerFactory.getLogger(PlatformSelector.class);

    /** The platform to run and, for a value that names none, the error to report. */
    record Choice(String platform, String error) {
    }

    private String enabled;

    static Choice choose(String value) {
        if (value == null || value.isBlank()) return new Choice(DEFAULT, null);
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (COMPONENTS.containsKey(v)) return new Choice(v, null);
        return new Choice(DEFAULT, "framework property " + PROPERTY + " = '" + value + "' names no platform; allowed: jvm, sim. "
                + "Using " + DEFAULT);
    }

    @Activate
    void activate(ComponentContext context) {
        String value = context.getBundleContext().getProperty(PROPERTY);
        Choice c = choose(value);
        if (c.error() != null) LOG.error(c.error());
        LOG.info("platform {} ({} = {})", c.platform(), PROPERTY, value == null ? "unset, the default" : value);
        enabled = COMPONENTS.get(c.platform());
        context.enableComponent(enabled);
    }

    @Deactivate
    void deactivate(ComponentContext context) {
        context.disableComponent(enabled);
    }
}
