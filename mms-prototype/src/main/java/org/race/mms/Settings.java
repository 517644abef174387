package org.race.mms;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** ConfigAdmin updates that are waited for, and the configurations as they were before, to put back. */
final class Settings {
    private static final Logger LOG = LoggerFactory.getLogger(Settings.class);
    /** Added to every configuration we write: the consumer's service carries it once the update has taken effect. */
    private static final String STEP = "race.mms.step";

    private final ConfigurationAdmin configAdmin;
    private final AtomicLong steps;
    /** Whether a service matching an LDAP filter is registered. */
    private final Predicate<String> present;

    Settings(ConfigurationAdmin configAdmin, AtomicLong steps, Predicate<String> present) {
        this.configAdmin = configAdmin;
        this.steps = steps;
        this.present = present;
    }

    private final Map<String, Dictionary<String, Object>> before = new LinkedHashMap<>();

    /** Merge {@code values} into the PID; when its consumer is present, return once it runs with them (ConfigAdmin is asynchronous). */
    void apply(String pid, String consumer, Map<String, Object> values) throws Exception {
        Configuration c = configAdmin.getConfiguration(pid, "?");
        Dictionary<String, Object> current = c.getProperties();
        if (!before.containsKey(pid)) before.put(pid, current == null ? null : copy(current));
        Hashtable<String, Object> props = current == null ? new Hashtable<>() : copy(current);
        props.putAll(values);
        long step = steps.incrementAndGet();
        props.put(STEP, step);
        boolean consumed = present.test(consumer);
        c.update(props);
        if (consumed) MmsExperiment.await(pid + " " + values, () -> present.test("(&" + consumer + "(" + STEP + "=" + step + "))"));
    }

    void restore() {
        before.forEach((pid, props) -> {
            try {
                Configuration c = configAdmin.getConfiguration(pid, "?");
                if (props == null) {
                    c.delete();
                } else {
                    c.update(props);
                }
            } catch (IOException e) {
                LOG.warn("race:mms: cannot restore configuration {}: {}", pid, e.getMessage());
            }
        });
    }

    private static Hashtable<String, Object> copy(Dictionary<String, Object> d) {
        Hashtable<String, Object> h = new Hashtable<>();
        for (Enumeration<String> k = d.keys(); k.hasMoreElements();) {
            String key = k.nextElement();
            if (!key.equals(STEP)) h.put(key, d.get(key));
        }
        return h;
    }
}
