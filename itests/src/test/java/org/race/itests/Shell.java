package org.race.itests;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;

/** Runs Gogo command lines through the real CommandProcessor service and keeps what they printed. */
final class Shell {
    private final CommandProcessor processor;

    Shell(CommandProcessor processor) {
        this.processor = processor;
    }

    /** Output of a command line that must succeed. */
    String run(String line) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
                CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), o, e)) {
            Object result = session.execute(line);
            if (result != null) o.println(session.format(result, 0));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The exception a command line that must fail throws. */
    Exception fail(String line) {
        try {
            String out = run(line);
            throw new AssertionError("expected '" + line + "' to fail, it printed:\n" + out);
        } catch (Exception e) {
            return e;
        }
    }
}
