package org.race.effector.tcp_front;

import java.io.IOException;
import java.net.InetSocketAddress;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One TCP front per configuration of the factory PID {@code race.front} (e.g.
 * {@code conf/race.front-web.cfg}), with its QoS manager when {@code targetDelayMs > 0}.
 */
@Component(service = FrontComponent.class, configurationPid = "race.front", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = FrontComponent.Config.class, factory = true)
public class FrontComponent {
    @ObjectClassDefinition(name = "RACE TCP front")
    public @interface Config {
        @AttributeDefinition(description = "host:port the clients connect to")
        String listen();

        @AttributeDefinition(description = "host:port of the unmodified server")
        String server();

        @AttributeDefinition(description = "classes by client address, first match wins: name=addr|prefix.;...; one class has *")
        String classes() default "premium=127.0.0.2;basic=*";

        @AttributeDefinition(description = "premium connection delay the QoS manager holds, ms; 0 = no manager")
        double targetDelayMs() default 0;

        String premium() default "premium";

        String throttled() default "basic";

        long periodMs() default 500;

        double gain() default 0.5;

        @AttributeDefinition(description = "lowest accept rate of the throttled class, connections/s")
        double minRate() default 1;

        @AttributeDefinition(description = "highest accept rate of the throttled class, connections/s (its start)")
        double maxRate() default 1000;
    }

    private TcpFront front;
    private DelayManager manager;
    private String name;

    @Activate
    void activate(Config config) throws IOException {
        front = new TcpFront(address("listen", config.listen()), address("server", config.server()), config.classes());
        name = front.address().getHostString() + ":" + front.address().getPort() + " -> " + config.server();
        if (config.targetDelayMs() > 0) {
            try {
                manager = new DelayManager(front, config.premium(), config.throttled(), config.targetDelayMs() / 1000,
                        config.gain(), config.minRate(), config.maxRate()).start(config.periodMs());
            } catch (RuntimeException bad) {
                front.close(); // all or nothing
                throw bad;
            }
        }
    }

    @Deactivate
    void deactivate() {
        if (manager != null) manager.close();
        front.close();
    }

    public String name() {
        return name;
    }

    public TcpFront front() {
        return front;
    }

    static InetSocketAddress address(String field, String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try {
            if (colon <= 0) throw new NumberFormatException();
            return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("race.front " + field + ": '" + hostPort + "' is not host:port");
        }
    }
}
