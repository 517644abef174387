package org.race.api;

import java.io.Reader;
import java.nio.file.Path;

import org.osgi.annotation.versioning.ConsumerType;
import org.race.api.model.Application;
import org.race.api.model.DescriptorException;
import org.race.api.model.Domain;

/** Turns a descriptor file into the E2E model, validating it completely first. */
@ConsumerType
public interface InputAdapter {
    /** Whether this adapter reads this file (e.g. by its extension). */
    boolean accepts(Path file);

    /**
     * Read an application; {@code domain} (null if none is loaded) lets static node mappings be
     * checked against the nodes that exist.
     */
    Application readApplication(Path file, Domain domain) throws DescriptorException;

    Domain readDomain(Path file) throws DescriptorException;

    /** Read an application from {@code text}; {@code name} is what errors call the file (e.g. an upload's name). */
    Application readApplication(String name, Reader text, Domain domain) throws DescriptorException;

    /** Read a domain from {@code text}; {@code name} is what errors call the file, and the domain's default name. */
    Domain readDomain(String name, Reader text) throws DescriptorException;
}
