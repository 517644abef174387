package org.race.mms.components;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;

/**
 * One folder of archived products, bounded: at most {@code maxFiles} files and {@code maxBytes} bytes.
 * Writing beyond either deletes the oldest files (names sort by age). Files already there when it is
 * opened (an earlier deployment's) count too; a half-written {@code .tmp} left by a crash is removed.
 */
final class Archive {
    private record Entry(Path file, long bytes) {
    }

    private final Path dir;
    private final int maxFiles;
    private final long maxBytes;
    private final Deque<Entry> files = new ArrayDeque<>();
    private long bytes;

    Archive(Path dir, int maxFiles, long maxBytes) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.maxFiles = maxFiles;
        this.maxBytes = maxBytes;
        List<Path> existing;
        try (Stream<Path> s = Files.list(dir)) {
            existing = s.sorted().toList();
        }
        for (Path p : existing) {
            if (p.getFileName().toString().endsWith(".tmp")) {
                Files.deleteIfExists(p);
            } else if (Files.isRegularFile(p)) {
                add(p, Files.size(p));
            }
        }
        trim();
    }

    /** Writes {@code data} as {@code name} (complete or not at all: a temporary file renamed), then keeps within the caps. */
    Path write(String name, byte[] data) throws IOException {
        if (data.length > maxBytes) throw new IOException(name + ": " + data.length + " bytes alone exceed the archive's maxBytes " + maxBytes);
        Path target = dir.resolve(name), tmp = dir.resolve(name + ".tmp");
        Files.write(tmp, data);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        add(target, data.length);
        trim();
        return target;
    }

    private void add(Path file, long size) {
        files.addLast(new Entry(file, size));
        bytes += size;
    }

    private void trim() throws IOException {
        while (files.size() > maxFiles || bytes > maxBytes) {
            Entry oldest = files.removeFirst();
            bytes -= oldest.bytes();
            Files.deleteIfExists(oldest.file());
        }
    }

    int files() {
        return files.size();
    }

    long bytes() {
        return bytes;
    }
}
