package org.race.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.race.api.FrameworkProperties;

/**
 * A second container on a state file another one holds is refused before its framework starts, in one
 * line: the engine would be refused the file's lock ({@code <stateFile>.lock}, holding the holder's pid)
 * and fail to activate, which the framework reports with stack traces from every component that needs
 * it. The engine's own lock stays the guarantee (a configuration changed later, two starts at once).
 */
final class StateFileCheck {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

    private StateFileCheck() {
    }

    /** Why this container cannot start on the state file of {@code conf/race.engine.cfg}, or null when it can (or none is set). */
    static String refusal(Path home) throws IOException {
        Path cfg = home.resolve("conf").resolve("race.engine.cfg");
        if (!Files.isRegularFile(cfg)) return null;
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(cfg, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        String state = resolve(p.getProperty("stateFile", "").trim(), home);
        if (state == null || state.isEmpty()) return null;
        Path stateFile = Path.of(state);
        Path lockFile = stateFile.resolveSibling(stateFile.getFileName() + ".lock");
        if (!Files.isRegularFile(lockFile)) return null;
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                lock.release();
                return null;
            }
            ByteBuffer buf = ByteBuffer.allocate(64);
            channel.read(buf, 0);
            String pid = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
            return "state file " + stateFile + " is in use by the RACE container of pid " + (pid.isEmpty() ? "unknown" : pid) + " (lock " + lockFile
                    + "); stop that container or configure another stateFile in " + cfg;
        }
    }

    /** ${race.home} and system properties as FileInstall substitutes them; null when one is unknown here. */
    static String resolve(String value, Path home) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String v = name.equals(FrameworkProperties.HOME) ? home.toString() : System.getProperty(name);
            if (v == null) return null;
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }
}
