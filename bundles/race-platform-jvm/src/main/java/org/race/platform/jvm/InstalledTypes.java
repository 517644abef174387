package org.race.platform.jvm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.race.api.component.ComponentType;

/**
 * The component types registered now, by name. Two services of one name (two versions of a bundle):
 * the one registered first is used until it leaves.
 */
final class InstalledTypes {
    /** Per name the services by service.id. */
    private final Map<String, List<Map.Entry<Long, ComponentType>>> byName = new LinkedHashMap<>();

    synchronized void add(String name, long serviceId, ComponentType type) {
        List<Map.Entry<Long, ComponentType>> l = byName.computeIfAbsent(name, n -> new ArrayList<>());
        l.add(Map.entry(serviceId, type));
        l.sort(Map.Entry.comparingByKey());
    }

    synchronized void remove(String name, long serviceId) {
        List<Map.Entry<Long, ComponentType>> l = byName.get(name);
        if (l == null) return;
        l.removeIf(e -> e.getKey() == serviceId);
        if (l.isEmpty()) byName.remove(name);
    }

    /** The type used for {@code name}, or null. */
    synchronized ComponentType get(String name) {
        List<Map.Entry<Long, ComponentType>> l = byName.get(name);
        return l == null ? null : l.get(0).getValue();
    }

    synchronized Set<String> names() {
        return new TreeSet<>(byName.keySet());
    }
}
