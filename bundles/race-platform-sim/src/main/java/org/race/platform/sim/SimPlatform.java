package org.race.platform.sim;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.race.api.Clock;
import org.race.api.DomainListener;
import org.race.api.FrameworkProperties;
import org.race.api.RoleProperties;
import org.race.api.model.Domain;
import org.race.api.model.Node;
import org.race.node.platform.Courier;
import org.race.node.platform.NodeServices;
import org.race.node.platform.RuntimeNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code sim} platform: simulates every node of the loaded domain in one SimWorld and provides
 * the virtual Clock. For each node it registers a NodeManager and NodeEffector, ResourceMonitors for
 * cpu, memory and bandwidth, and a QosMonitor, all with {@code race.node=<name>}, so the engine and
 * the monitors cannot tell them from real ones. Runs when its bundle is started: the launcher starts
 * the one platform bundle {@code race.platform} names, this one by default.
 */
@Component(service = { Clock.class, DomainListener.class }, property = RoleProperties.PLATFORM + "=sim", configurationPid = "race.sim")
@Designate(ocd = SimPlatform.Config.class)
public class SimPlatform implements Clock, DomainListener {
    @ObjectClassDefinition(name = "RACE simulated platform")
    public @interface Config {
        @AttributeDefinition(description = "Seed of the execution-time variation; the same seed and inputs give the same run")
        long seed() default 42;

        @AttributeDefinition(description = "Execution times vary uniformly within +/- this fraction")
        double variation() default 0.1;

        @AttributeDefinition(description = "Input-workload factor multiplying every execution time (1.0 = nominal)")
        double workload() default 1.0;

        @AttributeDefinition(description = "Virtual seconds per wall-clock second while idle; 0 = time moves only by race:run. "
                + "Unset: the framework property " + FrameworkProperties.SIM_SPEED + ", else 1")
        double speed() default -1;
    }

    private static final Logger LOG = LoggerFactory.getLogger(SimPlatform.class);
    /** Short: deliveries leave a node container when the pacer reaches their time. */
    private static final long PACER_TICK_MS = 5;

    private final BundleContext context;
    private final SimWorld world;
    private final NodeServices nodes;
    private ScheduledExecutorService pacer;
    private final Object pace = new Object();
    private volatile double speed;
    private long lastPaced;

    @Activate
    public SimPlatform(BundleContext context, Config config, @Reference Courier courier) {
        this.context = context;
        this.nodes = new NodeServices(context, "sim");
        this.world = new SimWorld(config.seed(), config.variation(), config.workload());
        world.connect(nodes::hosts, courier, this::catchUp);
        modified(config);
    }

    @Modified
    void modified(Config config) {
        if (config.variation() < 0 || config.variation() >= 1 || config.workload() <= 0) {
            LOG.error("race.sim: variation must be in [0, 1) and workload > 0; keeping the previous values");
        } else {
            world.configure(config.seed(), config.variation(), config.workload());
        }
        double s = config.speed();
        if (s < 0) {
            String p = context.getProperty(FrameworkProperties.SIM_SPEED);
            s = p == null ? 1.0 : Double.parseDouble(p);
        }
        setSpeed(s);
    }

    /** Virtual time follows the wall clock scaled by {@code speed}, so an interactive user sees the system run. */
    private synchronized void setSpeed(double s) {
        speed = s;
        if (pacer != null) {
            pacer.shutdownNow();
            pacer = null;
        }
        if (s <= 0) return;
        pacer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "race-sim-pacer");
            t.setDaemon(true);
            return t;
        });
        synchronized (pace) {
            lastPaced = System.nanoTime();
        }
        pacer.scheduleWithFixedDelay(() -> {
            try {
                catchUp();
            } catch (RuntimeException e) {
                LOG.error("simulation step failed", e);
            }
        }, PACER_TICK_MS, PACER_TICK_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Move virtual time to where the wall clock says it is now. The pacer does it every tick; a
     * delivery from another container does it first, so that it arrives at its true time, not up to
     * a tick early.
     */
    private void catchUp() {
        synchronized (pace) { // one at a time, or two would each move time by its own slice from the same start
            if (speed <= 0) return;
            long t = System.nanoTime();
            long virtualUs = Math.round((t - lastPaced) / 1000.0 * speed);
            lastPaced = t;
            world.advanceTo(world.nowMicros() + virtualUs);
        }
    }

    @Deactivate
    synchronized void deactivate() {
        if (pacer != null) pacer.shutdownNow();
        nodes.unregisterAll();
    }

    @Override
    public synchronized void domainLoaded(Domain domain) {
        world.setDomain(domain);
        nodes.unregisterAll();
        for (Node n : domain.nodes()) {
            RuntimeNode node = new RuntimeNode(n, world);
            nodes.register(node, NodeServices.measuredBy(node));
        }
        LOG.info("simulating {} nodes of domain {}", domain.nodes().size(), domain.name());
    }

    @Override
    public long nowMillis() {
        return world.nowMicros() / 1000;
    }

    @Override
    public AutoCloseable schedule(long periodMs, Runnable task) {
        return world.schedule(periodMs * 1000, task);
    }

    @Override
    public void elapse(long durationMs) {
        world.advanceTo(world.nowMicros() + durationMs * 1000);
    }
}
