package org.race.repository;

import org.race.api.repository.ComponentBundle;
import org.race.api.repository.ComponentRepository;

/**
 * A bundle's jar fetched from the central in pieces and checked before anything is installed: its
 * announced size within the node container's limit, exactly that many bytes received, and their
 * SHA-256 the announced one. A refusal names the type, the bundle, its version and the reason.
 */
final class Fetch {
    private Fetch() {
    }

    static byte[] fetch(ComponentRepository central, ComponentBundle b, long maxBytes) {
        if (central == null) throw refused(b, "not available: no central repository is reachable from this node container");
        if (b.size() > maxBytes) {
            throw refused(b, "its jar is " + b.size() + " bytes, beyond this node container's limit of " + maxBytes + " bytes (maxBundleBytes in race.installer)");
        }
        byte[] jar = new byte[(int) b.size()];
        int at = 0;
        while (at < jar.length) {
            byte[] piece;
            try {
                piece = central.read(b.sha256(), at, Math.min(ComponentRepository.MAX_READ, jar.length - at));
            } catch (RuntimeException e) {
                throw refused(b, "not available: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            }
            if (piece.length == 0) throw refused(b, "size mismatch: the central's jar ended after " + at + " bytes, " + b.size() + " announced");
            if (piece.length > jar.length - at) throw refused(b, "size mismatch: the central sent more than the " + b.size() + " bytes announced");
            System.arraycopy(piece, 0, jar, at, piece.length);
            at += piece.length;
        }
        String sha = JarFacts.hash(jar);
        if (!sha.equals(b.sha256())) throw refused(b, "SHA-256 mismatch: the bytes received hash to " + sha + ", " + b.sha256() + " announced");
        return jar;
    }

    static IllegalStateException refused(ComponentBundle b, String reason) {
        return new IllegalStateException(b.describe() + ": " + reason);
    }
}
