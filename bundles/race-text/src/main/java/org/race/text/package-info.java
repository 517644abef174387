/**
 * What a user types and reads: the arguments of {@code race:} commands and the numbers in messages.
 * Shared so that every command and every message answers the same way.
 */
@Version("1.0.0")
@Export
package org.race.text;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
