package org.race.core;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
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
import org.race.api.repository.ComponentInstaller;
import org.race.api.repository.ComponentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The face of the engine and its lock. Deployments pass the {@link DeploymentCycle}; beside it stand the
 * {@link Registry} (kept in a {@link RegistryFile}), the {@link NodeView}, the calls to the nodes
 * ({@link NodeDispatch}), {@link NodeRecovery} and the {@link EventLog}. Roles are whatever services are
 * bound right now: allocators (by {@code race.name}), configurators and NodeManagers (by {@code race.node}).
 * Queries read published copies and never wait for a deployment.
 */
@Component(service = { Engine.class, NodeFailureListener.class, EventHandler.class }, configurationPid = "race.engine",
        property = EventConstants.EVENT_TOPIC + "=" + ComponentType.FAILED_TOPIC)
@Designate(ocd = EngineSettings.Config.class)
public class RaceEngine implements Engine, NodeFailureListener, EventHandler {
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

    /** The adapters, for the domain file configured in race.engine only: deployments take the model. */
    private final InputAdapters adapters = new InputAdapters();
    private final List<DomainListener> domainListeners = new ArrayList<>();
    private volatile Domain domain;
    private final ExecutionTimes executionTimes = new ExecutionTimes(() -> monitor);
    private final EngineSettings settings = new EngineSettings(executionTimes);
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
    private final FailureEvents failures = new FailureEvents(events::warn, System::nanoTime);
    private final Registry registry = new Registry();
    /** Grace before the applications of an uninstalled type are stopped: a bundle update passes within it. */
    static final long TYPE_GRACE_MS = 3000;
    /** The component types installed now: a deployment naming another is refused. */
    private final TypeWatch types = new TypeWatch(registry, events, this::undeploy, TYPE_GRACE_MS);
    /** This container's component bundles, served to node containers; never one imported from elsewhere. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = "(!(service.imported=*))")
    volatile ComponentRepository repository;

    private final BundleProvisioning provisioning = new BundleProvisioning(() -> calls, () -> repository, events);
    private final NodeDispatch dispatch = new NodeDispatch(() -> calls, provisioning);
    private final NodeView view = new NodeView(registry, dispatch, () -> monitor, () -> costModel, () -> legacyComponents);
    private final ScheduleCheck schedule = new ScheduleCheck(this::analysisCounted, () -> settings.admission, (plans, on, r) -> this.bounds.known(plans, on, r));
    private final ConfigureStage configure = new ConfigureStage(registry, () -> configuratorServices, () -> settings.configuratorChain);
    private final AdmitStage admit = new AdmitStage(() -> costModel, registry, configure, schedule);
    private final TwoPhaseAdmission twoPhase = new TwoPhaseAdmission(admissionCalls, () -> calls, dispatch::service);
    private final DeploymentCycle cycle = new DeploymentCycle(
            new ValidateStage(registry, types::installed),
            new PlaceStage(registry, view, this::allocatorsByName, () -> settings.defaultAllocator, () -> costModel, admit, events),
            configure,
            admit,
            new ProvideStage(provisioning),
            new ReserveStage(dispatch, twoPhase, () -> settings.admissionTimeoutMs, () -> settings.reservationLeaseMs),
            new CommitStage(dispatch, registry, events, () -> costModel));
    private final QosExpansion expansion = new QosExpansion(registry, view, dispatch, events, () -> domain, schedule);
    private final DeployedBounds bounds = new DeployedBounds(registry, () -> domain, this::analysisCounted, () -> costModel, analysisRevision::get);
    private final NodeRecovery recovery = new NodeRecovery(this, registry, dispatch, events, cycle, expansion, () -> domain, () -> settings.defaultAllocator);
    private final ContainerWatch containers = new ContainerWatch(this::containerGone);
    private final DryRun dryRun = new DryRun(registry, view, () -> configuratorServices, () -> settings.configuratorChain, () -> costModel, schedule,
            types::installed, this::allocatorsByName, () -> settings.defaultAllocator, events);

    @Reference(service = ComponentType.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindComponentType(Map<String, Object> properties) {
        types.bound(properties);
    }

    void unbindComponentType(Map<String, Object> properties) {
        types.left(properties);
    }

    /** For tests: a shorter grace. */
    void typeGrace(long ms) {
        types.grace(ms);
    }

    public RaceEngine() {
        registry.onChange(view::registryChanged);
    }

    @Activate
    void activate(EngineSettings.Config config) {
        modified(config);
    }

    /** DS unbinds the references after this: losing every node then is no failure. */
    @Deactivate
    synchronized void deactivate() {
        recovery.stop();
        types.stop();
        containers.close();
        admissionCalls.shutdownNow();
        if (stateLock != null) stateLock.close();
    }

    @Modified
    void modified(EngineSettings.Config config) {
        settings.apply(config);
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

    /** Nothing is reserved or started ({@link DryRun}). */
    @Override
    public synchronized AnalysisResult analyze(List<Application> applications, String allocator) throws DeploymentException {
        return analyze(applications, allocator, null);
    }

    @Override
    public synchronized AnalysisResult analyze(List<Application> applications, String allocator, Domain onto) throws DeploymentException {
        return dryRun.analyze(analysisCounted(), applications, allocator, domain, onto);
    }

    /** From the registry's published snapshot, cached per change: never takes the engine's lock ({@link DeployedBounds}). */
    @Override
    public Optional<AnalysisResult> bounds() {
        return bounds.get();
    }

    /** The installed analysis, counting the execution times race.engine executionTimes and race:exectimes choose ({@link ExecutionTimes}). */
    private SchedulabilityAnalysis analysisCounted() {
        return executionTimes.wrap(analysis);
    }

    @Override
    public String executionTimes(String application) {
        return executionTimes.choice(application);
    }

    @Override
    public void useExecutionTimes(String application, String which) throws DeploymentException {
        if (registry.find(application).isEmpty()) throw new DeploymentException("registry", "no application '" + application + "' is deployed");
        executionTimes.choose(application, which);
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
        executionTimes.forget(application);
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
        return settings.defaultAllocator;
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

    /** A node container's installer of component bundles, by the node it hosts. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindInstaller(ComponentInstaller installer, Map<String, Object> props) {
        if (props.get(RoleProperties.NODE) instanceof String node) provisioning.bound(node, installer, props);
    }

    void unbindInstaller(ComponentInstaller installer, Map<String, Object> props) {
        if (props.get(RoleProperties.NODE) instanceof String node) provisioning.unbound(node, installer);
    }

    /** Failed jobs of typed components become events (rate-limited, {@link FailureEvents}). */
    @Override
    public void handleEvent(Event event) {
        failures.handle(event);
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
