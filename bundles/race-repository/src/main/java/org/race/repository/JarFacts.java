package org.race.repository;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.osgi.framework.Constants;
import org.osgi.framework.Version;

/**
 * What a jar says about itself: {@code Bundle-SymbolicName} and {@code Bundle-Version} (normalised as
 * OSGi prints them) from its manifest, the SHA-256 and size of its bytes, and when it was last
 * modified, so that a cached reading can tell whether the file is still the one it read.
 */
record JarFacts(Path path, String symbolicName, String version, String sha256, long size, long modified) {
    static JarFacts read(Path jar) throws IOException {
        long modified = Files.getLastModifiedTime(jar).toMillis();
        String sha;
        long size = 0;
        try (InputStream in = new DigestInputStream(Files.newInputStream(jar), digest())) {
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0;) size += n;
            sha = HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        }
        try (JarFile f = new JarFile(jar.toFile())) {
            Manifest m = f.getManifest();
            Attributes a = m == null ? new Attributes() : m.getMainAttributes();
            String name = a.getValue(Constants.BUNDLE_SYMBOLICNAME);
            if (name == null) throw new IOException(jar + " has no " + Constants.BUNDLE_SYMBOLICNAME + " in its manifest: it is no bundle");
            String version = a.getValue(Constants.BUNDLE_VERSION);
            return new JarFacts(jar, name.split(";")[0].trim(), Version.parseVersion(version).toString(), sha, size, modified);
        }
    }

    /** Whether the file still has the size and modification time it had when read. */
    boolean unchanged() {
        try {
            return Files.size(path) == size && Files.getLastModifiedTime(path).toMillis() == modified;
        } catch (IOException gone) {
            return false;
        }
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** SHA-256 of {@code bytes}, as 64 lower-case hex digits. */
    static String hash(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }
}
