package org.race.api.repository;

import java.io.Serializable;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The bundle that provides component type {@code type} in the central container: its
 * {@code Bundle-SymbolicName}, {@code Bundle-Version}, the SHA-256 of its jar (64 lower-case hex
 * digits) and the jar's size in bytes. A node container installs exactly this jar.
 */
public record ComponentBundle(String type, String symbolicName, String version, String sha256, long size) implements Serializable {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public ComponentBundle {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(symbolicName, "symbolicName");
        Objects.requireNonNull(version, "version");
        if (sha256 == null || !SHA256.matcher(sha256).matches()) throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits, got " + sha256);
        if (size < 0) throw new IllegalArgumentException("size must be >= 0, got " + size);
    }

    /** "type 'echo' (bundle race-example-echo-component 0.1.0.202612072100)": how refusals name it. */
    public String describe() {
        return "type '" + type + "' (bundle " + symbolicName + " " + version + ")";
    }
}
