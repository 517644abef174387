package org.race.effector.tcp_front;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Python's unmodified {@code http.server} on a free loopback port, serving one file of a given size. */
final class HttpServerProcess implements AutoCloseable {
    static final String FILE = "page.bin";
    private static final Pattern SERVING = Pattern.compile("port (\\d+)");

    private final Process process;
    private final InetSocketAddress address;

    HttpServerProcess(Path root, int fileBytes) throws IOException {
        Files.write(root.resolve(FILE), new byte[fileBytes]);
        process = new ProcessBuilder("python3", "-u", "-m", "http.server", "--bind", "127.0.0.1", "0")
                .directory(root.toFile()).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        Matcher m = line == null ? null : SERVING.matcher(line);
        if (m == null || !m.find()) {
            process.destroyForcibly();
            throw new IOException("python3 -m http.server did not say its port: " + line);
        }
        address = new InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(1)));
        Thread drain = new Thread(() -> { // its access log must not fill the pipe and block it
            try {
                while (out.readLine() != null) { /* discard */ }
            } catch (IOException ended) {
                // the server is gone
            }
        }, "http.server-log");
        drain.setDaemon(true);
        drain.start();
    }

    InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly();
    }
}
