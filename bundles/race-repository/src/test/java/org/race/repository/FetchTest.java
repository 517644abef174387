package org.race.repository;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.race.api.repository.ComponentBundle;
import org.race.api.repository.ComponentRepository;

/**
 * The node container's side: a jar fetched from a central's served jars and checked before anything
 * is installed; every refusal names the type, the bundle, its version and the reason.
 */
class FetchTest {
    @TempDir
    Path dir;

    private final ServedJars served = new ServedJars();
    private Path jar;
    private ComponentBundle bundle;

    /** The central as a node container sees it; {@code damage} changes what arrives, as a faulty link or central would. */
    private ComponentRepository central(java.util.function.UnaryOperator<byte[]> damage) {
        return new ComponentRepository() {
            @Override
            public ComponentBundle bundleOf(String type) {
                throw new UnsupportedOperationException("the node container only reads");
            }

            @Override
            public byte[] read(String sha256, long offset, int length) {
                return damage.apply(served.read(sha256, offset, length));
            }
        };
    }

    @BeforeEach
    void serve() throws Exception {
        jar = Jars.bundle(dir.resolve("echo.jar"), "race-example-echo-component", "0.1.0.202612072350", ComponentRepository.MAX_READ + 5000, 7);
        JarFacts f = served.serve(jar);
        bundle = new ComponentBundle("echo", f.symbolicName(), f.version(), f.sha256(), f.size());
    }

    private String refusal(ComponentRepository central, ComponentBundle b, long limit) {
        String m = assertThrows(IllegalStateException.class, () -> Fetch.fetch(central, b, limit)).getMessage();
        assertTrue(m.startsWith("type 'echo' (bundle race-example-echo-component 0.1.0.202612072350): "), m);
        return m;
    }

    @Test
    void theExactBytesArriveInPieces() throws Exception {
        List<Integer> pieces = new java.util.ArrayList<>();
        byte[] got = Fetch.fetch(central(b -> {
            pieces.add(b.length);
            return b;
        }), bundle, 64L << 20);
        assertArrayEquals(Files.readAllBytes(jar), got);
        assertEquals(List.of(ComponentRepository.MAX_READ, (int) bundle.size() - ComponentRepository.MAX_READ), pieces);
    }

    @Test
    void aJarBeyondTheLimitIsNotFetched() {
        List<Integer> pieces = new java.util.ArrayList<>();
        String m = refusal(central(b -> {
            pieces.add(b.length);
            return b;
        }), bundle, bundle.size() - 1);
        assertTrue(m.contains("its jar is " + bundle.size() + " bytes, beyond this node container's limit of " + (bundle.size() - 1) + " bytes"), m);
        assertEquals(List.of(), pieces, "nothing was read");
    }

    @Test
    void bytesThatHashToAnotherSha256AreRefused() {
        String m = refusal(central(b -> {
            byte[] c = b.clone();
            c[c.length / 2] ^= 1;
            return c;
        }), bundle, 64L << 20);
        assertTrue(m.contains("SHA-256 mismatch: the bytes received hash to "), m);
        assertTrue(m.contains(", " + bundle.sha256() + " announced"), m);
    }

    @Test
    void aJarShorterOrLongerThanAnnouncedIsRefused() {
        ComponentBundle longer = new ComponentBundle("echo", bundle.symbolicName(), bundle.version(), bundle.sha256(), bundle.size() + 10);
        assertTrue(refusal(central(b -> b), longer, 64L << 20).contains("size mismatch: the central's jar ended after " + bundle.size() + " bytes, "
                + longer.size() + " announced"));
        String m = refusal(central(b -> java.util.Arrays.copyOf(b, b.length + 1)), bundle, 64L << 20);
        assertTrue(m.contains("size mismatch: the central sent more than the " + bundle.size() + " bytes announced"), m);
    }

    @Test
    void aJarTheCentralNoLongerHasOrNoCentralIsNotAvailable() throws Exception {
        Jars.bundle(jar, "race-example-echo-component", "0.2.0", 100, 8);
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
        String m = refusal(central(b -> b), bundle, 64L << 20);
        assertTrue(m.contains("not available: the central serves no jar with SHA-256 " + bundle.sha256() + " any more"), m);
        assertTrue(refusal(null, bundle, 64L << 20).contains("not available: no central repository is reachable from this node container"));
    }

    @Test
    void theNodesAContainerInstallsForAreTheOnesItHosts() {
        assertEquals(List.of("sc1", "sc2"), NodeInstaller.hosted(" sc1, sc2 ,"));
        assertEquals(List.of(), NodeInstaller.hosted("none"));
        assertEquals(List.of(), NodeInstaller.hosted(null), "embedded: every node, exported by none");
    }
}
