/**
 * What allocators share: the indexed problem, incremental node loads, lower bounds and failure
 * reasons worded alike, and the seeded problem generator of benchmarks and {@code race:allocate}.
 */
@Version("1.1.0")
@Export
package org.race.allocator.common;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
