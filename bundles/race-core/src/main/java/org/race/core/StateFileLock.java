package org.race.core;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One writer per state file: an exclusive lock on {@code <stateFile>.lock}, which holds the pid of the
 * process that has it. Two containers sharing a state file would each overwrite the other's
 * applications; the second one is refused, naming the first's pid. The operating system releases the
 * lock when the process ends, however it ends (kill -9 included), so a stale lock file never blocks a
 * restart. The file itself stays: deleting it could let a third process lock a new file while a second
 * still holds the old one.
 */
final class StateFileLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private StateFileLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock of {@code stateFile}, or an IllegalStateException naming who holds it. */
    static StateFileLock acquire(Path stateFile) {
        Path file = stateFile.resolveSibling(stateFile.getFileName() + ".lock");
        FileChannel channel = null;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null; // another engine of this very process has it
            }
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                throw new IllegalStateException("state file " + stateFile + " is in use by the RACE container of pid " + holder + " (lock " + file
                        + "); stop that container or configure another stateFile in race.engine");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(true);
            return new StateFileLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new IllegalStateException("cannot lock state file " + stateFile + " (" + file + "): " + e, e);
        }
    }

    /** The pid the holder wrote, or "unknown" when it has not written it yet. */
    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(64);
        channel.read(buf, 0);
        String pid = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
        return pid.isEmpty() ? "unknown" : pid;
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // the channel's close releases it too
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel c) {
        if (c == null) return;
        try {
            c.close();
        } catch (IOException e) {
            // nothing held any more
        }
    }
}
