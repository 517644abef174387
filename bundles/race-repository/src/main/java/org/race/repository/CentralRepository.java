package org.race.repository;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.race.api.FrameworkProperties;
import org.race.api.component.ComponentType;
import org.race.api.repository.ComponentBundle;
import org.race.api.repository.ComponentRepository;

/**
 * A central container's component bundles, served to its node containers: for a type, the bundle whose
 * service of that name was registered first (the one the container itself uses), read from the jar it
 * was installed from (FileInstall's deploy/, or any file); the jar's manifest must still name the
 * installed version, so that a jar being replaced is not served under the old one's name. Only jars
 * named by {@link #bundleOf} can be read. Registered, and exported as a Remote Service, in the central
 * profile only; other containers serve nothing.
 */
@Component(service = {}, immediate = true)
public class CentralRepository implements ComponentRepository {
    /** ComponentType services by service id: their bundles; the services themselves are never got. */
    private final Map<Long, ServiceReference<ComponentType>> types = new ConcurrentHashMap<>();
    private final ServedJars jars = new ServedJars();
    private ServiceRegistration<ComponentRepository> registration;

    @Reference(service = ComponentType.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindType(ServiceReference<ComponentType> ref) {
        types.put((Long) ref.getProperty("service.id"), ref);
    }

    void unbindType(ServiceReference<ComponentType> ref) {
        types.remove((Long) ref.getProperty("service.id"));
    }

    @Activate
    void activate(BundleContext context) {
        if (!"central".equals(context.getProperty(FrameworkProperties.PROFILE))) return;
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("service.exported.interfaces", "*");
        props.put("service.exported.configs", "aries.fastbin");
        registration = context.registerService(ComponentRepository.class, this, props);
    }

    @Deactivate
    void deactivate() {
        if (registration == null) return;
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping: the framework unregistered it first
        }
    }

    @Override
    public ComponentBundle bundleOf(String type) {
        ServiceReference<ComponentType> ref = types.values().stream().filter(r -> type.equals(r.getProperty(ComponentType.TYPE)))
                .min(Comparator.comparingLong(r -> (Long) r.getProperty("service.id"))).orElse(null);
        if (ref == null) throw new IllegalStateException("no bundle provides it in the central container (installed types: " + installed() + ")");
        Bundle b = ref.getBundle();
        if (b == null) throw new IllegalStateException("its bundle is being uninstalled in the central container");
        String what = "bundle " + b.getSymbolicName() + " " + b.getVersion();
        Path jar = file(b.getLocation());
        if (jar == null) {
            throw new IllegalStateException(what + " was installed from " + b.getLocation() + ", not from a file the central can serve; put its jar into deploy/");
        }
        JarFacts f;
        try {
            f = jars.serve(jar);
        } catch (IOException e) {
            throw new IllegalStateException(what + ": cannot read its jar " + jar + ": " + e.getMessage(), e);
        }
        if (!f.symbolicName().equals(b.getSymbolicName()) || !f.version().equals(b.getVersion().toString())) {
            throw new IllegalStateException(what + ": its jar " + jar + " now holds " + f.symbolicName() + " " + f.version()
                    + ", which is not installed yet; deploy again once it is (race:types)");
        }
        return new ComponentBundle(type, f.symbolicName(), f.version(), f.sha256(), f.size());
    }

    @Override
    public byte[] read(String sha256, long offset, int length) {
        return jars.read(sha256, offset, length);
    }

    private String installed() {
        TreeSet<String> names = new TreeSet<>();
        types.values().forEach(r -> names.add(String.valueOf(r.getProperty(ComponentType.TYPE))));
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    /** The file a bundle location names ({@code file:} or Felix's {@code reference:file:}), else null. */
    static Path file(String location) {
        String l = location.startsWith("reference:") ? location.substring("reference:".length()) : location;
        if (!l.startsWith("file:")) return null;
        try {
            return Path.of(URI.create(l));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
