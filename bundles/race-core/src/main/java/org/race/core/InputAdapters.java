package org.race.core;

import java.io.Reader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.race.api.DescriptorReader;
import org.race.api.InputAdapter;
import org.race.api.model.Application;
import org.race.api.model.DeploymentException;
import org.race.api.model.DescriptorException;
import org.race.api.model.Domain;

/** The installed input adapters as one reader: the first that accepts a descriptor's name reads it. */
@Component(service = DescriptorReader.class)
public class InputAdapters implements DescriptorReader {
    static final String STEP = "adapter";

    private final List<InputAdapter> adapters = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindAdapter(InputAdapter adapter) {
        adapters.add(adapter);
    }

    void unbindAdapter(InputAdapter adapter) {
        adapters.remove(adapter);
    }

    /** Whether an installed adapter reads {@code file}. */
    boolean reads(Path file) {
        return adapters.stream().anyMatch(a -> a.accepts(file));
    }

    @Override
    public Application readApplication(Path file, Domain domain) throws DeploymentException {
        try {
            return adapterFor(file).readApplication(file, domain);
        } catch (DescriptorException e) {
            throw new DeploymentException(STEP, e.getMessage(), e);
        }
    }

    @Override
    public Application readApplication(String name, Reader text, Domain domain) throws DeploymentException {
        try {
            return adapterFor(Path.of(name)).readApplication(name, text, domain);
        } catch (DescriptorException e) {
            throw new DeploymentException(STEP, e.getMessage(), e);
        } catch (java.nio.file.InvalidPathException e) {
            throw new DeploymentException(STEP, "no input adapter reads '" + name + "': " + e.getReason());
        }
    }

    @Override
    public Domain readDomain(Path file) throws DeploymentException {
        try {
            return adapterFor(file).readDomain(file);
        } catch (DescriptorException e) {
            throw new DeploymentException(STEP, e.getMessage(), e);
        }
    }

    private InputAdapter adapterFor(Path file) throws DeploymentException {
        for (InputAdapter a : adapters) {
            if (a.accepts(file)) return a;
        }
        throw new DeploymentException(STEP, "no input adapter reads " + file + " (installed: " + adapters.size() + ")");
    }
}
