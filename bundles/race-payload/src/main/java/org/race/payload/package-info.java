/**
 * Helpers a component bundle may use for its payloads (which RACE carries as bytes): {@link
 * org.race.payload.JsonCodec} turns records into JSON bytes and back.
 */
@Version("1.0.0")
@Export
package org.race.payload;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
