/** What the schedulability analysis finds: immutable records of worst-case responses and end-to-end bounds. */
@Version("1.1.0")
@Export
package org.race.api.analysis;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
