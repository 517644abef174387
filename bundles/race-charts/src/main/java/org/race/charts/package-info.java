/** SVG line charts: what benchmarks and experiments draw next to their CSV. */
@Version("1.0.0")
@Export
package org.race.charts;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
