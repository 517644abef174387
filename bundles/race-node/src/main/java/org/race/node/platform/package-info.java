/**
 * What a platform bundle (race-platform-sim, race-platform-jvm) builds on: the {@link
 * org.race.node.platform.PlatformCore} it runs applications with, the {@link
 * org.race.node.platform.NodeRuntime} it implements, and the per-node services ({@link
 * org.race.node.platform.RuntimeNode}, {@link org.race.node.platform.NodeServices}) it registers.
 */
@Version("1.2.0")
@Export
package org.race.node.platform;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
