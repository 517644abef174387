package org.race.node.platform;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.race.api.NodeEffector;
import org.race.api.NodeLink;
import org.race.api.NodeManager;
import org.race.api.FrameworkProperties;
import org.race.api.QosMonitor;
import org.race.api.ResourceMonitor;
import org.race.api.RoleProperties;

/**
 * The services a platform registers for each node of the domain, with {@code race.node} and
 * {@code race.platform}: NodeManager and NodeEffector, one ResourceMonitor per resource
 * ({@code race.resource}) and a QosMonitor. The engine and the monitors cannot tell platforms apart.
 * <p>
 * Distributed mode (launcher profiles {@code central} and {@code node}): the framework property
 * {@value FrameworkProperties#NODES} names the nodes of the domain this container hosts (comma-separated; {@code none}
 * for none; unset: every node, the embedded mode), and {@value FrameworkProperties#EXPORT}{@code =true} exports each
 * hosted node's NodeManager and NodeEffector, its ResourceMonitors and its QosMonitor as OSGi Remote
 * Services (Aries RSA fastbin), so that a central container can deploy, monitor and effect, and
 * its NodeLink, so that other node containers can deliver to its components.
 */
public final class NodeServices {
    static final String EXPORTED_INTERFACES = "service.exported.interfaces";
    static final String EXPORTED_CONFIGS = "service.exported.configs";
    static final String FASTBIN = "aries.fastbin";

    private final BundleContext context;
    private final String platform;
    private final Set<String> hosted;
    private final boolean export;
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    public NodeServices(BundleContext context, String platform) {
        this.context = context;
        this.platform = platform;
        this.hosted = hosted(context.getProperty(FrameworkProperties.NODES));
        this.export = Boolean.parseBoolean(context.getProperty(FrameworkProperties.EXPORT));
    }

    /** The node names a {@value FrameworkProperties#NODES} value names; null for every node. */
    static Set<String> hosted(String value) {
        if (value == null || value.isBlank() || value.trim().equals("*")) return null;
        if (value.trim().equalsIgnoreCase("none")) return Set.of();
        return Arrays.stream(value.split(",")).map(String::trim).filter(x -> !x.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    /** Whether this container runs the node (see {@value FrameworkProperties#NODES}). */
    public boolean hosts(String node) {
        return hosted == null || hosted.contains(node);
    }

    /** Register one node, if this container hosts it; {@code resources} maps cpu, memory, bandwidth (or more) to their monitors. */
    public synchronized void register(RuntimeNode node, Map<String, ResourceMonitor> resources) {
        if (!hosts(node.nodeName())) return;
        registrations.add(context.registerService(new String[] { NodeManager.class.getName(), NodeEffector.class.getName() }, node,
                exported(properties(node.nodeName(), null))));
        // a registration of its own: an endpoint imported for the links of other node containers is not a second NodeManager
        if (export) registrations.add(context.registerService(NodeLink.class, node, exported(properties(node.nodeName(), null))));
        resources.forEach((r, m) -> registrations.add(context.registerService(ResourceMonitor.class, export ? new RemoteResourceMonitor(m) : m,
                exported(properties(node.nodeName(), r)))));
        QosMonitor qos = node.qosMonitor();
        registrations.add(context.registerService(QosMonitor.class, export ? new RemoteQosMonitor(qos) : qos, exported(properties(node.nodeName(), null))));
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

    /**
     * An exported monitor as a public class: fastbin calls the service object's own method
     * reflectively, which fails on an anonymous or package-private implementation.
     */
    public static final class RemoteResourceMonitor implements ResourceMonitor {
        private final ResourceMonitor delegate;

        RemoteResourceMonitor(ResourceMonitor delegate) {
            this.delegate = delegate;
        }

        @Override
        public String resource() {
            return delegate.resource();
        }

        @Override
        public double utilization() {
            return delegate.utilization();
        }
    }

    /** See {@link RemoteResourceMonitor}. */
    public static final class RemoteQosMonitor implements QosMonitor {
        private final QosMonitor delegate;

        RemoteQosMonitor(QosMonitor delegate) {
            this.delegate = delegate;
        }

        @Override
        public org.race.api.monitoring.QosSample sample() {
            return delegate.sample();
        }
    }

    /** With the Remote Services export properties when {@value FrameworkProperties#EXPORT} is true. */
    private Dictionary<String, Object> exported(Dictionary<String, Object> props) {
        if (export) {
            props.put(EXPORTED_INTERFACES, "*");
            props.put(EXPORTED_CONFIGS, FASTBIN);
        }
        return props;
    }

    private Dictionary<String, Object> properties(String node, String resource) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(RoleProperties.NODE, node);
        props.put(RoleProperties.PLATFORM, platform);
        if (resource != null) props.put(RoleProperties.RESOURCE, resource);
        return props;
    }
}
