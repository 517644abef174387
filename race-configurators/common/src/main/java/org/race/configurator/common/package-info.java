/** Priority assignment shared by the RMS and MUF configurators (and FMUF, which moves applications between classes). */
@Version("1.0.0")
@Export
package org.race.configurator.common;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
