package org.race.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.race.api.FrameworkProperties;

/**
 * The launcher's options, from system properties (e.g. in RACE_JAVA_OPTS) before environment
 * variables, checked before anything starts; and the framework properties they become.
 */
final class Settings {
    static final List<String> PROFILES = List.of("embedded", "central", "node");
    static final String DEFAULT_ZOOKEEPER = "127.0.0.1:2181";
    /** The address fastbin listens on and announces; loopback unless set explicitly. */
    static final String DEFAULT_BIND = "127.0.0.1";
    static final String DEFAULT_HTTP_HOST = "127.0.0.1";
    static final String DEFAULT_HTTP_PORT = "8421";

    private Settings() {
    }

    /** embedded (the default), central or node: the system property before the environment variable. */
    static String profile(String systemProperty, String environment) {
        String v = systemProperty != null && !systemProperty.isBlank() ? systemProperty
                : environment != null && !environment.isBlank() ? environment : "embedded";
        v = v.trim().toLowerCase(Locale.ROOT);
        if (!PROFILES.contains(v)) {
            throw new IllegalArgumentException(FrameworkProperties.PROFILE + " = '" + v + "' names no profile; allowed: " + String.join(", ", PROFILES));
        }
        return v;
    }

    /**
     * The platform asked for: the system property race.platform before the environment variable
     * RACE_PLATFORM; null for the default. {@link Platforms} checks it against the platform bundles.
     */
    static String platform(String systemProperty, String environment) {
        if (systemProperty != null && !systemProperty.isBlank()) return systemProperty.trim();
        if (environment != null && !environment.isBlank()) return environment.trim();
        return null;
    }

