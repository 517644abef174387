package org.race.platform.jvm;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.race.api.Clock;
import org.race.api.DomainListener;
import org.race.api.ResourceMonitor;
import org.race.api.RoleProperties;
import org.race.api.component.ComponentType;
import org.race.api.model.Connection;
import org.race.api.model.Domain;
import org.race.api.model.Node;
import org.race.node.platform.Courier;
import org.race.node.platform.NodeServices;
import org.race.node.platform.RuntimeNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code jvm} platform: the nodes of the loaded domain run their components on real threads in
 * this JVM (JvmWorld), and the Clock is the system's monotonic clock, in ms since the platform
 * started. For each node it registers the same services as the sim (NodeManager and NodeEffector,
 * ResourceMonitors for cpu, memory and bandwidth, a QosMonitor) with {@code race.platform=jvm}.
 * With several nodes in the domain, they share this machine and each node's resources are measured
 * from its own threads; with exactly one, this container is that node and the ResourceMonitors read
 * the machine's figures from /proc. Runs when its bundle is started: the launcher starts the one
 * platform bundle {@code race.platform} names. Components that name a type run the code of the
 * {@link ComponentType} service of that name; their failed jobs are reported on Event Admin
 * ({@link ComponentType#FAILED_TOPIC}) when it is there.
 */
@Component(service = { Clock.class, DomainListener.class }, property = RoleProperties.PLATFORM + "=jvm",
        configurationPid = "race.jvm")
@Designate(ocd = JvmPlatform.Config.class)
public class JvmPlatform implements Clock, DomainListener {
    @ObjectClassDefinition(name = "RACE jvm platform")
    public @interface Config {
        @AttributeDefinition(description = "Input-workload factor multiplying every execution time (1.0 = nominal)")
        double workload() default 1.0;

        @AttributeDefinition(description = "How component priorities reach the OS threads: fifo = SCHED_FIFO through chrt "
                + "(opt-in: busy FIFO threads can starve the machine; falls back to nice), nice = nice values through renice, "
                + "none = Java thread priority only", options = { @Option(value = "nice"), @Option(value = "fifo"), @Option(value = "none") })
        String scheduler() default OsPriorities.NICE;

        @AttributeDefinition(description = "enforced = each connection's traffic policed to its declared bandwidth (token bucket), "
                + "best effort kept to its share; shared = one FIFO link per node, no enforcement",
                options = { @Option(value = Links.ENFORCED), @Option(value = Links.SHARED) })
        String connections() default Links.ENFORCED;

        @AttributeDefinition(description = "Token bucket depth of a connection, in messages of its declared size (bandwidth x period), >= 1; 2 absorbs release jitter")
        double connectionBurst() default 2;

        @AttributeDefinition(description = "The largest payload (bytes) a typed component may emit over a connection whose descriptor gives no "
                + "maxPayloadBytes, 1 to 4194304; a larger one fails the emitting job. Applies to deployments from then on")
        int maxPayloadBytes() default DEFAULT_PAYLOAD_LIMIT;
    }

    /** 1 MiB: a frame, a burst of them for each link in flight, fits the heap of a small container many times over. */
    static final int DEFAULT_PAYLOAD_LIMIT = 1 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(JvmPlatform.class);
    private static final Set<String> SCHEDULERS = Set.of(OsPriorities.FIFO, OsPriorities.NICE, OsPriorities.NONE);

    private final BundleContext context;
    private final OsPriorities.Commands commands;
    private final JvmWorld world;
    private final OsMonitors os;
    private final long origin = System.nanoTime();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "race-jvm-clock");
        t.setDaemon(true);
        return t;
    });
    private final NodeServices nodes;
    private final InstalledTypes types = new InstalledTypes();
    private String scheduler;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile EventAdmin events;

    @Activate
    public JvmPlatform(BundleContext context, Config config, @Reference Courier courier) {
        this(context, config, OsPriorities.PROCESSES, new OsMonitors(Path.of("/proc")));
        world.connect(nodes::hosts, courier);
    }

    /** With other commands and another /proc, for tests. */
    JvmPlatform(BundleContext context, Config config, OsPriorities.Commands commands, OsMonitors os) {
        this.context = context;
        this.nodes = new NodeServices(context, "jvm");
        this.commands = commands;
        this.os = os;
        scheduler = scheduler(config);
        OsPriorities priorities = OsPriorities.probe(scheduler, commands);
        priorities.log();
        world = new JvmWorld(workload(config, 1.0), priorities, types, this::failed);
        links(config);
        payloadLimit(config);
    }

    /** A value out of range is logged and the previous limit (at first the default) stays. */
    private void payloadLimit(Config config) {
        int bytes = config.maxPayloadBytes();
        if (bytes < 1 || bytes > Connection.MAX_PAYLOAD_BYTES) {
            LOG.error("race.jvm: maxPayloadBytes must be 1 to {}, got {}; the previous limit stays", Connection.MAX_PAYLOAD_BYTES, bytes);
            return;
        }
        world.usePayloadLimit(bytes);
    }

    /** A bad value is logged and the previous setting (at first the defaults) stays. */
    private void links(Config config) {
        try {
            world.useLinks(config.connections().trim().toLowerCase(Locale.ROOT), config.connectionBurst());
            LOG.info("connections on the jvm platform: {} (burst {} messages; best effort gets the domain's bestEffortShare of each link)", config.connections(),
                    config.connectionBurst());
        } catch (IllegalArgumentException e) {
            LOG.error("race.jvm: {}; connections keep their previous setting", e.getMessage());
        }
    }

    /** A component type arrives: deployments may name it from now on. */
    @Reference(service = ComponentType.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindType(ComponentType type, Map<String, Object> properties) {
        if (properties.get(ComponentType.TYPE) instanceof String name) {
            types.add(name, (Long) properties.get("service.id"), type);
            world.typeChanged(name);
        } else {
            LOG.error("a ComponentType service (service.id {}) has no {} property (a text): it cannot be named", properties.get("service.id"), ComponentType.TYPE);
        }
    }

    void unbindType(ComponentType type, Map<String, Object> properties) {
        if (properties.get(ComponentType.TYPE) instanceof String name) {
            types.remove(name, (Long) properties.get("service.id"));
            world.typeChanged(name);
        }
    }

    private void failed(Worker w, long failures, Throwable last) {
        EventAdmin ea = events;
        if (ea == null) return;
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("application", w.app);
        p.put("component", w.component);
        p.put("node", w.node);
        p.put("type", w.instance.type());
        p.put("failures", failures);
        p.put("error", last.toString());
        ea.postEvent(new Event(ComponentType.FAILED_TOPIC, p));
    }

    @Modified
    void modified(Config config) {
        world.setWorkload(workload(config, world.workload()));
        links(config);
        payloadLimit(config);
        String s = scheduler(config);
        if (!s.equals(scheduler)) {
            scheduler = s;
            OsPriorities priorities = OsPriorities.probe(s, commands);
            priorities.log();
            world.usePriorities(priorities);
        }
    }

    private static double workload(Config config, double previous) {
        if (config.workload() > 0) return config.workload();
        LOG.error("race.jvm: workload must be > 0, got {}; using {}", config.workload(), previous);
        return previous;
    }

    private static String scheduler(Config config) {
        String s = config.scheduler().trim().toLowerCase(Locale.ROOT);
        if (SCHEDULERS.contains(s)) return s;
        LOG.error("race.jvm: scheduler must be fifo, nice or none, got '{}'; using nice", config.scheduler());
        return OsPriorities.NICE;
    }

    @Deactivate
    synchronized void deactivate() {
        clock.shutdownNow();
        nodes.unregisterAll();
        world.close();
        try {
            if (!clock.awaitTermination(2, TimeUnit.SECONDS)) LOG.warn("the clock thread did not stop within 2 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void domainLoaded(Domain domain) {
        world.setDomain(domain);
        nodes.unregisterAll();
        boolean fromOs = domain.nodes().size() == 1 && os.available();
        for (Node n : domain.nodes()) {
            RuntimeNode node = new RuntimeNode(n, world);
            nodes.register(node, fromOs ? machine(n) : NodeServices.measuredBy(node));
        }
        LOG.info("running {} nodes of domain {} on real threads; resources measured {}", domain.nodes().size(), domain.name(),
                fromOs ? "for the whole machine from /proc (this container is the node)"
                        : "per node from its threads' CPU time and its messages (the nodes share this machine)");
    }

    /** The machine's cpu, memory and bandwidth from /proc, in the same order as the runtime's own. */
    private Map<String, ResourceMonitor> machine(Node n) {
        Map<String, ResourceMonitor> m = new LinkedHashMap<>();
        m.put("cpu", os.cpu());
        m.put("memory", os.memory());
        m.put("bandwidth", os.bandwidth(n.capacity().bandwidth()));
        return m;
    }

    @Override
    public long nowMillis() {
        return (System.nanoTime() - origin) / 1_000_000;
    }

    @Override
    public AutoCloseable schedule(long periodMs, Runnable task) {
        if (periodMs <= 0) throw new IllegalArgumentException("period must be > 0");
        // a task that throws would end a fixed-rate schedule: log it and keep the period
        ScheduledFuture<?> f = clock.scheduleAtFixedRate(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("clock task failed", e);
            }
        }, periodMs, periodMs, TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void elapse(long durationMs) throws InterruptedException {
        Thread.sleep(durationMs);
    }
}
