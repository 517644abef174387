package org.race.repository;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/** Real bundle jars for the tests: a manifest and {@code payload} bytes of seeded noise, stored uncompressed. */
final class Jars {
    private Jars() {
    }

    static Path bundle(Path file, String symbolicName, String version, int payload, long seed) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        m.getMainAttributes().putValue("Bundle-Version", version);
        byte[] noise = new byte[payload];
        new Random(seed).nextBytes(noise);
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, m)) {
            JarEntry e = new JarEntry("noise.bin");
            e.setMethod(ZipEntry.STORED);
            e.setSize(noise.length);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(noise);
            e.setCrc(crc.getValue());
            jar.putNextEntry(e);
            jar.write(noise);
            jar.closeEntry();
        }
        return file;
    }
}
