/**
 * Component bundles served from a central container to node containers (the role of the D&amp;C
 * RepositoryManager that DAnCE deploys from): the central's {@link org.race.api.repository.ComponentRepository}
 * names, per component type, the bundle that provides it ({@link org.race.api.repository.ComponentBundle}: symbolic
 * name, version, SHA-256, size) and serves its bytes; a node container's
 * {@link org.race.api.repository.ComponentInstaller} installs exactly those bundles before a deployment starts there.
 */
@Version("1.0.0")
@Export
package org.race.api.repository;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
