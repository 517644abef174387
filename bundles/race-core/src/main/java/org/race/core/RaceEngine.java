package org.race.core;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
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
import org.osgi.service.metatype.annotations.Option;
import org.race.api.Allocator;
import org.race.api.CentralMonitor;
import org.race.api.Configurator;
import org.race.api.CostModel;
import org.race.api.DomainListener;
import org.race.api.Engine;
import org.race.api.InputAdapter;
import org.race.api.LegacyComponent;
import org.race.api.NodeCalls;
import org.race.api.NodeFailureListener;
import org.race.api.NodeManager;
import org.race.api.NodeNotAnsweringException;
import org.race.api.RoleProperties;
import org.race.api.SchedulabilityAnalysis;
import org.race.api.analysis.AnalysisResult;
import org.race.api.component.ComponentType;
import org.race.api.model.Application;
import org.race.api.model.DeploymentException;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;
import org.race.api.model.NodeState;
import org.race.api.model.Placement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The face of the engine and its lock. Deployments pass the {@link DeploymentCycle}; beside it stand the
 * {@link Registry} (kept in a {@link RegistryFile}), the {@link NodeView}, the calls to the nodes
 * ({@link NodeDispatch}), {@link NodeRecovery} and the {@link EventLog}. Roles are whatever services are
 * bound right now: allocators (by {@code race.name}), configurators and NodeManagers (by {@code race.node}).
 * Queries read published copies and never wait for a deployment.
 */
@Component(service = { Engine.class, NodeFailureListener.class }, configurationPid = "race.engine")
@Designate(ocd = RaceEngine.Config.class)
public class RaceEngine implements Engine, NodeFailureListener {
    @ObjectClassDefinition(name = "RACE engine")
    public @interface Config {
        @AttributeDefinition(description = "Domain descriptor loaded at start (empty: none until race:domain)")
        String domain() default "";

        @AttributeDefinition(description = "Allocator used when a deployment names none and not every component is pinned")
        String allocator() default "firstfit";

        @AttributeDefinition(description = "Configurator chain, comma-separated names in order (e.g. muf,middleware,network); empty: every installed one, highest service.ranking first")
        String configurators() default "";

        @AttributeDefinition(description = "File the registry of deployed applications is written to (atomically, on every change) and restored from at start; empty: not kept")
        String stateFile() default "";

        @AttributeDefinition(description = "Phase 1 of an admission aborts when a node has not answered its reservation within this many ms")
        long admissionTimeoutMs() default 2000;

        @AttributeDefinition(description = "Lease of a phase 1 reservation, ms from its arrival on the node: not committed by then, it expires by itself")
        long reservationLeaseMs() default 5000;

        @AttributeDefinition(description = "What admission checks: analysis (capacity and the worst-case end-to-end latency within every deadline, "
                + "by the installed SchedulabilityAnalysis) or capacity (capacity only)", options = {
                        @Option(value = "analysis", label = "analysis"), @Option(value = "capacity", label = "capacity") })
        String admission() default ScheduleCheck.ANALYSIS;
    }

    private static final Logger LOG = LoggerFactory.getLogger(RaceEngine.class);

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile List<Map.Entry<Map<String, Object>, Allocator>> allocatorServices = List.of();

    /** Sorted by DS in ascending service ranking; the chain runs it backwards. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile List<Map.Entry<Map<String, Object>, Configurator>> configuratorServices = List.of();

    @Reference
    NodeCalls calls;

    /** The platform's measured overheads (race:calibrate), charged by admission when present. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile CostModel costModel;

    /** Worst-case response times: admission by schedulability ({@code admission = analysis}), race:analyze and {@link #bounds}. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            updated = "analysisReconfigured")
    volatile SchedulabilityAnalysis analysis;

    /** Bumped when the analysis's configuration (e.g. its variation) changes: the cached bounds are computed again. */
    private final AtomicLong analysisRevision = new AtomicLong();

