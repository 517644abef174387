package org.race.monitor.node;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.race.api.Clock;
import org.race.api.FrameworkProperties;
import org.race.api.LegacyComponent;
import org.race.api.NodeMonitor;
import org.race.api.QosMonitor;
import org.race.api.ResourceMonitor;
import org.race.api.RoleProperties;

/**
 * The NodeMonitors of this container: for every node that has local ResourceMonitors or a
 * QosMonitor (service property {@code race.node}), one NodeMonitor service for that node that
 * reads them all. A resource monitor added as a bundle (battery, say) is in the next sample, and so
 * is a LegacyComponent of the node (an adopted process); legacy components alone make no node.
 * Configuration PID {@code race.monitor}, key {@code qos}: QoS monitoring on or off at run time.
 * <p>
 * Imported monitors (another container's, {@code service.imported}) are not wrapped: that node's own
 * container has a NodeMonitor for them. With the framework property {@value FrameworkProperties#EXPORT}{@code =true}
 * (a {@code node} container) each NodeMonitor is exported as an OSGi Remote Service (Aries RSA
 * fastbin) for the central's hierarchical monitoring.
 */
@Component(service = {}, immediate = true, configurationPid = "race.monitor")
public class NodeMonitors {
    public @interface Config {
        boolean qos() default true;
    }

    private static final String LOCAL = "(!(service.imported=*))";

    private final Map<String, Map<ResourceMonitor, String>> resources = new ConcurrentHashMap<>();
    private final Map<String, QosMonitor> qos = new ConcurrentHashMap<>();
    private final Map<String, Map<LegacyComponent, Boolean>> legacy = new ConcurrentHashMap<>();
    private final Map<String, ServiceRegistration<NodeMonitor>> registrations = new TreeMap<>();
    private BundleContext context;
    private volatile boolean qosEnabled = true;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Clock clock;

    @Activate
    synchronized void activate(BundleContext ctx, Config config) {
        context = ctx;
        modified(config);
        for (String node : nodes()) register(node);
    }

    @Modified
    void modified(Config config) {
        qosEnabled = config.qos();
    }

    @Deactivate
    synchronized void deactivate() {
        registrations.values().forEach(NodeMonitors::unregister);
        registrations.clear();
        context = null;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, target = LOCAL)
    synchronized void bindResourceMonitor(ResourceMonitor m, Map<String, Object> props) {
        String node = node(props);
        if (node == null) return;
        resources.computeIfAbsent(node, n -> new ConcurrentHashMap<>()).put(m, String.valueOf(props.get(RoleProperties.RESOURCE)));
        register(node);
    }

    synchronized void unbindResourceMonitor(ResourceMonitor m, Map<String, Object> props) {
        String node = node(props);
        Map<ResourceMonitor, String> rs = node == null ? null : resources.get(node);
        if (rs == null) return;
        rs.remove(m);
        if (rs.isEmpty()) resources.remove(node);
        unregisterIfEmpty(node);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, target = LOCAL)
    synchronized void bindQosMonitor(QosMonitor m, Map<String, Object> props) {
        String node = node(props);
        if (node == null) return;
        qos.put(node, m);
        register(node);
    }

    synchronized void unbindQosMonitor(QosMonitor m, Map<String, Object> props) {
        String node = node(props);
        if (node != null && qos.remove(node, m)) unregisterIfEmpty(node);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, target = LOCAL)
    void bindLegacyComponent(LegacyComponent l, Map<String, Object> props) {
        String node = node(props);
        if (node != null) legacy.computeIfAbsent(node, n -> new ConcurrentHashMap<>()).put(l, true);
    }

    void unbindLegacyComponent(LegacyComponent l, Map<String, Object> props) {
        String node = node(props);
        Map<LegacyComponent, Boolean> ls = node == null ? null : legacy.get(node);
        if (ls != null) ls.remove(l);
    }

    private static String node(Map<String, Object> props) {
        Object n = props.get(RoleProperties.NODE);
        return n == null ? null : n.toString();
    }

    private java.util.Set<String> nodes() {
        java.util.Set<String> all = new java.util.TreeSet<>(resources.keySet());
        all.addAll(qos.keySet());
        return all;
    }

    /** Registration waits for activation: binds happen before it. */
    private void register(String node) {
        if (context == null || registrations.containsKey(node)) return;
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(RoleProperties.NODE, node);
        if (Boolean.parseBoolean(context.getProperty(FrameworkProperties.EXPORT))) {
            props.put("service.exported.interfaces", "*");
            props.put("service.exported.configs", "aries.fastbin");
        }
        registrations.put(node, context.registerService(NodeMonitor.class, new LocalNodeMonitor(node,
                () -> resources.getOrDefault(node, Map.of()).keySet(), () -> qosEnabled ? qos.get(node) : null,
                () -> legacy.getOrDefault(node, Map.of()).keySet(), () -> clock), props));
    }

    private void unregisterIfEmpty(String node) {
        if (resources.containsKey(node) || qos.containsKey(node)) return;
        ServiceRegistration<NodeMonitor> r = registrations.remove(node);
        if (r != null) unregister(r);
    }

    private static void unregister(ServiceRegistration<?> r) {
        try {
            r.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping and the framework got there first
        }
    }
}
