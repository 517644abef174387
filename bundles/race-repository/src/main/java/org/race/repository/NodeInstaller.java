package org.race.repository;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
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
import org.race.api.FrameworkProperties;
import org.race.api.RoleProperties;
import org.race.api.component.ComponentType;
import org.race.api.repository.ComponentBundle;
import org.race.api.repository.ComponentInstaller;
import org.race.api.repository.ComponentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node container's installer of the central's component bundles: registered, and exported, for each
 * node the container hosts when it exports its nodes ({@code race.export=true}, the node profile). A
 * bundle it installs has the location {@value #LOCATION}&lt;symbolic name&gt;, so a newer version of it
 * replaces the older one in place (a bundle update: running instances switch to it between two jobs, as
 * when a jar in deploy/ is replaced). A bundle of that name and version installed otherwise is used if
 * its jar has the same SHA-256; one of that name in another version is refused, as its type would
 * shadow the served one.
 */
@Component(service = {}, immediate = true, configurationPid = "race.installer")
@Designate(ocd = NodeInstaller.Config.class)
public class NodeInstaller implements ComponentInstaller {
    @ObjectClassDefinition(name = "RACE component bundle installer (node containers)")
    public @interface Config {
        @AttributeDefinition(description = "Largest component bundle (jar bytes) this node container fetches from the central")
        long maxBundleBytes() default 64L << 20;

        @AttributeDefinition(description = "How long an installed bundle may take to register its component type, ms")
        long typeWaitMs() default 10_000;
    }

    static final String LOCATION = "race:repository:";
    private static final Logger LOG = LoggerFactory.getLogger(NodeInstaller.class);

    /** The central's repository, imported; never a local one. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = "(service.imported=*)")
    volatile ComponentRepository central;

    /** "bundle id/type name" of every ComponentType service here: what an installed bundle has registered. */
    private final Set<String> provided = new HashSet<>();
    /** SHA-256 of the jar each bundle installed here came from, by bundle id. */
    private final Map<Long, String> installedSha = new ConcurrentHashMap<>();
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private BundleContext context;
    private volatile long maxBundleBytes, typeWaitMs;

    @Reference(service = ComponentType.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindType(ServiceReference<ComponentType> ref) {
        synchronized (provided) {
            provided.add(key(ref));
            provided.notifyAll();
        }
    }

    void unbindType(ServiceReference<ComponentType> ref) {
        synchronized (provided) {
            provided.remove(key(ref));
        }
    }

    private static String key(ServiceReference<ComponentType> ref) {
        return ref.getBundle() == null ? "" : ref.getBundle().getBundleId() + "/" + ref.getProperty(ComponentType.TYPE);
    }

    @Activate
    void activate(BundleContext context, Config config) {
        this.context = context;
        modified(config);
        if (!Boolean.parseBoolean(context.getProperty(FrameworkProperties.EXPORT))) return;
        for (String node : hosted(context.getProperty(FrameworkProperties.NODES))) {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put(RoleProperties.NODE, node);
            props.put("service.exported.interfaces", "*");
            props.put("service.exported.configs", "aries.fastbin");
            registrations.add(context.registerService(ComponentInstaller.class, this, props));
        }
    }

    @Modified
    void modified(Config config) {
        if (config.maxBundleBytes() <= 0 || config.maxBundleBytes() > Integer.MAX_VALUE - 8 || config.typeWaitMs() <= 0) {
            LOG.error("race.installer: maxBundleBytes must be within [1, {}] and typeWaitMs > 0, got {} and {}; keeping {} and {}", Integer.MAX_VALUE - 8,
                    config.maxBundleBytes(), config.typeWaitMs(), maxBundleBytes, typeWaitMs);
            if (maxBundleBytes > 0) return;
            maxBundleBytes = 64L << 20;
            typeWaitMs = 10_000;
            return;
        }
        maxBundleBytes = config.maxBundleBytes();
        typeWaitMs = config.typeWaitMs();
    }

    @Deactivate
    void deactivate() {
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping: the framework unregistered it first
            }
        }
        registrations.clear();
    }

    /** The nodes a {@value FrameworkProperties#NODES} value names: none for none or unset (every node: the embedded mode, which exports nothing). */
    static List<String> hosted(String value) {
        if (value == null || value.isBlank() || value.trim().equals("*") || value.trim().equalsIgnoreCase("none")) return List.of();
        return Arrays.stream(value.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    /** One install at a time: a call the central repeats after its bound waits here and then finds everything in place. */
    @Override
    public synchronized List<ComponentBundle> install(List<ComponentBundle> bundles) {
        List<ComponentBundle> missing = new ArrayList<>();
        for (ComponentBundle b : bundles) {
            Bundle here = present(b);
            if (here == null) {
                // two types of one bundle: fetched and installed once
                if (missing.stream().noneMatch(m -> m.sha256().equals(b.sha256()))) missing.add(b);
            } else if (here.getState() != Bundle.ACTIVE) {
                start(here, b);
            }
        }
        // every jar fetched and checked before any is installed
        Map<ComponentBundle, byte[]> jars = new LinkedHashMap<>();
        for (ComponentBundle b : missing) jars.put(b, Fetch.fetch(central, b, maxBundleBytes));
        List<Bundle> fresh = new ArrayList<>();
        try {
            for (Map.Entry<ComponentBundle, byte[]> e : jars.entrySet()) {
                ComponentBundle b = e.getKey();
                Bundle older = context.getBundle(LOCATION + b.symbolicName());
                Bundle now;
                try {
                    if (older != null) {
                        older.update(new ByteArrayInputStream(e.getValue()));
                        now = older;
                    } else {
                        now = context.installBundle(LOCATION + b.symbolicName(), new ByteArrayInputStream(e.getValue()));
                        fresh.add(now);
                    }
                } catch (BundleException ex) {
                    throw Fetch.refused(b, "cannot install it: " + ex.getMessage());
                }
                installedSha.put(now.getBundleId(), b.sha256());
                start(now, b);
                LOG.info("installed {} from the central ({} bytes, SHA-256 {})", b.describe(), b.size(), b.sha256());
            }
            for (ComponentBundle b : bundles) awaitType(b);
            return List.copyOf(jars.keySet());
        } catch (RuntimeException e) {
            for (Bundle f : fresh) {
                try {
                    f.uninstall();
                } catch (BundleException | IllegalStateException ex) {
                    LOG.warn("cannot uninstall {} after a refused install: {}", f.getSymbolicName(), ex.toString());
                }
            }
            throw e;
        }
    }

    /** The bundle of exactly that name, version and jar here; null if none of that name is; throws for one that would conflict. */
    private Bundle present(ComponentBundle b) {
        for (Bundle x : context.getBundles()) {
            if (!b.symbolicName().equals(x.getSymbolicName())) continue;
            boolean ours = x.getLocation().equals(LOCATION + b.symbolicName());
            if (!x.getVersion().toString().equals(b.version())) {
                if (ours) continue; // an older version served before: updated in place
                throw Fetch.refused(b, "version " + x.getVersion() + " of this bundle is installed here from " + x.getLocation()
                        + ", not from the central: its type would shadow the served one; remove it");
            }
            String sha = installedSha.get(x.getBundleId());
            if (sha == null) sha = shaOfFile(x);
            if (b.sha256().equals(sha)) return x;
            throw Fetch.refused(b, "SHA-256 mismatch: this version is installed here from " + x.getLocation() + " with "
                    + (sha == null ? "a jar that cannot be checked" : "SHA-256 " + sha) + "; remove it");
        }
        return null;
    }

    private static String shaOfFile(Bundle x) {
        Path jar = CentralRepository.file(x.getLocation());
        if (jar == null) return null;
        try {
            return JarFacts.read(jar).sha256();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static void start(Bundle x, ComponentBundle b) {
        try {
            x.start();
        } catch (BundleException e) {
            throw Fetch.refused(b, "installed, but it does not start: " + e.getMessage());
        }
    }

    private void awaitType(ComponentBundle b) {
        Bundle x = present(b);
        String key = (x == null ? -1 : x.getBundleId()) + "/" + b.type();
        long deadline = System.nanoTime() + typeWaitMs * 1_000_000;
        synchronized (provided) {
            while (!provided.contains(key)) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) throw Fetch.refused(b, "installed and started, but it registered no type '" + b.type() + "' within " + typeWaitMs + " ms");
                try {
                    provided.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw Fetch.refused(b, "interrupted while waiting for its type");
                }
            }
        }
    }
}
