package org.race.repository;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.race.api.repository.ComponentRepository;

/**
 * The jars a central has named to node containers, read back in pieces by SHA-256: only those, and only
 * while each file is unchanged. A jar is hashed once while it stays the same file, not at every deployment.
 */
final class ServedJars {
    private final Map<Path, JarFacts> hashed = new ConcurrentHashMap<>();
    private final Map<String, JarFacts> bySha = new ConcurrentHashMap<>();

    /** The jar's facts (from the cache while the file is unchanged), served from now on. */
    JarFacts serve(Path jar) throws IOException {
        JarFacts f = hashed.get(jar);
        if (f == null || !f.unchanged()) {
            f = JarFacts.read(jar);
            hashed.put(jar, f);
        }
        bySha.put(f.sha256(), f);
        return f;
    }

    /** See {@link ComponentRepository#read}. */
    byte[] read(String sha256, long offset, int length) {
        if (offset < 0 || length < 0 || length > ComponentRepository.MAX_READ) {
            throw new IllegalArgumentException("offset must be >= 0 and length within [0, " + ComponentRepository.MAX_READ + "], got " + offset + " and " + length);
        }
        JarFacts f = bySha.get(sha256);
        if (f == null || !f.unchanged()) {
            if (f != null) bySha.remove(sha256, f);
            throw new IllegalStateException("the central serves no jar with SHA-256 " + sha256 + (f == null ? "" : " any more: " + f.path() + " was replaced"));
        }
        ByteBuffer buf = ByteBuffer.allocate((int) Math.max(0, Math.min(length, f.size() - offset)));
        try (FileChannel ch = FileChannel.open(f.path(), StandardOpenOption.READ)) {
            while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) > 0) {
                // positional reads until the piece is full or the file ends
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + f.path() + ": " + e.getMessage(), e);
        }
        byte[] out = new byte[buf.position()];
        buf.flip().get(out);
        return out;
    }
}
