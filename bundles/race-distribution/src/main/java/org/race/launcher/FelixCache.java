package org.race.launcher;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.launch.Framework;

/**
 * The Felix bundle cache of one container, a folder {@code race-felix-<pid>-*} in the temporary directory
 * (14-26 MB). It goes when the container ends, normally or on SIGTERM (a shutdown hook), and a later start
 * removes the folders of processes that are gone (kill -9), known by the pid in their name.
 */
final class FelixCache {
    static final String PREFIX = "race-felix-";
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-.*");
    private final Path dir;
    private Framework framework;
    private boolean removed;

    private FelixCache(Path dir) {
        this.dir = dir;
    }

    /** Removes stale caches in {@code tmp}, then makes this process's, removed at exit. */
    static FelixCache create(Path tmp) throws IOException {
        removeStale(tmp);
        FelixCache cache = new FelixCache(Files.createTempDirectory(tmp, PREFIX + ProcessHandle.current().pid() + "-"));
        Runtime.getRuntime().addShutdownHook(new Thread(cache::close, "race-stop"));
        return cache;
    }

    Path dir() {
        return dir;
    }

    /** The framework to stop before the folder goes, so that no bundle writes into it while it is removed. */
    synchronized void runs(Framework fw) {
        framework = fw;
    }

    /** Stops the framework (SIGTERM, SIGHUP, exit) and removes the folder; once, whichever thread comes first. */
    synchronized void close() {
        if (removed) return;
        removed = true;
        if (framework != null && (framework.getState() & (Bundle.ACTIVE | Bundle.STARTING | Bundle.STOPPING)) != 0) {
            try {
                framework.stop();
                framework.waitForStop(10_000);
            } catch (Exception | Error exiting) {
                // leaving anyway: the folder still goes
            }
        }
        delete(dir);
    }

    /** The caches of processes that no longer run, removed; those of running ones stay. */
    static List<Path> removeStale(Path tmp) throws IOException {
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(tmp, PREFIX + "*")) {
            for (Path f : folders) {
                Matcher m = NAME.matcher(f.getFileName().toString());
                if (!m.matches() || !Files.isDirectory(f)) continue;
                long pid;
                try {
                    pid = Long.parseLong(m.group(1));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
                delete(f);
                stale.add(f);
            }
        }
        return stale;
    }

    /** Deletes a tree, going on past files that are already gone or cannot be read. */
    static void delete(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException leftBehind) {
            // a folder that cannot be removed now goes at a later start
        }
    }
}