    /**
     * Whether to serve the dashboard: -Drace.dashboard before RACE_DASHBOARD, {@code on} or {@code off}; by
     * default on in an interactive embedded or central container, off in batch mode (parallel runs would
     * compete for the port, and most end before anyone could look) and in node containers (the central's
     * dashboard shows their nodes).
     */
    static boolean dashboard(String systemProperty, String environment, boolean batch, String profile) {
        String v = systemProperty != null && !systemProperty.isBlank() ? systemProperty
                : environment != null && !environment.isBlank() ? environment : null;
        if (v == null) return !batch && !profile.equals("node");
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw new IllegalArgumentException(FrameworkProperties.DASHBOARD + " = '" + v.trim() + "': expected on or off");
        };
    }

    static int httpPort(String port) {
        int n;
        try {
            n = Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(FrameworkProperties.HTTP_PORT + " = '" + port.trim() + "': expected a port number (0: any free port)");
        }
        if (n < 0 || n > 65535) throw new IllegalArgumentException(FrameworkProperties.HTTP_PORT + " = " + n + ": expected 0 to 65535");
        return n;
    }

    /**
     * The dashboard's address: -Drace.http.host (127.0.0.1, loopback only) and -Drace.http.port (8421; 0
     * takes a free port, chosen here so that the address can be printed). conf/org.apache.felix.http.cfg
     * hands them to Felix HTTP through ConfigAdmin, and Jetty waits for that configuration (else it would
     * bind, then bind again when it arrives); the same values as framework properties are the defaults of
     * keys the configuration leaves out. False, with one line on stderr, when the port is taken: the
     * container then runs without the dashboard.
     */
    static boolean http(Map<String, String> p) throws BadSetting {
        String host = System.getProperty(FrameworkProperties.HTTP_HOST, DEFAULT_HTTP_HOST).trim();
        int n = httpPort(System.getProperty(FrameworkProperties.HTTP_PORT, DEFAULT_HTTP_PORT));
        int free = freePort(FrameworkProperties.HTTP_HOST, host); // also shows that this machine can listen there
        if (n == 0) n = free;
        else if (!canListen(host, n)) {
            // checked here, since Jetty would log some 45 lines of stack traces before the one line that matters
            System.err.println("race: " + httpRefused(host, Integer.toString(n)));
            return false;
        }
        p.put(FrameworkProperties.DASHBOARD, "on");
        p.put(FrameworkProperties.HTTP_HOST, host);
        p.put(FrameworkProperties.HTTP_PORT, Integer.toString(n));
        p.put("org.apache.felix.http.host", host);
        p.put("org.osgi.service.http.port", Integer.toString(n));
        p.put("org.apache.felix.http.require.config", "true");
        p.put("org.apache.felix.http.jetty.sendServerHeader", "false");
        return true;
    }

    static String httpRefused(String host, String port) {
        return "dashboard not started: cannot serve HTTP on " + host + ":" + port + " (port in use? set -D" + FrameworkProperties.HTTP_PORT
                + "=... in RACE_JAVA_OPTS, 0 for any free port)";
    }

    /** Whether a server socket can bind host:port now. */
    static boolean canListen(String host, int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName(host))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Framework properties of the central and node profiles: where ZooKeeper is, the fastbin port
     * (a free loopback port unless -Drace.fastbin.port), which nodes this container hosts and whether
     * it exports them; rsa/conf/ holds the configurations that use them.
     */
    static void distributed(Path home, String profile, Map<String, String> p) throws IOException, BadSetting {
        String zookeeper = FrameworkProperties.ZOOKEEPER, bindKey = FrameworkProperties.BIND;
        p.put(FrameworkProperties.PROFILE, profile);
        p.put("felix.fileinstall.dir", p.get("felix.fileinstall.dir") + "," + home.resolve("rsa").resolve("conf"));
        String zk = System.getProperty(zookeeper, System.getenv().getOrDefault("RACE_ZOOKEEPER", DEFAULT_ZOOKEEPER)).trim();
        int colon = zk.lastIndexOf(':');
        if (colon <= 0 || !zk.substring(colon + 1).matches("\\d{1,5}")) throw new BadSetting(zookeeper + " = '" + zk + "': expected host:port");
        p.put(zookeeper, zk);
        p.put(zookeeper + ".host", zk.substring(0, colon));
        p.put(zookeeper + ".port", zk.substring(colon + 1));
        p.put(zookeeper + ".timeout", System.getProperty(zookeeper + ".timeout", "3000"));
        String bind = bind();
        int free = freePort(bindKey, bind); // also shows that this machine can listen there
        p.put(bindKey, bind);
        String port = System.getProperty(FrameworkProperties.FASTBIN_PORT);
        p.put(FrameworkProperties.FASTBIN_PORT, port != null && !port.isBlank() ? port.trim() : Integer.toString(free));
        String hosted = System.getProperty(FrameworkProperties.NODES);
        if (hosted != null) p.put(FrameworkProperties.NODES, hosted);
        else if (profile.equals("central")) p.put(FrameworkProperties.NODES, "none");
        p.put(FrameworkProperties.EXPORT, System.getProperty(FrameworkProperties.EXPORT, Boolean.toString(profile.equals("node"))));
        String await = System.getProperty(FrameworkProperties.AWAIT_NODES);
        if (await != null) p.put(FrameworkProperties.AWAIT_NODES, await);
    }

    /** The address this container's endpoints (fastbin, JMX) listen on: -Drace.bind before RACE_BIND, 127.0.0.1 by default. */
    static String bind() {
        return System.getProperty(FrameworkProperties.BIND, System.getenv().getOrDefault("RACE_BIND", DEFAULT_BIND)).trim();
    }

    /** A free port on {@code address}, the value of {@code setting}; refused when the address is not one of this machine's. */
    static int freePort(String setting, String address) throws BadSetting {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new BadSetting(setting + " = '" + address + "': cannot listen there (" + e.getMessage()
                    + "); expected an address of this machine, " + DEFAULT_BIND + " by default");
        }
    }

    /** A launcher option that cannot be used, reported as {@code race: <message>} with exit status 2. */
    static final class BadSetting extends Exception {
        private static final long serialVersionUID = 1L;

        BadSetting(String message) {
            super(message);
        }
    }
}
