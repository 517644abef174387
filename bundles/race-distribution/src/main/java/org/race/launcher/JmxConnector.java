package org.race.launcher;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.rmi.registry.LocateRegistry;
import java.rmi.server.RMIServerSocketFactory;
import java.util.HashMap;
import java.util.Map;

import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;

/**
 * The JMX connector RACE_JMX_PORT asks for (-Drace.jmx.port): the RMI registry and the RMI server on that one
 * port, both bound to one address of this machine (race.bind, 127.0.0.1 by default). The JDK's own agent
 * (-Dcom.sun.management.jmxremote.port) also exports a local connector on a random port of every interface,
 * so it is not used.
 */
final class JmxConnector {
    static final String PORT = "race.jmx.port";

    private JmxConnector() {
    }

    /** Starts the connector, or returns null when no port is asked for. */
    static JMXConnectorServer start(String port, String bind) throws Settings.BadSetting {
        if (port == null || port.isBlank()) return null;
        int n;
        try {
            n = Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            throw new Settings.BadSetting("RACE_JMX_PORT = '" + port.trim() + "' is not a port number");
        }
        try {
            InetAddress address = InetAddress.getByName(bind);
            // stubs handed to clients name this address, not the host name's
            System.setProperty("java.rmi.server.hostname", address.getHostAddress());
            RMIServerSocketFactory sockets = new BoundSockets(address);
            LocateRegistry.createRegistry(n, null, sockets);
            Map<String, Object> env = new HashMap<>();
            env.put(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, sockets);
            JMXServiceURL url = new JMXServiceURL(url(address.getHostAddress(), n));
            JMXConnectorServer server = JMXConnectorServerFactory.newJMXConnectorServer(url, env, ManagementFactory.getPlatformMBeanServer());
            server.start();
            return server;
        } catch (IOException e) {
            throw new Settings.BadSetting("RACE_JMX_PORT = " + n + ": cannot listen on " + bind + ":" + n + " (" + e.getMessage() + ")");
        }
    }

    /** Both the server's objects and the registry on host:port. */
    static String url(String host, int port) {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "service:jmx:rmi://" + h + ":" + port + "/jndi/rmi://" + h + ":" + port + "/jmxrmi";
    }

    /**
     * Server sockets on one address. RMI shares a port between exported objects whose socket factories are
     * equal, hence equals and hashCode.
     */
    record BoundSockets(InetAddress address) implements RMIServerSocketFactory {
        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            return new ServerSocket(port, 50, address);
        }
    }
}
