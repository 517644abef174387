package org.race.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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
import org.race.api.model.AllocationException;
import org.race.api.model.Application;
import org.race.api.model.ComponentSettings;
import org.race.api.model.DeploymentException;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.DescriptorException;
import org.race.api.model.Domain;
import org.race.api.model.Node;
import org.race.api.model.NodeState;
import org.race.api.model.Placement;
import org.race.api.model.PlanSet;
import org.race.api.model.Resources;
import org.race.api.monitoring.ComponentSample;
import org.race.api.monitoring.NodeSample;
import org.race.api.monitoring.SystemSnapshot;
import org.slf4j.Logger;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import org.slf4j.LoggerFactory;

/**
 * The deployment pipeline and the application registry. Roles are whatever services are bound right
 * now: adapters, allocators (by {@code race.name}), configurators (highest service.ranking first) and
 * NodeManagers (by {@code race.node}). A deployment either completes on every node or leaves nothing.
 * Every call to a NodeManager goes through {@link NodeCalls}, so a remote node that hangs holds the
 * engine up for a bounded time only, and then counts as failed like a lost one.
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
    }

    private static final Logger LOG = LoggerFactory.getLogger(RaceEngine.class);
    static final String STATIC_ALLOCATOR = "static";

    private final List<InputAdapter> adapters = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile List<Map.Entry<Map<String, Object>, Allocator>> allocatorServices;

    /** Sorted by DS in ascending service ranking; the chain runs it backwards. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile List<Map.Entry<Map<String, Object>, Configurator>> configuratorServices;

    @Reference
    NodeCalls calls;

    /** NodeManagers by node; the last bound for a node wins. */
    private final Map<String, NodeManager> nodeManagers = new java.util.concurrent.ConcurrentSkipListMap<>();
    /** The service properties of each node's NodeManager: whether it is remote, for {@link NodeCalls}. */
    private final Map<String, Map<String, Object>> nodeServices = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * Nodes lost or failed (not answering) while applications were placed: left alone until a check
     * finds the node answering and running nothing the registry does not place there, so that
     * nothing runs twice once it is used again. Guarded by this.
     */
    private final java.util.Set<String> unchecked = new TreeSet<>();
    private java.util.concurrent.ScheduledExecutorService checker;
    static final long CHECK_MS = 1000;
    private final java.util.ArrayDeque<String> events = new java.util.ArrayDeque<>();
    private static final int EVENTS = 100;

    /** The platform's measured overheads (race:calibrate), charged by admission when present. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile CostModel costModel;

    /** Measured use makes allocation see what nodes really have free, not only what was reserved. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile CentralMonitor monitor;

    /** Adopted OS processes (race:adopt): they use their node's cpu as long as they are adopted, and allocators place around them. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile List<Map.Entry<Map<String, Object>, LegacyComponent>> legacyComponents = List.of();

    private final List<DomainListener> domainListeners = new ArrayList<>();
    private final Map<String, DeploymentPlan> deployed = new LinkedHashMap<>();
    private Domain domain;
    private volatile String defaultAllocator;
    private volatile List<String> configuratorChain = List.of();
    private volatile long admissionTimeoutMs = 2000, reservationLeaseMs = 5000;
    /** Phase 1 calls and releases: daemon threads, so a node that never answers holds up nothing at shutdown. */
    private final java.util.concurrent.ExecutorService admissionCalls = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "race-admission");
        t.setDaemon(true);
        return t;
    });
    private final TwoPhaseAdmission admission = new TwoPhaseAdmission(admissionCalls, () -> calls, this::service);
    private String domainFile = "";
    private SystemSnapshot snapshotAtLastChange;
    private Path stateFile;
    private boolean stopping;
    /** Applications of the state file not restored yet: their nodes' NodeManagers have not all appeared. */
    private final List<DeploymentPlan> pending = new ArrayList<>();
    private final Gson gson = new GsonBuilder().setPrettyPrinting().create();
    /** The configured domain waits here until an input adapter that reads it is bound. */
    private String pendingDomainFile;

    @Activate
    void activate(Config config) {
        modified(config);
    }

    /** DS unbinds the references after this: losing every node then is no failure. */
    @Deactivate
    synchronized void deactivate() {
        stopping = true;
        admissionCalls.shutdownNow();
        if (checker != null) checker.shutdownNow();
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
        configuratorChain = java.util.Arrays.stream(config.configurators().split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
        String state = config.stateFile().trim();
        if (!state.isEmpty() && stateFile == null) {
            synchronized (this) {
                stateFile = Path.of(state);
                pending.addAll(readState(stateFile));
            }
        }
        String file = config.domain().trim();
        if (!file.isEmpty() && !file.equals(domainFile)) {
            domainFile = file;
            pendingDomainFile = file;
            loadPendingDomain();
        }
    }

    private synchronized void loadPendingDomain() {
        if (pendingDomainFile == null || adapters.stream().noneMatch(a -> a.accepts(Path.of(pendingDomainFile)))) return;
        String file = pendingDomainFile;
        pendingDomainFile = null;
        try {
            Domain d = loadDomain(Path.of(file));
            LOG.info("loaded domain {} ({} nodes) from {}", d.name(), d.nodes().size(), file);
        } catch (DeploymentException e) {
            LOG.error("race.engine: cannot load the configured domain: {}", e.getMessage());
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindAdapter(InputAdapter adapter) {
        adapters.add(adapter);
        loadPendingDomain();
    }

    void unbindAdapter(InputAdapter adapter) {
        adapters.remove(adapter);
    }

    /** A platform that arrives after the domain was loaded still learns about it. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    synchronized void bindDomainListener(DomainListener listener) {
        domainListeners.add(listener);
        if (domain != null) {
            listener.domainLoaded(domain);
            restorePending(); // a platform arriving late brings the NodeManagers the restore waits for
        }
    }

    synchronized void unbindDomainListener(DomainListener listener) {
        domainListeners.remove(listener);
    }

    @Override
    public synchronized Optional<Domain> domain() {
        return Optional.ofNullable(domain);
    }

    @Override
    public synchronized Domain loadDomain(Path descriptor) throws DeploymentException {
        Domain d;
        try {
            d = adapterFor(descriptor).readDomain(descriptor);
        } catch (DescriptorException e) {
            throw new DeploymentException("adapter", e.getMessage(), e);
        }
        if (!deployed.isEmpty()) {
            throw new DeploymentException("domain", "cannot replace the domain while applications are deployed ("
                    + String.join(", ", deployed.keySet()) + "); undeploy them first");
        }
        for (DomainListener l : domainListeners) {
            try {
                l.domainLoaded(d);
            } catch (RuntimeException e) {
                throw new DeploymentException("domain", "platform refused domain " + d.name() + ": " + e.getMessage(), e);
            }
        }
        domain = d;
        restorePending();
        return d;
    }

    @Override
    public synchronized List<NodeState> nodes() {
        if (domain == null) return List.of();
        restorePending();
        Map<String, NodeManager> managers = nodeManagers();
        Map<String, NodeSample> samples = new TreeMap<>();
        CentralMonitor m = monitor;
        SystemSnapshot snapshot = m == null ? null : m.latest().orElse(null);
        if (snapshot != null) snapshot.nodes().forEach(n -> samples.put(n.node(), n));
        // a window that saw applications since undeployed overstates memory and bandwidth until the next one
        boolean fresh = snapshot != null && snapshot != snapshotAtLastChange;
        Map<String, Map<String, LegacyComponent>> legacy = legacyByNode();
        CostModel costs = costModel;
        List<DeploymentPlan> plans = deployed.values().stream().map(p -> p.withApplication(charged(costs, p.application()))).toList();
        List<NodeState> out = new ArrayList<>();
        for (Node n : domain.nodes()) {
            // the domain's best-effort share of every link is never booked by declared connections
            Resources reserved = new Resources(0, 0, domain.bestEffortShare() * n.capacity().bandwidth());
            for (DeploymentPlan p : plans) reserved = reserved.plus(p.demandOn(n.name()));
            Map<String, LegacyComponent> adopted = legacy.getOrDefault(n.name(), Map.of());
            double quotas = adopted.values().stream().mapToDouble(LegacyComponent::reservedCpu).sum();
            reserved = reserved.plus(new Resources(quotas * n.capacity().cpu(), 0, 0));
            out.add(new NodeState(n, reserved, measuredUse(n, samples.get(n.name()), fresh, adopted.keySet()), managers.containsKey(n.name())));
        }
        return out;
    }

    /** The legacy components adopted now, by node and name. */
    private Map<String, Map<String, LegacyComponent>> legacyByNode() {
        Map<String, Map<String, LegacyComponent>> out = new TreeMap<>();
        for (Map.Entry<Map<String, Object>, LegacyComponent> e : legacyComponents) {
            Object node = e.getKey().get(RoleProperties.NODE);
            if (node != null) out.computeIfAbsent(node.toString(), k -> new TreeMap<>()).put(e.getValue().name(), e.getValue());
        }
        return out;
    }

    /** An application as admission counts it: with the platform's overheads when a cost model is present. */
    private static Application charged(CostModel costs, Application app) {
        return costs == null ? app : costs.charge(app);
    }

    /**
     * What the last snapshot saw in use, in the units of the node's capacity: cpu as the sum of the
     * components of applications still deployed and of the legacy components still adopted (so an
     * undeployed or abandoned one stops counting at once); memory and bandwidth from the node's
     * figures when the snapshot is newer than the last change, plus the adopted processes' memory.
     */
    private Resources measuredUse(Node n, NodeSample s, boolean fresh, Set<String> adopted) {
        if (s == null) return Resources.ZERO;
        Resources c = n.capacity();
        double cpu = 0, legacyMemory = 0;
        for (ComponentSample cs : s.components()) {
            if (deployed.containsKey(cs.application())) {
                cpu += cs.utilization();
            } else if (cs.application().equals(LegacyComponent.APPLICATION) && adopted.contains(cs.component())) {
                cpu += cs.utilization();
                legacyMemory += cs.memoryMb();
            }
        }
        Map<String, Double> u = s.utilization();
        return new Resources(cpu * c.cpu(), (fresh ? u.getOrDefault("memory", 0.0) * c.memory() : 0) + legacyMemory,
                fresh ? u.getOrDefault("bandwidth", 0.0) * c.bandwidth() : 0);
    }

    /** Per node, the cpu the last snapshot measured for each deployed application, in the node's capacity units. */
    private Map<String, Map<String, Double>> measuredByApplication() {
        Map<String, Map<String, Double>> out = new TreeMap<>();
        CentralMonitor m = monitor;
        SystemSnapshot snapshot = m == null ? null : m.latest().orElse(null);
        if (snapshot == null || domain == null) return out;
        for (NodeSample s : snapshot.nodes()) {
            Optional<Node> n = domain.node(s.node());
            if (n.isEmpty()) continue;
            for (ComponentSample cs : s.components()) {
                if (deployed.containsKey(cs.application())) {
                    out.computeIfAbsent(s.node(), k -> new TreeMap<>()).merge(cs.application(), cs.utilization() * n.get().capacity().cpu(), Double::sum);
                }
            }
        }
        return out;
    }

    /** Remember which snapshot was current when the registry changed, and keep the registry on disk. */
    private void changed() {
        CentralMonitor m = monitor;
        snapshotAtLastChange = m == null ? null : m.latest().orElse(null);
        writeState();
    }

    /** The registry as JSON, written to a temporary file and moved over the old one, so a crash leaves one or the other. */
    private void writeState() {
        if (stateFile == null) return;
        List<DeploymentPlan> all = new ArrayList<>(deployed.values());
        all.addAll(pending);
        try {
            Path dir = stateFile.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".registry", ".tmp");
            Files.writeString(tmp, gson.toJson(all.toArray(new DeploymentPlan[0])));
            Files.move(tmp, stateFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.error("cannot write the registry to {}: {}", stateFile, e.toString());
        }
    }

    private List<DeploymentPlan> readState(Path file) {
        if (!Files.exists(file)) return List.of();
        try {
            com.google.gson.JsonElement json = com.google.gson.JsonParser.parseString(Files.readString(file));
            checkContracts(file.toString(), json);
            DeploymentPlan[] plans = gson.fromJson(json, DeploymentPlan[].class);
            LOG.info("{} applications to restore from {}", plans == null ? 0 : plans.length, file);
            return plans == null ? List.of() : List.of(plans);
        } catch (IOException | RuntimeException | DescriptorException e) {
            String why = e instanceof DescriptorException d ? d.getMessage() : e.toString();
            Path aside = file.resolveSibling(file.getFileName() + ".unreadable");
            LOG.error("cannot restore the registry {} ({}); moved to {}, starting empty", file, why, aside);
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException again) {
                LOG.error("cannot move {} aside: {}", file, again.toString());
            }
            return List.of();
        }
    }

    /**
     * A restored contract must be one admission could have made: its region valid and with dimensions
     * the framework knows, its operational point inside it. Paths are JSON paths into the state file.
     */
    static void checkContracts(String file, com.google.gson.JsonElement json) throws DescriptorException {
        if (json == null || !json.isJsonArray()) return; // Gson reports the shape
        com.google.gson.JsonArray plans = json.getAsJsonArray();
        for (int i = 0; i < plans.size(); i++) {
            String at = "$[" + i + "].application";
            com.google.gson.JsonObject app = plans.get(i).isJsonObject() && plans.get(i).getAsJsonObject().get("application") instanceof com.google.gson.JsonObject o
                    ? o : null;
            if (app == null || !(app.get("region") instanceof com.google.gson.JsonObject region)) continue;
            for (String dimension : region.keySet()) {
                if (!Set.of("period", "latencyMaxMs").contains(dimension)) {
                    throw new DescriptorException(file, at + ".region." + dimension, "unknown QoS dimension (known: period, latencyMaxMs)");
                }
            }
            if (!(region.get("period") instanceof com.google.gson.JsonObject period)) {
                throw new DescriptorException(file, at + ".region.period", "missing: a region needs its period range");
            }
            double min = number(file, period, "min", at + ".region.period"), max = number(file, period, "max", at + ".region.period");
            if (min <= 0 || max <= 0) throw new DescriptorException(file, at + ".region.period", "bounds must be > 0, got [" + Negotiator.num(min) + ", " + Negotiator.num(max) + "]");
            if (min > max) throw new DescriptorException(file, at + ".region.period.min", "min " + Negotiator.num(min) + " > max " + Negotiator.num(max));
            if (region.has("latencyMaxMs") && !region.get("latencyMaxMs").isJsonNull() && number(file, region, "latencyMaxMs", at + ".region") <= 0) {
                throw new DescriptorException(file, at + ".region.latencyMaxMs", "must be > 0");
            }
            double cop = number(file, app, "periodMs", at);
            if (cop < min || cop > max) {
                throw new DescriptorException(file, at + ".periodMs", "operational point " + Negotiator.num(cop) + " ms lies outside the region's period ["
                        + Negotiator.num(min) + ", " + Negotiator.num(max) + "] ms");
            }
        }
    }

    private static double number(String file, com.google.gson.JsonObject o, String field, String at) throws DescriptorException {
        com.google.gson.JsonElement e = o.get(field);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) throw new DescriptorException(file, at + "." + field, "expected a number, got " + e);
        return e.getAsDouble();
    }

    /**
     * Restore the applications of the state file whose nodes all have a NodeManager now, deploying
     * only the parts a node does not host; once all are back, stop what nodes host that the
     * registry does not know, so nothing runs twice. Called on every engine use: remote nodes
     * come and go at any time.
     */
    private void restorePending() {
        if (pending.isEmpty() || domain == null) return;
        Map<String, NodeManager> managers = nodeManagers();
        int before = pending.size();
        for (DeploymentPlan plan : List.copyOf(pending)) {
            if (!managers.keySet().containsAll(nodesOf(plan))) continue;
            pending.remove(plan);
            try {
                for (String node : nodesOf(plan)) {
                    NodeManager m = managers.get(node);
                    if (!applicationsOn(node, m).contains(plan.name())) deployOn(node, m, plan);
                }
                deployed.put(plan.name(), plan);
                LOG.info("restored {} on {}", plan.name(), nodesOf(plan));
            } catch (RuntimeException e) {
                stopOnNodes(plan);
                LOG.error("cannot restore {}: {}; it is not deployed", plan.name(), e.toString());
            }
        }
        if (pending.isEmpty()) {
            for (Map.Entry<String, NodeManager> m : managers.entrySet()) {
                List<String> runs;
                try {
                    runs = applicationsOn(m.getKey(), m.getValue());
                } catch (RuntimeException e) {
                    LOG.error("cannot ask node {} what it runs: {}", m.getKey(), e.toString());
                    continue;
                }
                for (String app : runs) {
                    if (!deployed.containsKey(app)) {
                        LOG.warn("node {} runs {}, which the registry does not know: stopped", m.getKey(), app);
                        undeployQuietly(m.getKey(), m.getValue(), app);
                    }
                }
            }
        }
        if (pending.size() != before) writeState();
    }

    @Override
    public synchronized DeploymentPlan deploy(Path descriptor, String allocatorName) throws DeploymentException {
        if (domain == null) throw new DeploymentException("domain", "no domain is loaded; load one with race:domain <file>");
        restorePending();
        Application app;
        try {
            app = adapterFor(descriptor).readApplication(descriptor, domain);
        } catch (DescriptorException e) {
            throw new DeploymentException("adapter", e.getMessage(), e);
        }
        if (deployed.containsKey(app.name())) {
            throw new DeploymentException("registry", "application '" + app.name() + "' is already deployed; undeploy it first");
        }
        return place(app, allocatorName);
    }

    /**
     * allocator, configurators, NodeManagers for an application read and checked already; all or nothing.
     * A contracted application is placed at the best point of its region that fits, after shrinking less
     * critical applications when even its minimum does not; the nodes admit it in two phases.
     */
    private DeploymentPlan place(Application app, String allocatorName) throws DeploymentException {
        List<NodeState> nodes = nodes();
        String name = allocatorName != null ? allocatorName : app.fullyPinned() ? STATIC_ALLOCATOR : defaultAllocator;
        Allocator allocator = allocatorsByName().get(name);
        if (allocator == null) {
            throw new DeploymentException("allocator", "allocator '" + name + "' is not installed (installed: "
                    + String.join(", ", allocators()) + ")");
        }
        CostModel costs = costModel;
        Negotiator.Placer placer = (a, states) -> {
            Application charged = charged(costs, a);
            Placement p = allocate(allocator, name, charged, states);
            String late = costs == null ? null : costs.deadlineShortfall(charged, p.nodeOf(), domain);
            if (late != null) throw new DeploymentException("admission", a.name() + " " + late);
            return p;
        };
        List<Negotiator.Change> shrinks = List.of();
        Placement placement;
        if (app.contracted()) {
            Negotiator.Grant grant;
            try {
                grant = new Negotiator(nodes, deployed, measuredByApplication()).negotiate(app, placer);
            } catch (DeploymentException e) {
                event("rejected " + e.getMessage().substring(e.step().length() + 2), false);
                throw e;
            }
            app = app.withPeriod(grant.periodMs());
            placement = grant.placement();
            shrinks = grant.shrinks();
        } else {
            placement = placer.place(app, nodes);
        }
        Map<String, ComponentSettings> none = new TreeMap<>();
        app.components().forEach(c -> none.put(c.name(), ComponentSettings.NONE));
        DeploymentPlan plan = new DeploymentPlan(app, placement, none);

        // the configurators see the shrunk applications at their new rates; every deployed plan they change is updated on its nodes
        Map<String, DeploymentPlan> current = new LinkedHashMap<>(deployed);
        Map<String, Double> shrunkTo = new TreeMap<>();
        for (Negotiator.Change c : shrinks) {
            current.put(c.plan().name(), c.applied());
            shrunkTo.put(c.plan().name(), c.toMs());
        }
        PlanSet configured = configure(new PlanSet(plan, List.copyOf(current.values())));
        plan = configured.candidate();
        List<DeploymentPlan> changed = configured.deployed().stream()
                .filter(p -> !p.equals(deployed.get(p.name()))).toList();
        admit(plan, shrunkTo, changed);
        changed.forEach(p -> deployed.put(p.name(), p));
        deployed.put(app.name(), plan);
        changed();
        for (Negotiator.Change c : shrinks) event("shrank " + c.describe() + " to admit " + app.name() + " (" + app.importance().label() + ")", false);
        if (app.contracted()) {
            event("admitted " + app.name() + " (" + app.importance().label() + ") at " + Negotiator.num(1000 / app.periodMs()) + " Hz (period "
                    + Negotiator.num(app.periodMs()) + " ms) in its region " + Negotiator.num(app.region().minRateHz()) + ".."
                    + Negotiator.num(app.region().maxRateHz()) + " Hz", false);
        }
        if (costs != null) {
            double nominal = app.components().stream().mapToDouble(c -> c.demand().cpu()).sum();
            double withOverheads = costs.charge(app).components().stream().mapToDouble(c -> c.demand().cpu()).sum();
            if (withOverheads > nominal) {
                event(String.format(java.util.Locale.ROOT, "charged %s the platform's overheads: cpu %.3f -> %.3f (%s)", app.name(), nominal, withOverheads,
                        costs.describe()), false);
            }
        }
        LOG.info("deployed {} with {} on {}", app.name(), name, new TreeSet<>(plan.placement().nodeOf().values()));
        return plan;
    }

    /** The allocator's placement of {@code app} on {@code states}, checked. */
    private static Placement allocate(Allocator allocator, String name, Application app, List<NodeState> states) throws DeploymentException {
        Placement placement;
        try {
            placement = allocator.allocate(app, states);
        } catch (AllocationException e) {
            throw new DeploymentException("allocator " + name, e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new DeploymentException("allocator " + name, "failed: " + e, e);
        }
        Placement named = new Placement(name, placement.nodeOf());
        checkPlacement("allocator " + name, new DeploymentPlan(app, named, Map.of()), states);
        return named;
    }

    /**
     * Two-phase admission: phase 1 reserves on every node of the plan (the shrinks counted); then the
     * deployed plans the deployment changes (shrinks, new settings) are updated and phase 2 commits. On
     * any failure the updated plans get their previous settings back and nothing stays reserved or started.
     */
    private void admit(DeploymentPlan plan, Map<String, Double> shrinks, List<DeploymentPlan> changed) throws DeploymentException {
        Map<String, NodeManager> involved = new TreeMap<>();
        for (String node : nodesOf(plan)) {
            if (calls.failed(node)) throw new DeploymentException("node " + node, "treated as failed (not answering)");
            involved.put(node, nodeManager(node).orElseThrow(() -> new DeploymentException("node " + node, "no NodeManager for node " + node)));
        }
        TwoPhaseAdmission.Ticket ticket = admission.reserve(plan, shrinks, involved, admissionTimeoutMs, reservationLeaseMs);
        List<DeploymentPlan> updated = new ArrayList<>();
        try {
            for (DeploymentPlan p : changed) {
                updated.add(deployed.get(p.name()));
                updateOnNodes(p);
            }
            commitOnNodes(ticket, plan);
        } catch (DeploymentException e) {
            admission.release(ticket);
            for (DeploymentPlan old : updated) {
                try {
                    updateOnNodes(old);
                } catch (DeploymentException again) {
                    LOG.error("cannot restore the settings of {}: {}", old.name(), again.getMessage());
                }
            }
            throw e;
        }
    }

    /** Phase 2, commit: every node starts its part, in turn; on a failure what was started is stopped. */
    private void commitOnNodes(TwoPhaseAdmission.Ticket ticket, DeploymentPlan plan) throws DeploymentException {
        List<String> started = new ArrayList<>();
        for (Map.Entry<String, NodeManager> e : ticket.nodes().entrySet()) {
            String node = e.getKey();
            try {
                started.add(node);
                calls.callOnce(service(node), "commit " + plan.name(), () -> {
                    e.getValue().commit(ticket.id(), plan);
                    return null;
                });
            } catch (RuntimeException ex) {
                // a commit that timed out may still start late on its node: that node is stopped too
                if (!(ex instanceof NodeNotAnsweringException)) started.remove(node);
                started.forEach(n -> undeployQuietly(n, ticket.nodes().get(n), plan.name()));
                throw new DeploymentException("node " + node, "commit of " + plan.name() + " failed: "
                        + (ex.getMessage() == null ? ex.toString() : ex.getMessage()), ex);
            }
        }
    }

    /** An allocator is a plug-in: check what it returns before anything is started. */
    private static void checkPlacement(String step, DeploymentPlan plan, List<NodeState> nodes) throws DeploymentException {
        Map<String, NodeState> byName = new LinkedHashMap<>();
        nodes.forEach(n -> byName.put(n.name(), n));
        for (org.race.api.model.Component c : plan.application().components()) {
            String node = plan.placement().nodeOf().get(c.name());
            if (node == null) throw new DeploymentException(step, "left component '" + c.name() + "' unplaced");
            NodeState n = byName.get(node);
            if (n == null) throw new DeploymentException(step, "placed '" + c.name() + "' on unknown node '" + node + "'");
            if (!n.up()) throw new DeploymentException(step, "placed '" + c.name() + "' on node '" + node + "', which is not available");
            if (c.pinned() && !c.node().equals(node)) {
                throw new DeploymentException(step, "moved '" + c.name() + "' off its static node " + c.node());
            }
        }
        for (NodeState n : nodes) {
            Resources demand = plan.demandOn(n.name());
            String shortfall = demand.firstShortfall(n.available());
            if (shortfall != null) {
                throw new DeploymentException(step, "overflows node " + n.name() + " in " + shortfall + ": needs "
                        + demand.get(shortfall) + " of " + n.available().get(shortfall) + " available");
            }
        }
    }

    /** The configured chain by name, in its order; or every bound configurator, highest ranking first. */
    private List<Map.Entry<String, Configurator>> chain() throws DeploymentException {
        List<Map.Entry<String, Configurator>> chain = new ArrayList<>();
        if (configuratorChain.isEmpty()) {
            List<Map.Entry<Map<String, Object>, Configurator>> all = new ArrayList<>(configuratorServices);
            Collections.reverse(all);
            for (Map.Entry<Map<String, Object>, Configurator> e : all) {
                chain.add(Map.entry(String.valueOf(e.getKey().getOrDefault(RoleProperties.NAME, e.getValue().getClass().getSimpleName())),
                        e.getValue()));
            }
            return chain;
        }
        Map<String, Configurator> byName = byProperty(configuratorServices, RoleProperties.NAME);
        for (String n : configuratorChain) {
            Configurator c = byName.get(n);
            if (c == null) {
                throw new DeploymentException("configurator " + n, "is in the chain (race.engine configurators) but not installed (installed: "
                        + String.join(", ", byName.keySet()) + ")");
            }
            chain.add(Map.entry(n, c));
        }
        return chain;
    }

    private PlanSet configure(PlanSet plans) throws DeploymentException {
        for (Map.Entry<String, Configurator> e : chain()) {
            String name = "configurator " + e.getKey();
            PlanSet next;
            try {
                next = e.getValue().configure(plans);
            } catch (RuntimeException ex) {
                throw new DeploymentException(name, ex.getMessage() == null ? ex.toString() : ex.getMessage(), ex);
            }
            if (!next.candidate().placement().equals(plans.candidate().placement())
                    || !next.candidate().name().equals(plans.candidate().name())) {
                throw new DeploymentException(name, "changed the placement; configurators may only change settings");
            }
            for (DeploymentPlan p : next.deployed()) {
                DeploymentPlan before = deployed.get(p.name());
                if (before == null || !before.placement().equals(p.placement())) {
                    throw new DeploymentException(name, "returned an unknown or moved deployed application '" + p.name() + "'");
                }
            }
            plans = next;
        }
        return plans;
    }

    /** Deploy on every involved node; on the first failure take back what was started. */
    private void startOnNodes(DeploymentPlan plan) throws DeploymentException {
        List<String> started = new ArrayList<>();
        for (String node : nodesOf(plan)) {
            try {
                NodeManager m = nodeManager(node)
                        .orElseThrow(() -> new IllegalStateException("no NodeManager for node " + node));
                started.add(node);
                deployOn(node, m, plan);
            } catch (RuntimeException e) {
                // a deploy that timed out may still start late on its node: that node is stopped too
                if (!(e instanceof NodeNotAnsweringException)) started.remove(node);
                started.forEach(n -> nodeManager(n).ifPresent(m -> undeployQuietly(n, m, plan.name())));
                throw new DeploymentException("node " + node, e.getMessage() == null ? e.toString() : e.getMessage(), e);
            }
        }
    }

    private void stopOnNodes(DeploymentPlan plan) {
        for (String node : nodesOf(plan)) nodeManager(node).ifPresent(m -> undeployQuietly(node, m, plan.name()));
    }

    private void undeployQuietly(String node, NodeManager m, String application) {
        if (calls.failed(node)) return; // checked before it is used again
        try {
            undeployOn(node, m, application);
        } catch (RuntimeException e) {
            LOG.error("rollback of {} on {} failed: {}", application, node, e.toString());
        }
    }

    // The calls to NodeManagers, bounded: deploy is tried once (a second try could start the application
    // twice), the others are idempotent and retried; a node NodeCalls has failed is not called at all.

    private void deployOn(String node, NodeManager m, DeploymentPlan plan) {
        calls.callOnce(service(node), "deploy " + plan.name(), () -> {
            m.deploy(plan);
            return null;
        });
    }

    private void updateOn(String node, NodeManager m, DeploymentPlan plan) {
        calls.call(service(node), "update " + plan.name(), () -> {
            m.update(plan);
            return null;
        });
    }

    private void undeployOn(String node, NodeManager m, String application) {
        undeploy(service(node), m, application);
    }

    private void undeploy(Map<String, Object> service, NodeManager m, String application) {
        calls.call(service, "undeploy " + application, () -> {
            m.undeploy(application);
            return null;
        });
    }

    private List<String> applicationsOn(String node, NodeManager m) {
        return calls.call(service(node), "applications", m::applications);
    }

    private Map<String, Object> service(String node) {
        if (calls.failed(node)) throw new NodeNotAnsweringException(node, "treated as failed");
        return properties(node);
    }

    /** The node's NodeManager service properties, for a call even while it counts as failed (the checks). */
    private Map<String, Object> properties(String node) {
        return nodeServices.getOrDefault(node, Map.of(RoleProperties.NODE, node));
    }

    private void updateOnNodes(DeploymentPlan plan) throws DeploymentException {
        for (String node : nodesOf(plan)) {
            Optional<NodeManager> m = nodeManager(node);
            if (m.isEmpty()) continue; // a node that is gone has nothing to update
            try {
                updateOn(node, m.get(), plan);
            } catch (RuntimeException e) {
                throw new DeploymentException("node " + node, "update of " + plan.name() + " failed: "
                        + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
            }
        }
    }

    @Override
    public synchronized void undeploy(String application) throws DeploymentException {
        DeploymentPlan plan = deployed.get(application);
        if (plan == null) {
            throw new DeploymentException("registry", "no application '" + application + "' is deployed"
                    + (deployed.isEmpty() ? "" : " (deployed: " + String.join(", ", deployed.keySet()) + ")"));
        }
        for (String node : nodesOf(plan)) {
            Optional<NodeManager> m = nodeManager(node);
            if (m.isEmpty()) {
                LOG.warn("undeploy {}: node {} is gone; nothing to stop there", application, node);
                continue;
            }
            try {
                undeployOn(node, m.get(), application);
            } catch (NodeNotAnsweringException e) {
                // failed now: the check before it is used again stops what it still runs
                LOG.warn("undeploy {}: {}", application, e.getMessage());
            }
        }
        deployed.remove(application);
        changed();
        LOG.info("undeployed {}", application);
        expand("after " + application + " left");
    }

    /**
     * QoS expansion: the contracted applications below their maximum rate take what the nodes have free
     * again, most critical first; each change is updated on the application's nodes and is an event.
     */
    private void expand(String why) {
        List<Negotiator.Change> changes = new Negotiator(nodes(), deployed, measuredByApplication()).expand();
        for (Negotiator.Change c : changes) {
            DeploymentPlan to = c.applied();
            try {
                updateOnNodes(to);
            } catch (DeploymentException e) {
                event("cannot expand " + c.describe() + ": " + e.getMessage(), true);
                try {
                    updateOnNodes(c.plan());
                } catch (DeploymentException again) {
                    LOG.error("cannot restore the period of {}: {}", c.plan().name(), again.getMessage());
                }
                continue;
            }
            deployed.put(to.name(), to);
            event("expanded " + c.describe() + " " + why, false);
        }
        if (!changes.isEmpty()) changed();
    }

    @Override
    public synchronized DeploymentPlan move(String application, String component, String node) throws DeploymentException {
        DeploymentPlan old = deployed.get(application);
        if (old == null) throw new DeploymentException("registry", "no application '" + application + "' is deployed");
        org.race.api.model.Component c = old.application().component(component).orElseThrow(
                () -> new DeploymentException("move", "application '" + application + "' has no component '" + component + "'"));
        if (c.pinned()) throw new DeploymentException("move", "'" + component + "' is statically mapped to " + c.node());
        if (node.equals(old.placement().nodeOf().get(component))) return old;
        java.util.Map<String, String> nodeOf = new java.util.TreeMap<>(old.placement().nodeOf());
        nodeOf.put(component, node);
        DeploymentPlan moved = new DeploymentPlan(old.application(), new Placement(old.placement().allocator(), nodeOf), old.settings());
        // capacities as they would be without this application
        deployed.remove(application);
        try {
            checkPlacement("move", moved, nodes());
        } finally {
            deployed.put(application, old);
        }
        stopOnNodes(old);
        try {
            startOnNodes(moved);
        } catch (DeploymentException e) {
            try {
                startOnNodes(old);
            } catch (DeploymentException again) {
                deployed.remove(application);
                LOG.error("move of {} failed and the old placement could not be restored: {}; {} is stopped", application,
                        again.getMessage(), application);
            }
            throw e;
        }
        deployed.put(application, moved);
        changed();
        LOG.info("moved {}/{} to {}", application, component, node);
        return moved;
    }

    @Override
    public synchronized void updated(DeploymentPlan plan) throws DeploymentException {
        DeploymentPlan old = deployed.get(plan.name());
        if (old == null) throw new DeploymentException("registry", "no application '" + plan.name() + "' is deployed");
        if (!old.placement().equals(plan.placement())) throw new DeploymentException("registry", "placement changes go through move");
        deployed.put(plan.name(), plan);
        writeState();
    }

    @Override
    public synchronized List<DeploymentPlan> applications() {
        restorePending();
        return List.copyOf(deployed.values());
    }

    @Override
    public synchronized Optional<DeploymentPlan> application(String name) {
        restorePending();
        return Optional.ofNullable(deployed.get(name));
    }

    @Override
    public List<String> allocators() {
        return List.copyOf(allocatorsByName().keySet());
    }

    @Override
    public String defaultAllocator() {
        return defaultAllocator;
    }

    private Map<String, Allocator> allocatorsByName() {
        return byProperty(allocatorServices, RoleProperties.NAME);
    }

    /** The nodes in use: bound, and not waiting for a check. */
    private Map<String, NodeManager> nodeManagers() {
        Map<String, NodeManager> m = new TreeMap<>(nodeManagers);
        m.keySet().removeAll(unchecked);
        return m;
    }

    /** A node (local, or a remote node container) arriving may complete an application waiting to be restored. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    synchronized void bindNodeManager(NodeManager manager, Map<String, Object> props) {
        Object node = props.get(RoleProperties.NODE);
        if (node == null) return;
        nodeServices.put(node.toString(), Map.copyOf(props));
        nodeManagers.put(node.toString(), manager);
        if (unchecked.contains(node.toString())) scheduleChecks(); // back after a loss: checked first
        restorePending();
    }

    /**
     * A node gone (its container died, or the platform replaced it): the applications with components
     * there are placed again on the nodes left, most important first, by the allocator that placed them
     * (the default for static ones), components pinned to the lost node set free; those that no
     * longer fit are shed. Nothing is done when the whole
     * domain goes (a domain reload) or no domain is loaded.
     */
    synchronized void unbindNodeManager(NodeManager manager, ServiceReference<NodeManager> ref) {
        Object node = ref.getProperty(RoleProperties.NODE);
        if (node == null || !nodeManagers.remove(node.toString(), manager)) return;
        // a bundle stopping (the container shutting down) or a domain being replaced is no failure
        org.osgi.framework.Bundle owner = ref.getBundle();
        if (owner != null && owner.getState() == org.osgi.framework.Bundle.STOPPING) return;
        if (stopping || domain == null || domain.node(node.toString()).isEmpty() || nodeManagers.isEmpty()) return;
        if (unchecked.contains(node.toString())) return; // failed before: its applications are placed elsewhere already
        if (nodeLost(node.toString(), "node " + node + " lost")) unchecked.add(node.toString());
    }

    /**
     * NodeCalls gave up on the node: it is left alone (as if it were lost, though its services are
     * still registered) and its applications are placed on the nodes left; it is used again once a
     * check finds it answering and running nothing that was placed elsewhere meanwhile.
     */
    @Override
    public synchronized void nodeFailed(String node, String reason) {
        if (stopping || !nodeManagers.containsKey(node) || !unchecked.add(node)) return;
        if (!nodeLost(node, "node " + node + " not answering: " + reason + "; treated as failed")) {
            event("node " + node + " not answering: " + reason + "; treated as failed");
        }
        scheduleChecks();
    }

    /** Re-allocates the applications placed on {@code node}, after an event {@code headline}; false when none was. */
    private boolean nodeLost(String node, String headline) {
        List<DeploymentPlan> hit = deployed.values().stream().filter(p -> nodesOf(p).contains(node))
                .sorted(java.util.Comparator.comparing((DeploymentPlan p) -> p.application().importance()).reversed()
                        .thenComparing(DeploymentPlan::name))
                .toList();
        if (hit.isEmpty()) return false;
        event(headline + "; re-allocating " + hit.stream().map(DeploymentPlan::name).toList());
        for (DeploymentPlan p : hit) {
            stopOnNodes(p); // the parts on the nodes left
            deployed.remove(p.name());
        }
        for (DeploymentPlan p : hit) {
            String allocator = STATIC_ALLOCATOR.equals(p.placement().allocator()) ? defaultAllocator : p.placement().allocator();
            try {
                // a pin to the lost node cannot hold any more; the other pins do
                DeploymentPlan moved = place(p.application().unpinnedFrom(node), allocator);
                List<String> moves = new ArrayList<>();
                p.placement().nodeOf().forEach((c, n) -> {
                    String to = moved.placement().nodeOf().get(c);
                    if (!n.equals(to)) moves.add(c + " " + n + " -> " + to);
                });
                event(p.name() + " (" + p.application().importance().label() + ") re-allocated by " + allocator + ": " + String.join(", ", moves));
            } catch (DeploymentException e) {
                event(p.name() + " (" + p.application().importance().label() + ") shed: " + e.getMessage());
            }
        }
        changed();
        expand("after node " + node + " was lost");
        return true;
    }

    private synchronized void scheduleChecks() {
        if (checker != null || stopping) return;
        checker = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "race-node-check");
            t.setDaemon(true);
            return t;
        });
        checker.scheduleWithFixedDelay(this::checkNodes, CHECK_MS, CHECK_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /**
     * Checks each node waiting for it that has a NodeManager: asks what it runs (one try, without
     * holding the engine: it may not answer), stops what the registry does not place there, and
     * uses the node again once a check finds nothing to stop. Two checks at least for a node that
     * ran something: a call sent while it hung may still start late.
     */
    void checkNodes() {
        Map<String, NodeManager> ask = new TreeMap<>();
        synchronized (this) {
            for (String n : unchecked) {
                NodeManager m = nodeManagers.get(n);
                if (m != null) ask.put(n, m);
            }
        }
        for (Map.Entry<String, NodeManager> e : ask.entrySet()) {
            String node = e.getKey();
            List<String> runs;
            try {
                runs = calls.callOnce(properties(node), "applications", e.getValue()::applications);
            } catch (RuntimeException notYet) {
                continue;
            }
            synchronized (this) {
                if (unchecked.contains(node) && nodeManagers.get(node) == e.getValue()) settle(node, e.getValue(), runs);
            }
        }
    }

    private void settle(String node, NodeManager m, List<String> runs) {
        List<String> stray = runs.stream().filter(a -> !placedOn(a, node)).toList();
        if (stray.isEmpty()) {
            unchecked.remove(node);
            calls.rejoined(node);
            event("node " + node + " answers again and runs nothing placed elsewhere: in use again");
            restorePending();
            return;
        }
        for (String a : stray) {
            try {
                undeploy(properties(node), m, a);
            } catch (RuntimeException e) {
                LOG.warn("node {}: cannot stop {} yet: {}", node, a, e.toString());
            }
        }
        event("node " + node + " answers again; stopped " + stray + " there, placed elsewhere meanwhile");
    }

    /** Whether the registry (or the state file still to restore) places a component of {@code application} on {@code node}. */
    private boolean placedOn(String application, String node) {
        DeploymentPlan p = deployed.get(application);
        if (p != null && nodesOf(p).contains(node)) return true;
        return pending.stream().anyMatch(q -> q.name().equals(application) && nodesOf(q).contains(node));
    }

    private void event(String what) {
        event(what, true);
    }

    /** Node losses are warnings; QoS negotiation (shrinks, expansions, rejections) is the framework working as designed. */
    private void event(String what, boolean warn) {
        if (warn) {
            LOG.warn(what);
        } else {
            LOG.info(what);
        }
        synchronized (events) {
            if (events.size() == EVENTS) events.removeFirst();
            events.addLast(what);
        }
    }

    @Override
    public List<String> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** Services by the value of one property; DS sorts by ascending ranking, so of two with one value the higher ranking wins. */
    private static <S> Map<String, S> byProperty(List<Map.Entry<Map<String, Object>, S>> services, String key) {
        Map<String, S> out = new TreeMap<>();
        for (Map.Entry<Map<String, Object>, S> e : services) {
            Object n = e.getKey().get(key);
            if (n != null) out.put(n.toString(), e.getValue());
        }
        return out;
    }

    private Optional<NodeManager> nodeManager(String node) {
        return unchecked.contains(node) ? Optional.empty() : Optional.ofNullable(nodeManagers.get(node));
    }

    private static TreeSet<String> nodesOf(DeploymentPlan plan) {
        return new TreeSet<>(plan.placement().nodeOf().values());
    }

    private InputAdapter adapterFor(Path file) throws DeploymentException {
        for (InputAdapter a : adapters) {
            if (a.accepts(file)) return a;
        }
        throw new DeploymentException("adapter", "no input adapter reads " + file + " (installed: " + adapters.size() + ")");
    }
}
