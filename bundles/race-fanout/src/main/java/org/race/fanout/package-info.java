/**
 * What the central monitor and the central effector share: one call to each of several nodes in
 * parallel, waited for until one deadline ({@link org.race.fanout.FanOut}), and the history of the
 * resulting delays ({@link org.race.fanout.DelayHistory}). A library, not a service: each caller owns
 * its threads, so a slow effector round cannot starve monitoring.
 */
@Version("1.0.0")
@Export
package org.race.fanout;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
