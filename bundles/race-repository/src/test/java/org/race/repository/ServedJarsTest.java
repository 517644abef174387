package org.race.repository;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.race.api.repository.ComponentRepository;

/** The central's side: a jar's identity from its manifest and bytes, served in pieces while it is the same file. */
class ServedJarsTest {
    @TempDir
    Path dir;

    @Test
    void aJarIsNamedByItsManifestAndHashedOverItsBytes() throws Exception {
        Path jar = Jars.bundle(dir.resolve("a.jar"), "org.example.echo;singleton:=true", "1.2", 5000, 1);
        JarFacts f = JarFacts.read(jar);
        assertEquals("org.example.echo", f.symbolicName());
        assertEquals("1.2.0", f.version(), "as OSGi prints a version");
        assertEquals(Files.size(jar), f.size());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar))), f.sha256());
    }

    @Test
    void aFileThatIsNoBundleIsRefusedByName() throws Exception {
        Path plain = Files.writeString(dir.resolve("plain.jar"), "not a zip");
        Exception e = assertThrows(Exception.class, () -> JarFacts.read(plain));
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
    }

    @Test
    void aServedJarIsReadBackInPiecesUpToItsEnd() throws Exception {
        // larger than one read: it crosses in pieces
        Path jar = Jars.bundle(dir.resolve("big.jar"), "big", "1.0.0", ComponentRepository.MAX_READ + 300_000, 2);
        ServedJars served = new ServedJars();
        JarFacts f = served.serve(jar);
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        for (long at = 0; at < f.size();) {
            byte[] piece = served.read(f.sha256(), at, ComponentRepository.MAX_READ);
            assertTrue(piece.length > 0);
            back.write(piece);
            at += piece.length;
        }
        assertArrayEquals(Files.readAllBytes(jar), back.toByteArray());
        assertEquals(0, served.read(f.sha256(), f.size(), 10).length, "nothing beyond its end");
        assertSame(f, served.serve(jar), "an unchanged jar is not hashed again");
    }

    @Test
    void onlyJarsNamedBeforeAndUnchangedSinceAreServed() throws Exception {
        Path jar = Jars.bundle(dir.resolve("a.jar"), "a", "1.0.0", 1000, 3);
        ServedJars served = new ServedJars();
        String unknown = "0".repeat(64);
        assertTrue(assertThrows(IllegalStateException.class, () -> served.read(unknown, 0, 10)).getMessage()
                .contains("the central serves no jar with SHA-256 " + unknown));
        JarFacts f = served.serve(jar);
        assertThrows(IllegalArgumentException.class, () -> served.read(f.sha256(), -1, 10));
        assertThrows(IllegalArgumentException.class, () -> served.read(f.sha256(), 0, ComponentRepository.MAX_READ + 1));

        // a new version dropped over the old jar: the old hash is no longer served
        Jars.bundle(jar, "a", "2.0.0", 1200, 4);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(f.modified() + 2000));
        IllegalStateException replaced = assertThrows(IllegalStateException.class, () -> served.read(f.sha256(), 0, 10));
        assertTrue(replaced.getMessage().contains("any more: " + jar + " was replaced"), replaced.getMessage());
        JarFacts next = served.serve(jar);
        assertEquals("2.0.0", next.version());
        assertEquals(next.size(), served.read(next.sha256(), 0, ComponentRepository.MAX_READ).length);
    }
}
