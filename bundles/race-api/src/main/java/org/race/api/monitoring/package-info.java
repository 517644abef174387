/** Measurements: node samples and system snapshots as immutable records. */
@Version("1.2.0")
@Export
package org.race.api.monitoring;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