    /** Measured use makes allocation see what nodes really have free, not only what was reserved. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile CentralMonitor monitor;

    /** Adopted OS processes (race:adopt): they use their node's cpu as long as they are adopted, and allocators place around them. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile List<Map.Entry<Map<String, Object>, LegacyComponent>> legacyComponents = List.of();

    /** The component types installed now (their service properties): a deployment naming another is refused. */
    private final List<Map<String, Object>> componentTypes = new CopyOnWriteArrayList<>();

    /** The adapters, for the domain file configured in race.engine only: deployments take the model. */
    private final InputAdapters adapters = new InputAdapters();
    private final List<DomainListener> domainListeners = new ArrayList<>();
    private volatile Domain domain;
    private volatile String defaultAllocator = "firstfit";
    private volatile List<String> configuratorChain = List.of();
    private volatile long admissionTimeoutMs = 2000, reservationLeaseMs = 5000;
    private volatile String admission = ScheduleCheck.ANALYSIS;
    private String domainFile = "";
    /** Held from the first state file on until deactivation; null without a state file. */
    private StateFileLock stateLock;
    /** The configured domain waits here until an input adapter that reads it is bound. */
    private String pendingDomainFile;

    /** Phase 1 calls and releases: daemon threads, so a node that never answers holds up nothing at shutdown. */
    private final ExecutorService admissionCalls = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "race-admission");
        t.setDaemon(true);
        return t;
    });

    private final EventLog events = new EventLog();
    private final Registry registry = new Registry();
    private final NodeDispatch dispatch = new NodeDispatch(() -> calls);
    private final NodeView view = new NodeView(registry, dispatch, () -> monitor, () -> costModel, () -> legacyComponents);
    private final ScheduleCheck schedule = new ScheduleCheck(() -> analysis, () -> admission, (plans, on, r) -> this.bounds.known(plans, on, r));
    private final ConfigureStage configure = new ConfigureStage(registry, () -> configuratorServices, () -> configuratorChain);
    private final AdmitStage admit = new AdmitStage(() -> costModel, registry, configure, schedule);
    private final TwoPhaseAdmission twoPhase = new TwoPhaseAdmission(admissionCalls, () -> calls, dispatch::service);
    private final DeploymentCycle cycle = new DeploymentCycle(
            new ValidateStage(registry, this::installedTypes),
            new PlaceStage(registry, view, this::allocatorsByName, () -> defaultAllocator, () -> costModel, admit, events),
            configure,
            admit,
            new ReserveStage(dispatch, twoPhase, () -> admissionTimeoutMs, () -> reservationLeaseMs),
            new CommitStage(dispatch, registry, events, () -> costModel));
    private final QosExpansion expansion = new QosExpansion(registry, view, dispatch, events, () -> domain, schedule);
    private final DeployedBounds bounds = new DeployedBounds(registry, () -> domain, () -> analysis, () -> costModel, analysisRevision::get);
    private final NodeRecovery recovery = new NodeRecovery(this, registry, dispatch, events, cycle, expansion, () -> domain, () -> defaultAllocator);
    private final ContainerWatch containers = new ContainerWatch(this::containerGone);

    private Set<String> installedTypes() {
        Set<String> names = new TreeSet<>();
        for (Map<String, Object> p : componentTypes) {
            if (p.get(ComponentType.TYPE) instanceof String name) names.add(name);
        }
        return names;
    }

    /** Grace before the applications of an uninstalled type are stopped: a bundle update passes within it. */
    static final long TYPE_GRACE_MS = 3000;
    private TypeWatch typeWatch = new TypeWatch(registry, events, this::installedTypes, this::undeploy, TYPE_GRACE_MS);

    @Reference(service = ComponentType.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindComponentType(Map<String, Object> properties) {
        componentTypes.add(properties);
    }

    void unbindComponentType(Map<String, Object> properties) {
        componentTypes.removeIf(p -> p.get("service.id") == null ? p.equals(properties) : p.get("service.id").equals(properties.get("service.id")));
        if (properties.get(ComponentType.TYPE) instanceof String name) typeWatch.typeLeft(name);
    }

    /** For tests: a shorter grace. */
    void typeGrace(long ms) {
        typeWatch.stop();
        typeWatch = new TypeWatch(registry, events, this::installedTypes, this::undeploy, ms);
    }

    public RaceEngine() {
        registry.onChange(view::registryChanged);
    }

    @Activate
    void activate(Config config) {
        modified(config);
    }

    /** DS unbinds the references after this: losing every node then is no failure. */
    @Deactivate
    synchronized void deactivate() {
        recovery.stop();
        typeWatch.stop();
        containers.close();
        admissionCalls.shutdownNow();
        if (stateLock != null) stateLock.close();
    }

    @Modified
    void modified(Config config) {
        defaultAllocator = config.allocator();
        if (config.admissionTimeoutMs() <= 0 || config.reservationLeaseMs() <= 0) {
            LOG.error("race.engine: admissionTimeoutMs and reservationLeaseMs must be > 0, got {} and {}; keeping {} and {}",
                    config.admissionTimeoutMs(), config.reservationLeaseMs(), admissionTimeoutMs, reservationLeaseMs);
        } else {
            admissionTimeoutMs = config.admissionTimeoutMs();
            reservationLeaseMs = config.reservationLeaseMs();
        }
        String mode = config.admission().trim();
        if (mode.equals(ScheduleCheck.ANALYSIS) || mode.equals(ScheduleCheck.CAPACITY)) {
            admission = mode;
        } else {
            LOG.error("race.engine: admission must be {} or {}, got '{}'; keeping {}", ScheduleCheck.ANALYSIS, ScheduleCheck.CAPACITY, mode, admission);
        }
        configuratorChain = Arrays.stream(config.configurators().split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
        String state = config.stateFile().trim();
        synchronized (this) {
            if (!state.isEmpty() && !registry.keptOnDisk()) keepIn(Path.of(state));
        }
        String file = config.domain().trim();
        if (!file.isEmpty() && !file.equals(domainFile)) {
            domainFile = file;
            pendingDomainFile = file;
            loadPendingDomain();
        }
    }

    /**
     * The state file is this engine's alone (a second container would overwrite its applications): locked
     * first, or the engine does not activate and says who holds it. Then the events of the previous run
     * and the applications to restore are read back.
     */
    private void keepIn(Path state) {
        try {
            stateLock = StateFileLock.acquire(state);
        } catch (IllegalStateException e) {
            LOG.error("race.engine: {}", e.getMessage());
            throw e;
        }
        events.keepIn(state.resolveSibling(state.getFileName() + ".events"));
        registry.keepIn(new RegistryFile(state));
        recovery.restorePending();
    }

    private synchronized void loadPendingDomain() {
        if (pendingDomainFile == null || !adapters.reads(Path.of(pendingDomainFile))) return;
        String file = pendingDomainFile;
        pendingDomainFile = null;
        try {
            Domain d = loadDomain(adapters.readDomain(Path.of(file)));
            LOG.info("loaded domain {} ({} nodes) from {}", d.name(), d.nodes().size(), file);
        } catch (DeploymentException e) {
            LOG.error("race.engine: cannot load the configured domain: {}", e.getMessage());
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindAdapter(InputAdapter adapter) {
        adapters.bindAdapter(adapter);
        loadPendingDomain();
    }

    void unbindAdapter(InputAdapter adapter) {
        adapters.unbindAdapter(adapter);
    }

    /** A platform that arrives after the domain was loaded still learns about it, and brings the NodeManagers a restore waits for. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    synchronized void bindDomainListener(DomainListener listener) {
        domainListeners.add(listener);
        if (domain != null) {
            listener.domainLoaded(domain);
            recovery.restorePending();
        }
    }

    synchronized void unbindDomainListener(DomainListener listener) {
        domainListeners.remove(listener);
    }

    @Override
    public Optional<Domain> domain() {
        return Optional.ofNullable(domain);
    }

    @Override
    public synchronized Domain loadDomain(Domain d) throws DeploymentException {
        if (!registry.names().isEmpty()) {
            throw new DeploymentException("domain", "cannot replace the domain while applications are deployed ("
                    + String.join(", ", registry.names()) + "); undeploy them first");
        }
        for (DomainListener l : domainListeners) {
            try {
                l.domainLoaded(d);
            } catch (RuntimeException e) {
                throw new DeploymentException("domain", "platform refused domain " + d.name() + ": " + e.getMessage(), e);
            }
        }
        domain = d;
        recovery.restorePending();
        return d;
    }

    @Override
    public List<NodeState> nodes() {
        return view.nodes(domain, registry.snapshot());
    }

    @Override
    public synchronized DeploymentPlan deploy(Application application, String allocator) throws DeploymentException {
        return cycle.run(application, allocator, domain);
    }

    /**
     * The cycle up to admission over a scratch copy of the registry, one application after the other, then the
     * analysis of all of them with everything deployed: nothing is reserved or started.
     */
    @Override
    public synchronized AnalysisResult analyze(List<Application> applications, String allocator) throws DeploymentException {
        return analyze(applications, allocator, null);
    }

    /**
     * {@code onto} null: on the current domain on top of what is deployed; else on that domain, empty, every node
     * taken as up (what the applications would get on it alone).
     */
    @Override
    public synchronized AnalysisResult analyze(List<Application> applications, String allocator, Domain onto) throws DeploymentException {
        SchedulabilityAnalysis a = analysis;
        if (a == null) throw new DeploymentException("analysis", "no schedulability analysis is installed (bundle race-analysis)");
        Domain d = onto != null ? onto : domain;
        if (d == null) throw new DeploymentException("domain", "no domain is loaded; load one with race:domain <file>");
        Registry scratch = new Registry();
        if (onto == null) registry.plans().forEach(scratch::put);
        ConfigureStage configureThere = new ConfigureStage(scratch, () -> configuratorServices, () -> configuratorChain);
        AdmitStage admitThere = new AdmitStage(() -> costModel, scratch, configureThere, schedule);
        DeploymentCycle dry = new DeploymentCycle(
                new ValidateStage(scratch, this::installedTypes),
                new PlaceStage(scratch, view, onto == null ? view::nodes : NodeView::alone, this::allocatorsByName, () -> defaultAllocator,
                        () -> costModel, admitThere, events),
                configureThere,
                s -> {
                    s.shrinks.forEach(c -> scratch.put(c.applied()));
                    s.changed.forEach(scratch::put);
                    scratch.put(s.plan);
                });
        for (Application app : applications) dry.run(app, allocator, d);
        return a.analyze(scratch.plans(), d);
    }

    /** From the registry's published snapshot, cached per change: never takes the engine's lock ({@link DeployedBounds}). */
    @Override
    public Optional<AnalysisResult> bounds() {
        return bounds.get();
    }

    void analysisReconfigured(SchedulabilityAnalysis reconfigured) {
        analysisRevision.incrementAndGet();
    }

    @Override
    public synchronized void undeploy(String application) throws DeploymentException {
        DeploymentPlan plan = registry.get(application);
        if (plan == null) {
            throw new DeploymentException("registry", "no application '" + application + "' is deployed"
                    + (registry.names().isEmpty() ? "" : " (deployed: " + String.join(", ", registry.names()) + ")"));
        }
        for (String node : Registry.nodesOf(plan)) {
            Optional<NodeManager> m = dispatch.manager(node);
            if (m.isEmpty()) {
                LOG.warn("undeploy {}: node {} is gone; nothing to stop there", application, node);
                continue;
            }
            try {
                dispatch.undeployOn(node, m.get(), application);
            } catch (NodeNotAnsweringException e) {
                // failed now: the check before it is used again stops what it still runs
                LOG.warn("undeploy {}: {}", application, e.getMessage());
            }
        }
        registry.remove(application);
        registry.changed();
        LOG.info("undeployed {}", application);
        expansion.expand("after " + application + " left");
    }

    @Override
    public synchronized DeploymentPlan move(String application, String component, String node) throws DeploymentException {
        DeploymentPlan old = registry.get(application);
        if (old == null) throw new DeploymentException("registry", "no application '" + application + "' is deployed");
        org.race.api.model.Component c = old.application().component(component).orElseThrow(
                () -> new DeploymentException("move", "application '" + application + "' has no component '" + component + "'"));
        if (c.pinned()) throw new DeploymentException("move", "'" + component + "' is statically mapped to " + c.node());
        if (node.equals(old.placement().nodeOf().get(component))) return old;
        Map<String, String> nodeOf = new TreeMap<>(old.placement().nodeOf());
        nodeOf.put(component, node);
        DeploymentPlan moved = new DeploymentPlan(old.application(), new Placement(old.placement().allocator(), nodeOf), old.settings());
        // capacities as they would be without this application
        List<NodeState> without = view.nodes(domain, registry.plans().stream().filter(p -> !p.name().equals(application)).toList());
        PlaceStage.checkPlaced("move", moved.application(), moved.placement(), without);
        AdmitStage.checkCapacity("move", moved, without);
        dispatch.stop(old);
        try {
            dispatch.start(moved);
        } catch (DeploymentException e) {
            try {
                dispatch.start(old);
            } catch (DeploymentException again) {
                registry.remove(application);
                LOG.error("move of {} failed and the old placement could not be restored: {}; {} is stopped", application, again.getMessage(), application);
            }
            throw e;
        }
        registry.put(moved);
        registry.changed();
        LOG.info("moved {}/{} to {}", application, component, node);
        return moved;
    }

    @Override
    public synchronized void updated(DeploymentPlan plan) throws DeploymentException {
        DeploymentPlan old = registry.get(plan.name());
        if (old == null) throw new DeploymentException("registry", "no application '" + plan.name() + "' is deployed");
        if (!old.placement().equals(plan.placement())) throw new DeploymentException("registry", "placement changes go through move");
        registry.put(plan);
        registry.save();
    }

    @Override
    public List<DeploymentPlan> applications() {
        return registry.snapshot();
    }

    @Override
    public Optional<DeploymentPlan> application(String name) {
        return registry.find(name);
    }

    @Override
    public List<String> allocators() {
        return List.copyOf(allocatorsByName().keySet());
    }

    @Override
    public String defaultAllocator() {
        return defaultAllocator;
    }

    @Override
    public List<String> events() {
        return events.all();
    }

    private Map<String, Allocator> allocatorsByName() {
        return byProperty(allocatorServices, RoleProperties.NAME);
    }

    /** A node (local, or a remote node container) arriving may complete an application waiting to be restored. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    synchronized void bindNodeManager(NodeManager manager, Map<String, Object> props) {
        Object node = props.get(RoleProperties.NODE);
        if (node == null) return;
        dispatch.bound(node.toString(), manager, props);
        containers.watch(node.toString(), props);
        recovery.bound(node.toString());
    }

    /** A node gone: its applications are placed again on the nodes left ({@link NodeRecovery}). */
    synchronized void unbindNodeManager(NodeManager manager, ServiceReference<NodeManager> ref) {
        Object node = ref.getProperty(RoleProperties.NODE);
        if (node == null || !dispatch.unbound(node.toString(), manager)) return;
        containers.unwatch(node.toString());
        // a bundle stopping (the container shutting down) or a domain being replaced is no failure
        Bundle owner = ref.getBundle();
        if (owner != null && owner.getState() == Bundle.STOPPING) return;
        recovery.lost(node.toString());
    }

    /** NodeCalls gave up on the node: it is treated as lost until a check finds it clean. */
    @Override
    public synchronized void nodeFailed(String node, String reason) {
        recovery.failed(node, reason);
    }

    /** The container a remote node was imported from is gone: its applications are placed again at once. */
    private synchronized void containerGone(String node, String evidence) {
        recovery.gone(node, evidence);
    }

    /** The periodic check of held-back nodes (tests call it to not wait for the scheduler). */
    void checkNodes() {
        recovery.checkNodes();
    }

    /** Services by the value of one property; DS sorts by ascending ranking, so of two with one value the higher ranking wins. */
    static <S> Map<String, S> byProperty(List<Map.Entry<Map<String, Object>, S>> services, String key) {
        Map<String, S> out = new TreeMap<>();
        for (Map.Entry<Map<String, Object>, S> e : services) {
            Object n = e.getKey().get(key);
            if (n != null) out.put(n.toString(), e.getValue());
        }
        return out;
    }
}
