package org.race.launcher;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * One Gogo command line run in a ready container: its output on stdout, exit status 0; or 1 with the
 * error on stderr. Gogo's types are reached reflectively through its bundle: they are not on the
 * launcher's class path.
 */
final class BatchSession {
    private static final String COMMAND_SESSION = "org.apache.felix.service.command.CommandSession";

    private BatchSession() {
    }

    static int run(BundleContext ctx, ServiceReference<?> processorRef, String line, PrintStream stdout, PrintStream stderr) throws Exception {
        Bundle gogo = processorRef.getBundle();
        Class<?> processorType = gogo.loadClass(Readiness.COMMAND_PROCESSOR), sessionType = gogo.loadClass(COMMAND_SESSION);
        Object processor = ctx.getService(processorRef);
        Object session = processorType.getMethod("createSession", InputStream.class, OutputStream.class, OutputStream.class)
                .invoke(processor, InputStream.nullInputStream(), stdout, stderr);
        try {
            Object result = sessionType.getMethod("execute", CharSequence.class).invoke(session, line);
            if (result != null) {
                Method format = sessionType.getMethod("format", Object.class, int.class);
                stdout.println(format.invoke(session, result, 0)); // Converter.INSPECT
            }
            stdout.flush();
            return 0;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            stdout.flush();
            stderr.println("Error: " + (cause.getMessage() != null ? cause.getMessage() : cause.toString()));
            return 1;
        } finally {
            sessionType.getMethod("close").invoke(session);
        }
    }
}
