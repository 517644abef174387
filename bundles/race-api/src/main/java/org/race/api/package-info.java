/**
 * RACE roles as OSGi service interfaces. Node-side roles (NodeManager, NodeMonitor, NodeEffector)
 * take and return plain serializable data only so they can later cross JVMs as Remote Services.
 */
@Version("2.3.0")
@Export
package org.race.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
