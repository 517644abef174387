package org.race.node;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.race.api.NodeEffector;
import org.race.api.NodeManager;
import org.race.api.QosMonitor;
import org.race.api.ResourceMonitor;
import org.race.api.RoleProperties;

/**
 * The services a platform registers for each node of the domain, with {@code race.node} and
 * {@code race.platform}: NodeManager and NodeEffector, one ResourceMonitor per resource
 * ({@code race.resource}) and a QosMonitor. The engine and the monitors cannot tell platforms apart.
 */
public final class NodeServices {
    private final BundleContext context;
    private final String platform;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    public NodeServices(BundleContext context, String platform) {
        this.context = context;
        this.platform = platform;
    }

    /** Register one node; {@code resources} maps cpu, memory, bandwidth (or more) to their monitors. */
    public synchronized void register(RuntimeNode node, Map<String, ResourceMonitor> resources) {
        registrations.add(context.registerService(new String[] { NodeManager.class.getName(), NodeEffector.class.getName() }, node,
                properties(node.nodeName(), null)));
        resources.forEach((r, m) -> registrations.add(context.registerService(ResourceMonitor.class, m, properties(node.nodeName(), r))));
        registrations.add(context.registerService(QosMonitor.class, node.qosMonitor(), properties(node.nodeName(), null)));
    }

    /** The runtime's own measurements of cpu, memory and bandwidth. */
    public static Map<String, ResourceMonitor> measuredBy(RuntimeNode node) {
        Map<String, ResourceMonitor> m = new java.util.LinkedHashMap<>();
        for (String r : new String[] { "cpu", "memory", "bandwidth" }) m.put(r, node.resourceMonitor(r));
        return m;
    }

    public synchronized void unregisterAll() {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // bundle stopping: the framework unregistered it first
            }
        }
        registrations.clear();
    }

    private Dictionary<String, Object> properties(String node, String resource) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(RoleProperties.NODE, node);
        props.put(RoleProperties.PLATFORM, platform);
        if (resource != null) props.put(RoleProperties.RESOURCE, resource);
        return props;
    }
}
