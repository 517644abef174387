package org.race.api;

import java.io.Reader;
import java.nio.file.Path;

import org.osgi.annotation.versioning.ProviderType;
import org.race.api.model.Application;
import org.race.api.model.DeploymentException;
import org.race.api.model.Domain;

/**
 * Reads descriptors with whichever {@link InputAdapter} accepts them, so that the shell, the dashboard and
 * experiments refuse the same input with the same message (step {@code adapter}: file, field, reason).
 */
@ProviderType
public interface DescriptorReader {
    /** {@code domain}: the loaded one (null if none), against which static node mappings are checked. */
    Application readApplication(Path file, Domain domain) throws DeploymentException;

    /** {@code name}: what errors call the descriptor, and how an adapter is chosen (e.g. by its extension). */
    Application readApplication(String name, Reader text, Domain domain) throws DeploymentException;

    Domain readDomain(Path file) throws DeploymentException;
}
