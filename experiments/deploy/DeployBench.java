import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.race.charts.LineChart;

/**
 * Deploy time against application size in the assembled container: one batch run of bin/race (sim
 * platform, dashboard on a free loopback port) with a generated domain of 100 nodes deploys and
 * undeploys generated applications of N components (chains of 10) with race:deploy: the descriptor
 * read by the JSON adapter, the whole deployment cycle, the sim's deploy. A deploy lasts from the
 * marker echoed before it to its "deployed" line on stdout. All along, a client keeps asking
 * /race/api/nodes, /race/api/applications and /race/api/state one after the other, each answer timed:
 * readers must not wait for a deploy. A warm-up application of 100 components goes first.
 *   java -cp race-charts.jar DeployBench.java RACE_HOME OUT_DIR LABEL SIZES...
 * Writes OUT_DIR/deploy.csv (one row per label and size; rows of other labels kept) and OUT_DIR/deploy.svg
 * from every label in it, so runs before and after a change share one chart.
 */
public class DeployBench {
    static final int NODES = 100, CHAIN = 10;
    /** Each size is deployed (and undeployed) this many times: enough answers during deploys for a 99th percentile. */
    static final int REPEATS = 5;
    static final List<String> QUERIES = List.of("nodes", "applications", "state");

    /** deployMs: to the "deployed" line; commandMs: to the end of race:deploy's output (its table of every component). */
    /** Times are medians over the repeats; the query figures are over every answer during any of them (p99: NaN for rows measured before it). */
    record Row(String label, int components, double deployMs, double commandMs, int queries, double queryMaxMs, double queryMedianMs,
            String slowest, double queryP99Ms) {
        String csv() {
            return String.format(Locale.ROOT, "%s,%d,%.1f,%.1f,%d,%.1f,%.1f,%s,%s", label, components, deployMs, commandMs, queries, queryMaxMs,
                    queryMedianMs, slowest, Double.isNaN(queryP99Ms) ? "" : String.format(Locale.ROOT, "%.1f", queryP99Ms));
        }

        static Row parse(String line) {
            String[] f = line.split(",", -1);
            return new Row(f[0], Integer.parseInt(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]), Integer.parseInt(f[4]),
                    Double.parseDouble(f[5]), Double.parseDouble(f[6]), f.length > 7 ? f[7] : "",
                    f.length > 8 && !f[8].isBlank() ? Double.parseDouble(f[8]) : Double.NaN);
        }
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]), out = Path.of(args[1]);
        String label = args[2];
        List<Integer> sizes = new ArrayList<>();
        for (int i = 3; i < args.length; i++) sizes.add(Integer.parseInt(args[i]));
        Files.createDirectories(out);
        Path work = Files.createTempDirectory("race-deploy-bench");
        Path domain = work.resolve("domain.json");
        Files.writeString(domain, domain());
        // the container's own domain setting points at the generated one
        Path engineCfg = home.resolve("conf/race.engine.cfg");
        // admission by capacity: admission by schedulability analyses every deployed chain again for each newcomer,
        // which at these sizes takes minutes (a 10,000-component deploy had not ended after 15 minutes)
        String cfg = Files.readString(engineCfg).replaceAll("(?m)^domain = .*$", "domain = " + domain.toAbsolutePath())
                .replaceAll("(?m)^admission = .*$", "") + "\nadmission = capacity\n";
        Files.writeString(engineCfg, cfg);

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        // one batch run: a small warm-up application, then every size deployed and undeployed, a marker echoed before each
        StringBuilder script = new StringBuilder();
        List<Integer> all = new ArrayList<>(List.of(100));
        all.addAll(sizes);
        for (int n : all) {
            Path file = work.resolve("app" + n + ".json");
            Files.writeString(file, application("app" + n, n));
            for (int r = 0; r < (n == 100 ? 1 : REPEATS); r++) {
                script.append("echo start-").append(n).append('-').append(r).append("; race:deploy ").append(file.toAbsolutePath())
                        .append("; echo end-").append(n).append('-').append(r).append("; race:undeploy app").append(n).append("; ");
            }
        }
        script.append("echo finished");
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/race").toString(), script.toString()).redirectError(work.resolve("container.log").toFile());
        pb.environment().put("RACE_DASHBOARD", "on");
        pb.environment().put("RACE_JAVA_OPTS", "-Xmx3g -Drace.http.port=" + port + " " + System.getenv().getOrDefault("RACE_JAVA_OPTS", ""));
        Process race = pb.start();
        // stdout line by line with its arrival time: a deploy lasts from its start marker to its "deployed" line
        Map<String, Long> arrived = new ConcurrentHashMap<>();
        Thread output = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(race.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null;) {
                    if (l.startsWith("start-") || l.startsWith("deployed app") || l.startsWith("end-") || l.equals("finished")) {
                        long now = System.nanoTime();
                        if (l.startsWith("deployed app")) {
                            // the repeat is the one whose start came last
                            String n = l.split(" ")[1].substring(3);
                            for (int k = REPEATS - 1; k >= 0; k--) {
                                if (arrived.containsKey("start-" + n + "-" + k)) {
                                    arrived.putIfAbsent("deployed-" + n + "-" + k, now);
                                    break;
                                }
                            }
                        } else {
                            arrived.putIfAbsent(l, now);
                        }
                    } else if (l.startsWith("Error") || l.startsWith("race:")) {
                        System.err.println(l);
                    }
                }
            } catch (IOException e) {
                // the container ended
            }
        });
        output.setDaemon(true);
        output.start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = "http://127.0.0.1:" + port + "/race/api/";
        // the readers: one query after the other, each answer timed, from the dashboard's start to the container's end
        List<long[]> answers = Collections.synchronizedList(new ArrayList<>()); // start ns, duration ns, query index
        Thread reader = new Thread(() -> {
            for (int k = 0; race.isAlive(); k++) {
                long t0 = System.nanoTime();
                try {
                    get(http, base + QUERIES.get(k % QUERIES.size()));
                } catch (IOException | InterruptedException e) {
                    sleep(20);
                    continue; // not up yet, or gone
                }
                answers.add(new long[] { t0, System.nanoTime() - t0, k % QUERIES.size() });
                sleep(20);
            }
        });
        reader.setDaemon(true);
        reader.start();
        if (!race.waitFor(30, TimeUnit.MINUTES)) {
            race.destroyForcibly();
            throw new IllegalStateException("the batch run did not end within 30 minutes; see " + work.resolve("container.log"));
        }
        output.join(10_000);
        if (race.exitValue() != 0) throw new IllegalStateException("the batch run failed; see " + work.resolve("container.log"));
        List<Row> rows = new ArrayList<>();
        System.out.printf("%-10s %10s %10s %11s %8s %8s %8s %8s  %-12s %s%n", "label", "components", "deploy ms", "command ms", "queries",
                "p50 ms", "p99 ms", "max ms", "slowest", "p50/p99/max by query");
        List<long[]> windows = new ArrayList<>(); // every deploy, from its start marker to the end of its output
        for (int n : all) {
            for (int r = 0; r < (n == 100 ? 1 : REPEATS); r++) {
                windows.add(new long[] { arrived.get("start-" + n + "-" + r), arrived.getOrDefault("end-" + n + "-" + r, Long.MAX_VALUE) });
            }
        }
        for (int n : sizes) {
            List<Double> deployMs = new ArrayList<>(), commandMs = new ArrayList<>();
            List<long[]> during = new ArrayList<>();
            for (int r = 0; r < REPEATS; r++) {
                Long t0 = arrived.get("start-" + n + "-" + r), t1 = arrived.get("deployed-" + n + "-" + r), t2 = arrived.get("end-" + n + "-" + r);
                if (t0 == null || t1 == null || t2 == null) throw new IllegalStateException("app" + n + " was not deployed; see " + work.resolve("container.log"));
                deployMs.add((t1 - t0) / 1e6);
                commandMs.add((t2 - t0) / 1e6);
                synchronized (answers) {
                    // every answer whose asking overlapped the deploy
                    answers.stream().filter(a -> a[0] < t2 && a[0] + a[1] > t0).forEach(during::add);
                }
            }
            long[] worst = during.stream().max(java.util.Comparator.comparingLong(a -> a[1])).orElse(null);
            List<Double> sorted = during.stream().map(a -> a[1] / 1e6).sorted().toList();
            Row row = new Row(label, n, median(deployMs), median(commandMs), sorted.size(), worst == null ? 0 : worst[1] / 1e6,
                    percentile(sorted, 50), worst == null ? "" : QUERIES.get((int) worst[2]), percentile(sorted, 99));
            rows.add(row);
            StringBuilder byQuery = new StringBuilder();
            for (int q = 0; q < QUERIES.size(); q++) {
                int qq = q;
                List<Double> mine = during.stream().filter(a -> a[2] == qq).map(a -> a[1] / 1e6).sorted().toList();
                byQuery.append(String.format(Locale.ROOT, "%s %.0f/%.0f/%.0f  ", QUERIES.get(q), percentile(mine, 50), percentile(mine, 99),
                        mine.isEmpty() ? 0 : mine.get(mine.size() - 1)));
            }
            System.out.printf(Locale.ROOT, "%-10s %10d %10.0f %11.0f %8d %8.1f %8.1f %8.1f  %-12s %s%n", label, n, row.deployMs(), row.commandMs(),
                    row.queries(), row.queryMedianMs(), row.queryP99Ms(), row.queryMaxMs(), row.slowest(), byQuery.toString().strip());
        }
        // the same queries while no deployment runs, for comparison: what the machine gives them anyway
        List<Double> idle;
        synchronized (answers) {
            idle = answers.stream().filter(a -> windows.stream().noneMatch(w -> a[0] < w[1] && a[0] + a[1] > w[0])).map(a -> a[1] / 1e6).sorted()
                    .toList();
        }
        if (!idle.isEmpty()) {
            System.out.printf(Locale.ROOT, "queries while no deployment ran: %d, max %.1f ms, median %.1f ms%n", idle.size(), idle.get(idle.size() - 1),
                    idle.get(idle.size() / 2));
        }
        write(out, rows);
    }

    static void write(Path out, List<Row> rows) throws IOException {
        Path csv = out.resolve("deploy.csv");
        List<Row> all = new ArrayList<>();
        if (Files.exists(csv)) Files.readAllLines(csv).stream().skip(1).filter(l -> !l.isBlank()).map(Row::parse).forEach(all::add);
        all.removeIf(r -> r.label().equals(rows.get(0).label()));
        all.addAll(rows);
        StringBuilder text = new StringBuilder("label,components,deploy_ms,command_ms,queries,query_max_ms,query_median_ms,slowest_query,query_p99_ms\n");
        all.forEach(r -> text.append(r.csv()).append('\n'));
        Files.writeString(csv, text);
        // a line over sizes: with one size every series is a single point on a degenerate axis
        if (all.stream().mapToInt(Row::components).distinct().count() < 2) {
            System.out.println("one size only: no chart (" + csv.getFileName() + " has the figures)");
            return;
        }
        LineChart deploy = new LineChart("race:deploy on the sim, " + NODES + " nodes (dashed: with its printed table)", "components", "ms").logY();
        LineChart queries = new LineChart("Query answers during the deploy: slowest (dashed: 99th percentile)", "components", "ms").logY();
        for (String label : all.stream().map(Row::label).distinct().toList()) {
            List<Row> mine = all.stream().filter(r -> r.label().equals(label)).toList();
            deploy.series(label, mine.stream().map(r -> new double[] { r.components(), Math.max(1, r.deployMs()) }).toList());
            deploy.series(label + " (command)", mine.stream().map(r -> new double[] { r.components(), Math.max(1, r.commandMs()) }).toList(), true);
            queries.series(label, mine.stream().map(r -> new double[] { r.components(), Math.max(1, r.queryMaxMs()) }).toList());
            List<double[]> p99 = mine.stream().filter(r -> !Double.isNaN(r.queryP99Ms())).map(r -> new double[] { r.components(), Math.max(1, r.queryP99Ms()) })
                    .toList();
            if (!p99.isEmpty()) queries.series(label + " (p99)", p99, true);
        }
        Files.writeString(out.resolve("deploy.svg"), LineChart.document(List.of(deploy, queries)));
    }

    static String get(HttpClient http, String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(10)).GET().build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    static String domain() {
        StringBuilder s = new StringBuilder("{\"name\": \"bench\", \"linkLatency\": 1, \"nodes\": [\n");
        for (int i = 0; i < NODES; i++) {
            s.append(String.format(Locale.ROOT, "  {\"name\": \"n%d\", \"cpu\": 1, \"memory\": 100000, \"bandwidth\": 1000}%s%n", i, i < NODES - 1 ? "," : ""));
        }
        return s.append("]}\n").toString();
    }

    /** {@code n} components in chains of {@value #CHAIN}, 0.002 cpu each: 20,000 of them fill 40 % of the domain. */
    static String application(String name, int n) {
        StringBuilder s = new StringBuilder("{\"name\": \"" + name + "\", \"importance\": \"medium\", \"period\": 1000, \"deadline\": 1000,\n\"components\": [\n");
        for (int i = 0; i < n; i++) {
            s.append(String.format(Locale.ROOT, "  {\"name\": \"c%d\", \"executionTime\": 2, \"cpu\": 0.002, \"memory\": 1}%s%n", i, i < n - 1 ? "," : ""));
        }
        s.append("],\n\"connections\": [\n");
        boolean first = true;
        for (int i = 0; i + 1 < n; i++) {
            if ((i + 1) % CHAIN == 0) continue;
            s.append(first ? "" : ",\n").append(String.format(Locale.ROOT, "  {\"from\": \"c%d\", \"to\": \"c%d\", \"bandwidth\": 0.01}", i, i + 1));
            first = false;
        }
        return s.append("\n]}\n").toString();
    }

    /** The p-th percentile (nearest rank) of sorted values; 0 for none. */
    static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) return 0;
        int rank = (int) Math.ceil(p / 100 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    static double median(List<Double> values) {
        return percentile(values.stream().sorted().toList(), 50);
    }

    static String head(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
