/** The E2E model: immutable records of domains, applications, placements and deployment plans. */
@Version("1.6.0")
@Export
package org.race.api.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
