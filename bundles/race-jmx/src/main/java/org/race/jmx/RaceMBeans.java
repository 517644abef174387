package org.race.jmx;

import java.lang.management.ManagementFactory;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.StandardMBean;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.race.api.AdaptationLoop;
import org.race.api.CentralEffector;
import org.race.api.CentralMonitor;
import org.race.api.Clock;
import org.race.api.Engine;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.NodeState;
import org.race.api.monitoring.SystemSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers RACE's key figures as MXBeans in the platform MBean server, where JConsole, VisualVM and
 * JMX exporters find them: {@code org.race:type=Engine}, one {@code org.race:type=Node,name=<node>}
 * per node of the domain and one {@code org.race:type=Application,name=<application>} per deployed
 * application. The engine announces neither deployments nor domain loads, so every
 * {@code refreshMs} of wall time the node and application MBeans are brought in step with its
 * registry. Attributes are read when asked, from the services bound at that moment: the engine, the
 * CentralMonitor's latest snapshot, the control loop and the CentralEffector.
 */
@Component(service = {}, immediate = true, configurationPid = "race.jmx")
@Designate(ocd = RaceMBeans.Config.class)
public class RaceMBeans {
    @ObjectClassDefinition(name = "RACE JMX")
    public @interface Config {
        @AttributeDefinition(description = "How often, in ms of wall time, node and application MBeans follow the engine's domain and registry")
        long refreshMs() default 1000;
    }

    static final String DOMAIN = "org.race";
    private static final Logger LOG = LoggerFactory.getLogger(RaceMBeans.class);
    /** Values ObjectName takes unquoted; the descriptors' names are of these characters. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_.\\-]+");

    @Reference
    Engine engine;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile CentralMonitor monitor;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile AdaptationLoop loop;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile CentralEffector effector;

    /** With its service properties: race.platform names the platform. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Map.Entry<Map<String, Object>, Clock> clock;

    private final MBeanServer server;
    private final Map<String, ObjectName> nodes = new TreeMap<>(), applications = new TreeMap<>();
    private ObjectName engineName;
    private ScheduledExecutorService refresher;

    public RaceMBeans() {
        this(ManagementFactory.getPlatformMBeanServer());
    }

    RaceMBeans(MBeanServer server) {
        this.server = server;
    }

    @Activate
    synchronized void activate(Config config) {
        engineName = register(name("Engine", null), new StandardMBean(new EngineFigures(this), EngineMXBean.class, true));
        modified(config);
    }

    @Modified
    synchronized void modified(Config config) {
        long every = config.refreshMs();
        if (every <= 0) {
            LOG.error("race.jmx: refreshMs must be > 0, got {}; using 1000", every);
            every = 1000;
        }
        if (refresher != null) refresher.shutdownNow();
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "race-jmx");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(this::refresh, 0, every, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    synchronized void deactivate() {
        if (refresher != null) refresher.shutdownNow();
        refresher = null;
        nodes.values().forEach(this::unregister);
        applications.values().forEach(this::unregister);
        nodes.clear();
        applications.clear();
        if (engineName != null) unregister(engineName);
        engineName = null;
    }

    /** Brings the node and application MBeans in step with the engine: new ones registered, gone ones removed. */
    synchronized void refresh() {
        if (refresher == null) return; // deactivated while this refresh waited
        try {
            sync(nodes, engine.nodes().stream().map(NodeState::name).collect(Collectors.toSet()), "Node",
                    n -> new StandardMBean(new NodeFigures(this, n), NodeMXBean.class, true));
            sync(applications, engine.applications().stream().map(DeploymentPlan::name).collect(Collectors.toSet()), "Application",
                    a -> new StandardMBean(new ApplicationFigures(this, a), ApplicationMXBean.class, true));
        } catch (RuntimeException e) {
            LOG.warn("race.jmx: cannot bring the MBeans in step with the engine", e);
        }
    }

    private void sync(Map<String, ObjectName> registered, Set<String> wanted, String type, Function<String, Object> bean) {
        registered.entrySet().removeIf(e -> {
            if (wanted.contains(e.getKey())) return false;
            unregister(e.getValue());
            return true;
        });
        for (String n : wanted) {
            if (registered.containsKey(n)) continue;
            ObjectName on = register(name(type, n), bean.apply(n));
            if (on != null) registered.put(n, on);
        }
    }

    private ObjectName register(ObjectName on, Object bean) {
        try {
            server.registerMBean(bean, on);
            return on;
        } catch (JMException e) {
            // e.g. a second RACE container in the same JVM: its figures stay out of JMX, tried again next refresh
            LOG.warn("race.jmx: cannot register {}: {}", on, e.toString());
            return null;
        }
    }

    private void unregister(ObjectName on) {
        try {
            if (server.isRegistered(on)) server.unregisterMBean(on);
        } catch (JMException e) {
            LOG.warn("race.jmx: cannot unregister {}: {}", on, e.toString());
        }
    }

    /** {@code org.race:type=<type>[,name=<name>]}, the name quoted only when ObjectName needs it. */
    static ObjectName name(String type, String name) {
        Hashtable<String, String> keys = new Hashtable<>();
        keys.put("type", type);
        if (name != null) keys.put("name", PLAIN.matcher(name).matches() ? name : ObjectName.quote(name));
        try {
            return new ObjectName(DOMAIN, keys);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }

    // ------------------------------------------------------------------ what the MBeans read

    Engine engine() {
        return engine;
    }

    Optional<SystemSnapshot> snapshot() {
        CentralMonitor m = monitor;
        return m == null ? Optional.empty() : m.latest();
    }

    Optional<CentralMonitor> monitor() {
        return Optional.ofNullable(monitor);
    }

    Optional<CentralEffector> effector() {
        return Optional.ofNullable(effector);
    }

    Optional<AdaptationLoop> loop() {
        return Optional.ofNullable(loop);
    }

    Optional<Map.Entry<Map<String, Object>, Clock>> clock() {
        return Optional.ofNullable(clock);
    }

    static String[] array(List<String> values) {
        return values.toArray(new String[0]);
    }
}
