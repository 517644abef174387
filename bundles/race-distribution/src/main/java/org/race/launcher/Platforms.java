package org.race.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.race.api.FrameworkProperties;

/**
 * The platform bundles of {@code platform/}, each named by its symbolic name race-platform-&lt;name&gt;.
 * The launcher installs them all and starts only the one {@code race.platform} names, so that exactly
 * one Clock and one DomainListener exist.
 */
final class Platforms {
    static final String PREFIX = "race-platform-";

    /** The platform to run and, for a value that names none, the error to report. */
    record Choice(String platform, String error) {
    }

    private Platforms() {
    }

    /** {@code value} (any case, trimmed) if it names one of {@code available}; else the default, with an error when it was set. */
    static Choice choose(String value, Collection<String> available) {
        String fallback = FrameworkProperties.DEFAULT_PLATFORM;
        if (value == null || value.isBlank()) return new Choice(fallback, null);
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (available.contains(v)) return new Choice(v, null);
        return new Choice(fallback, "framework property " + FrameworkProperties.PLATFORM + " = '" + value + "' names no platform; allowed: "
                + String.join(", ", available.stream().sorted().toList()) + ". Using " + fallback);
    }

    /** The platform a bundle provides, by its symbolic name; null for any other bundle. */
    static String platformOf(String symbolicName) {
        return symbolicName != null && symbolicName.startsWith(PREFIX) ? symbolicName.substring(PREFIX.length()) : null;
    }

    /** The platform bundles in {@code folder} by platform name (none when there is no such folder). */
    static Map<String, Path> in(Path folder) throws IOException {
        Map<String, Path> out = new TreeMap<>();
        if (!Files.isDirectory(folder)) return out;
        try (Stream<Path> jars = Files.list(folder)) {
            for (Path jar : jars.filter(j -> j.toString().endsWith(".jar")).sorted().toList()) {
                String name = platformOf(symbolicName(jar));
                if (name != null) out.put(name, jar);
            }
        }
        return out;
    }

    private static String symbolicName(Path jar) throws IOException {
        try (JarFile f = new JarFile(jar.toFile())) {
            String bsn = f.getManifest() == null ? null : f.getManifest().getMainAttributes().getValue("Bundle-SymbolicName");
            return bsn == null ? null : bsn.split(";")[0].trim(); // without directives such as singleton:=true
        }
    }
}
