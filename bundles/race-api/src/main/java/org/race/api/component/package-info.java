/**
 * The component SPI: user code that RACE places, runs once per iteration of its application, measures
 * and adapts. A bundle registers a {@link org.race.api.component.ComponentType} service with the
 * service property {@value org.race.api.component.ComponentType#TYPE}; a descriptor's component that
 * names the type (its {@code "type"}) gets an instance of it, configured by the component's
 * {@code "properties"}. Payloads are bytes.
 */
@Version("1.0.0")
@Export
package org.race.api.component;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
