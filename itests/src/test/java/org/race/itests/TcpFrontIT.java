package org.race.itests;

import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The TCP front in real Felix: a factory configuration of {@code race.front} through ConfigAdmin
 * puts a front (with its QoS manager) before an unmodified Python http.server, and
 * {@code race:front} shows the connections each class had forwarded.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TcpFrontIT {
    private static final Pattern FRONT = Pattern.compile("127\\.0\\.0\\.1:(\\d+) -> ");
    private static final Pattern ACCEPTED = Pattern.compile("(premium|basic)\\s+waiting\\s+\\d+\\s+accepted\\s+(\\d+)");

    @Inject
    CommandProcessor processor;

    @Inject
    ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() throws Exception {
        return options(Dist.container());
    }

    @Test
    public void aConfiguredFrontClassifiesAndForwardsToAnUnmodifiedServer() throws Exception {
        Path root = Files.createTempDirectory("front-it");
        Files.writeString(root.resolve("index.html"), "hello");
        Process server = new ProcessBuilder("python3", "-u", "-m", "http.server", "--bind", "127.0.0.1", "0").directory(root.toFile())
                .redirectErrorStream(true).start();
        try {
            Matcher serving = Pattern.compile("port (\\d+)").matcher(new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8)).readLine());
            assertTrue("http.server said its port", serving.find());
            var c = configAdmin.getFactoryConfiguration("race.front", "it", "?");
            Hashtable<String, Object> p = new Hashtable<>();
            p.put("listen", "127.0.0.1:0");
            p.put("server", "127.0.0.1:" + serving.group(1));
            p.put("classes", "premium=127.0.0.2;basic=*");
            p.put("targetDelayMs", "5");
            c.update(p);
            Shell shell = new Shell(processor);
            String out = "";
            for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); !FRONT.matcher(out).find() && System.nanoTime() < end; Thread.sleep(100)) {
                out = shell.run("race:front");
            }
            Matcher front = FRONT.matcher(out);
            assertTrue("race:front lists the configured front: " + out, front.find());
            int port = Integer.parseInt(front.group(1));
            for (String client : new String[] { "127.0.0.2", "127.0.0.2", "127.0.0.3" }) {
                try (Socket s = new Socket()) {
                    s.bind(new InetSocketAddress(client, 0));
                    s.connect(new InetSocketAddress("127.0.0.1", port));
                    OutputStream o = s.getOutputStream();
                    o.write("GET /index.html HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    String body = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                    assertTrue("the server's page came back through the front: " + body, body.startsWith("HTTP/1.0 200") && body.endsWith("hello"));
                }
            }
            out = shell.run("race:front");
            Matcher accepted = ACCEPTED.matcher(out);
            assertTrue(out, accepted.find() && accepted.group(1).equals("premium") && accepted.group(2).equals("2"));
            assertTrue(out, accepted.find() && accepted.group(1).equals("basic") && accepted.group(2).equals("1"));
            c.delete();
        } finally {
            server.destroy();
        }
    }
}
