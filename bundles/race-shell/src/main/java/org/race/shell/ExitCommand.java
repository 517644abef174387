package org.race.shell;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

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

    private final BundleContext context;

    @Activate
    public ExitCommand(BundleContext context) {
        this.context = context;
    }

    @Descriptor("stop the container and leave (status 0)")
    public void exit() throws BundleException {
        exit(0);
    }

    @Descriptor("stop the container and leave with this status")
    public void exit(@Descriptor("exit status of bin/race") int status) throws BundleException {
        System.setProperty(STATUS, Integer.toString(status));
        context.getBundle(0).stop();
    }
}
