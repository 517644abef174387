package org.race.shell;

import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.race.text.Arguments;
import org.race.text.CommandLine;

/**
 * {@code exit [status]}: leaves the container quietly. The shell's own {@code exit} is System.exit called from the
 * command's thread: the shutdown then stops the shell while it waits for that command, and the shell prints an
 * InterruptedException. This one asks the framework to stop (asynchronous by the OSGi specification) and returns,
 * so the shell closes with the framework. It is in the gogo scope because the shell's profile looks there first
 * ({@code SCOPE = 'gogo:*'}), so a bare {@code exit} finds it before {@code system:exit}.
 */
@Component(service = ExitCommand.class, property = { "osgi.command.scope=gogo", "osgi.command.function=exit" })
public class ExitCommand {
    /** The launcher's exit status once the framework has stopped (bin/race reads it). */
    public static final String STATUS = "race.exit.status";

    static final String USAGE = "exit [status]\n"
            + "  Stops the container and leaves; bin/race ends with the status (a whole number 0..255, 0 by default).";

    private static final CommandLine LINE = new CommandLine("exit", USAGE);

    private final BundleContext context;

    @Activate
    public ExitCommand(BundleContext context) {
        this.context = context;
    }

    @Descriptor("stop the container and leave: exit [status]")
    public void exit(@Descriptor("[status], 0..255, 0 by default") String... args) throws BundleException {
        Arguments typed = LINE.parse(args);
        if (typed.help()) {
            System.out.println(USAGE);
            return;
        }
        List<String> status = typed.positional(0, 1);
        long code = status.isEmpty() ? 0 : typed.whole("status", status.get(0), 0, 255);
        System.setProperty(STATUS, Long.toString(code));
        context.getBundle(0).stop();
    }
}
