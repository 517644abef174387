package org.race.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The dashboard in a real browser: {@code bin/race} started interactively (as a user does, with
 * both controllers in deploy/ and -Drace.http.port=0) prints the dashboard's address; headless
 * Chromium (Debian's chromium and chromium-driver, driven by Selenium) opens it, deploys a descriptor
 * through the page, sees the application with its placement and its chart receive points, chooses
 * the other controller and sees it active, and uploads a bad descriptor and sees the error, with
 * nothing deployed. Screenshots go to itests/target/screenshots. The API checks use plain HTTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium"), CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(20);

    private Path dir;
    private Process race;
    private final StringBuffer out = new StringBuffer();
    private String url;
    private Path screenshots;

    @BeforeAll
    void startContainer(@TempDir Path tmp) throws Exception {
        dir = tmp;
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "DashboardIT needs Debian's chromium and chromium-driver: apt-get install chromium chromium-driver (.ci/run does)");
        screenshots = Path.of(System.getProperty("race.itest.screenshots", "target/screenshots"));
        Files.createDirectories(screenshots);
        Path home = dir.resolve("race");
        LauncherIT.copyTree(Dist.home(), home);
        Files.copy(Dist.extra("race-controller-fmuf"), home.resolve("deploy").resolve("race-controller-fmuf.jar"));
        Files.copy(Dist.extra("race-controller-eucon"), home.resolve("deploy").resolve("race-controller-eucon.jar"));
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/race").toString()).directory(home.toFile())
                .redirectErrorStream(true);
        pb.environment().remove("RACE_PLATFORM");
        pb.environment().remove("RACE_PROFILE");
        pb.environment().remove("RACE_DASHBOARD");
        pb.environment().put("RACE_JAVA_OPTS", "-Drace.http.port=0");
        race = pb.start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(race.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null;) out.append(line).append('\n');
            } catch (IOException ignored) {
                // the process ended
            }
        }, "race-output");
        reader.setDaemon(true);
        reader.start();
        Pattern address = Pattern.compile("(?m)^dashboard (http://127\\.0\\.0\\.1:\\d+/race/)$");
        long deadline = System.nanoTime() + WAIT.toNanos();
        Matcher m = address.matcher("");
        while (System.nanoTime() < deadline && !(m = address.matcher(out)).find()) Thread.sleep(50);
        assertTrue(m.find(0), "bin/race printed no dashboard address:\n" + out);
        url = m.group(1);
    }

    /** SIGTERM, as when its terminal closes: the launcher stops the framework (Jetty included) and exits. */
    @AfterAll
    void stopContainer() throws Exception {
        if (race == null) return;
        race.destroy();
        if (!race.waitFor(15, TimeUnit.SECONDS)) {
            race.descendants().forEach(ProcessHandle::destroyForcibly);
            race.destroyForcibly();
            throw new AssertionError("bin/race did not stop within 15 s of SIGTERM");
        }
    }

    @Test
    @Order(1)
    void deployWatchChooseAndRefuseThroughThePage() throws Exception {
        Path descriptor = dir.resolve("gnc-sc1.json");
        Files.copy(Dist.example("gnc-sc1.json"), descriptor);
        Path survey = dir.resolve("survey.json");
        Files.writeString(survey, "{\"name\":\"survey\",\"importance\":\"low\",\"region\":{\"period\":{\"min\":250,\"max\":1000}},"
                + "\"components\":[{\"name\":\"s\",\"executionTime\":50,\"node\":\"sc2\"}]}");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"name\":\"x\",\"period\":0,\"deadline\":10,\"components\":[{\"name\":\"a\",\"cpu\":0.1}]}");

        WebDriver browser = chromium();
        try {
            // the page redraws twice a second: an element found may be replaced before it is read
            FluentWait<WebDriver> wait = new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class);
            browser.get(url);
            wait.until(b -> b.findElement(By.id("link")).getText().equals("live"));
            assertEquals("mms", browser.findElement(By.id("domain")).getText());
            assertEquals(6, browser.findElements(By.cssSelector("#nodes tbody tr")).size(), "the MMS domain's nodes");

            // deploy through the page: the application appears with its placement
            browser.findElement(By.id("descriptor")).sendKeys(descriptor.toString());
            browser.findElement(By.id("deploy")).click();
            WebElement app = wait.until(b -> b.findElement(By.cssSelector("[data-app='gnc-sc1']")));
            assertEquals("sc1: attitude-sensor, guidance, navigation, thruster-control", app.findElement(By.className("placement")).getText());
            assertEquals("high", app.findElement(By.className("priority-class")).getText());
            assertTrue(browser.findElement(By.id("deploy-message")).getText().startsWith("deployed gnc-sc1 by static"),
                    browser.findElement(By.id("deploy-message")).getText());
            wait.until(b -> b.findElement(By.id("events")).getText().contains("deployed gnc-sc1 (high, 10 Hz) by static on sc1"));
            screenshot(browser, "1-deployed");

            // its chart receives new points, one per sampling period (1 s), with the measured latency
            int before = wait.until(DashboardIT::points);
            wait.until(b -> points(b) >= before + 2);
            String latency = wait.until(b -> b.findElement(By.cssSelector("[data-app='gnc-sc1'] .latency-mean")).getText());
            double ms = Double.parseDouble(latency.replace(" ms", ""));
            assertTrue(ms > 20 && ms < 30, "gnc-sc1 takes about 25 ms end to end on sc1: " + latency);
            wait.until(b -> !b.findElement(By.cssSelector("#nodes tr[data-node='sc1'] td.resource .figure")).getText().startsWith("0.0%"));
            // beside it, the analysis's worst case at the periods in force: the API's figure on the card and as a line in the chart
            JsonObject bound = get("applications/gnc-sc1").getAsJsonObject("bound");
            double boundMs = bound.get("boundMs").getAsDouble();
            assertTrue(bound.get("schedulable").getAsBoolean() && boundMs >= ms && boundMs <= 100, bound.toString());
            assertEquals(org.race.api.analysis.AnalysisResult.ms(boundMs) + " ms (deadline 100 ms)",
                    wait.until(b -> b.findElement(By.cssSelector("[data-app='gnc-sc1'] b.bound")).getText()));
            assertEquals("schedulable", browser.findElement(By.cssSelector("[data-app='gnc-sc1'] .verdict")).getText());
            assertEquals(1, browser.findElements(By.cssSelector("[data-app='gnc-sc1'] svg line.bound")).size());
            // per component, as race:status -v: a line summing them and, opened, the table of the busiest (all four here)
            String summary = wait.until(b -> {
                String t = b.findElement(By.cssSelector("[data-app='gnc-sc1'] .component-figures")).getText();
                return t.startsWith("4 of 4 measured") ? t : null;
            });
            assertEquals("4 of 4 measured, failed jobs 0, overruns 0, longest input queue 1; the analysis counts the declared execution times", summary);
            browser.findElement(By.cssSelector("[data-app='gnc-sc1'] details summary")).click();
            assertEquals(4, browser.findElements(By.cssSelector("[data-app='gnc-sc1'] table.components tr[data-component]")).size());
            String navigation = wait.until(b -> b.findElement(By.cssSelector("[data-app='gnc-sc1'] tr[data-component='navigation'] td:nth-child(5)")).getText());
            double median = Double.parseDouble(navigation);
            assertTrue(median >= 9 && median <= 11 * 17 / 16.0, "navigation's 10 ms varied by the sim's 10 %, its median CPU a job: " + navigation);
            JsonObject measured = get("applications/gnc-sc1").getAsJsonArray("components").get(1).getAsJsonObject().getAsJsonObject("measured");
            assertTrue(measured.get("jobs").getAsLong() >= 9 && measured.getAsJsonObject("jobCpu").get("jobs").getAsLong() >= measured.get("jobs").getAsLong(),
                    measured.toString());
            screenshot(browser, "2-chart");

            // choose the controller that is not active, and see it become the active one
            String active = browser.findElement(By.id("active-controller")).getText();
            assertTrue(List.of("fmuf", "eucon").contains(active), active);
            String other = active.equals("fmuf") ? "eucon" : "fmuf";
            new Select(browser.findElement(By.id("controller-choice"))).selectByValue(other);
            browser.findElement(By.id("choose-controller")).click();
            wait.until(b -> b.findElement(By.id("active-controller")).getText().equals(other));
            assertEquals(other, browser.findElement(By.id("chosen-controller")).getText());
            wait.until(b -> b.findElement(By.id("events")).getText().contains("controller now " + other));
            screenshot(browser, "3-controller");

            // a bad descriptor: the file, field and reason, as the shell says it, and nothing deployed
            browser.findElement(By.id("descriptor")).sendKeys(bad.toString());
            browser.findElement(By.id("deploy")).click();
            WebElement error = wait.until(b -> {
                WebElement e = b.findElement(By.id("deploy-message"));
                return e.getAttribute("class").contains("error") ? e : null;
            });
            assertEquals("adapter: bad.json: $.period: must be > 0, got 0", error.getText());
            assertEquals(1, browser.findElements(By.cssSelector("#applications .app")).size());
            assertEquals(1, get("applications").getAsJsonArray("applications").size());
            screenshot(browser, "4-bad-descriptor");

            // a contracted application: admitted at the best point of its QoS region, listed with its contract
            browser.findElement(By.id("descriptor")).sendKeys(survey.toString());
            browser.findElement(By.id("deploy")).click();
            String row = wait.until(b -> b.findElement(By.cssSelector("#contracts tr[data-app='survey']")).getText());
            assertEquals("survey low 250..1000 1..4 - 250 4 at max", row);
            assertEquals("1..4 Hz, at 4 Hz", wait.until(b -> b.findElement(By.cssSelector("[data-app='survey'] .contract")).getText()));
            screenshot(browser, "5-contract");

            // undeploy through the page
            wait.until(b -> {
                b.findElement(By.cssSelector("[data-app='gnc-sc1'] button.undeploy")).click();
                return true;
            });
            wait.until(b -> b.findElements(By.cssSelector("#applications [data-app='gnc-sc1']")).isEmpty());
            wait.until(b -> b.findElement(By.id("events")).getText().contains("undeployed gnc-sc1"));
            assertEquals("undeployed gnc-sc1", browser.findElement(By.id("deploy-message")).getText());
            screenshot(browser, "6-undeployed");
        } finally {
            browser.quit();
        }
        assertEquals(1, get("applications").getAsJsonArray("applications").size(), "survey is left");
    }

    /** The JSON API answers as the README says, and refuses what another web site could send through the user's browser. */
    @Test
    @Order(2)
    void theApiAnswersAndRefusesCrossSiteRequests() throws Exception {
        HttpResponse<String> deployed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "api/applications?file=gnc-sc1.json"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofFile(Dist.example("gnc-sc1.json"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, deployed.statusCode(), deployed.body());
        assertEquals("static", JsonParser.parseString(deployed.body()).getAsJsonObject().get("allocator").getAsString());
        HttpResponse<String> again = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "api/applications?file=gnc-sc1.json"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofFile(Dist.example("gnc-sc1.json"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, again.statusCode());
        assertEquals("registry: application 'gnc-sc1' is already deployed; undeploy it first",
                JsonParser.parseString(again.body()).getAsJsonObject().get("error").getAsString());
        JsonObject nodes = get("nodes");
        assertEquals(6, nodes.getAsJsonArray("nodes").size());
        JsonObject sc1 = nodes.getAsJsonArray("nodes").get(0).getAsJsonObject();
        assertEquals("sc1", sc1.get("name").getAsString());
        assertEquals("up", sc1.get("state").getAsString());
        assertEquals(4, sc1.get("components").getAsInt());
        // the set point comes from the controller's last decision: one sampling period (1 s) may pass before it counts gnc-sc1
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (Math.abs(sc1.getAsJsonObject("setPoint").get("cpu").getAsDouble() - 0.7568) > 1e-4 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            sc1 = get("nodes").getAsJsonArray("nodes").get(0).getAsJsonObject();
        }
        assertEquals(0.7568, sc1.getAsJsonObject("setPoint").get("cpu").getAsDouble(), 1e-4, "RMS bound of 4 components");
        assertTrue(get("controller").getAsJsonArray("installed").size() == 2);
        assertEquals("firstfit", get("allocator").get("default").getAsString());
        assertTrue(get("delays").getAsJsonObject("monitoring").get("samples").getAsInt() > 0);
        JsonObject contract = get("contracts").getAsJsonArray("contracts").get(0).getAsJsonObject();
        assertEquals("survey", contract.get("application").getAsString());
        assertEquals(4.0, contract.getAsJsonObject("region").get("rateMaxHz").getAsDouble(), 1e-9);
        assertEquals(250, contract.getAsJsonObject("cop").get("periodMs").getAsDouble(), 1e-9, "sc2 is free: the region's best point");
        assertEquals(0, contract.get("fromMax").getAsDouble(), 1e-9);
        assertTrue(get("applications/survey").getAsJsonObject("contract").equals(contract));
        assertTrue(get("events").getAsJsonArray("events").size() >= 3, "deployed, controller now ..., undeployed");

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(url + "api/controller"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"controller\":\"nosuch\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, unknown.statusCode());
        assertEquals("'nosuch' is not installed (installed: eucon, fmuf)", JsonParser.parseString(unknown.body()).getAsJsonObject().get("error").getAsString());

        HttpResponse<String> crossSite = http.send(HttpRequest.newBuilder(URI.create(url + "api/applications/gnc-sc1"))
                .header("Origin", "http://attacker.example").DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, crossSite.statusCode(), crossSite.body());
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(url + "api/applications?file=x.json"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(415, form.statusCode(), form.body());
        assertTrue(rawGet("/race/api/nodes", "attacker.example").startsWith("HTTP/1.1 403"), "a rebound name is refused");
        assertTrue(rawGet("/race/api/nodes", "127.0.0.1").startsWith("HTTP/1.1 200"));
        assertEquals(2, get("applications").getAsJsonArray("applications").size(), "nothing was undeployed");
    }

    /** Batch runs serve no dashboard unless asked (parallel runs would compete for the port); asked, its address goes to stderr. */
    @Test
    @Order(3)
    void batchModeServesTheDashboardOnlyWhenAsked() throws Exception {
        LauncherIT.Run plain = LauncherIT.race(Dist.home(), "race:allocators");
        assertEquals(0, plain.status(), plain.err());
        assertFalse(plain.err().contains("dashboard"), plain.err());

        LauncherIT.Run on = LauncherIT.race(java.util.Map.of("RACE_DASHBOARD", "on", "RACE_JAVA_OPTS", "-Drace.http.port=0"), Dist.home(),
                "race:allocators");
        assertEquals(0, on.status(), on.err());
        assertTrue(Pattern.compile("(?m)^race: dashboard http://127\\.0\\.0\\.1:\\d+/race/$").matcher(on.err()).find(), on.err());
        assertEquals(plain.out(), on.out(), "stdout is the command's alone");

        LauncherIT.Run bad = LauncherIT.race(java.util.Map.of("RACE_DASHBOARD", "maybe"), Dist.home(), "race:allocators");
        assertNotEquals(0, bad.status());
        assertTrue(bad.err().contains("race.dashboard = 'maybe': expected on or off"), bad.err());
    }

    /** Two containers, one port: the second says so and runs without a dashboard. */
    @Test
    @Order(4)
    void aPortInUseIsReportedAndTheContainerRunsOn() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            LauncherIT.Run r = LauncherIT.race(java.util.Map.of("RACE_DASHBOARD", "on", "RACE_JAVA_OPTS", "-Drace.http.port=" + taken.getLocalPort()),
                    Dist.home(), "race:allocators");
            assertEquals(0, r.status(), r.err());
            assertTrue(r.err().contains("race: dashboard not started: cannot serve HTTP on 127.0.0.1:" + taken.getLocalPort()), r.err());
            assertTrue(r.out().contains("firstfit (default)"), r.out());
        }
    }

    private WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--no-first-run", "--disable-component-update", "--disable-sync", "--disable-quic", "--window-size=1280,1500",
                "--user-data-dir=" + dir.resolve("chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static Integer points(WebDriver b) {
        return Integer.parseInt(b.findElement(By.cssSelector("[data-app='gnc-sc1'] svg.chart")).getAttribute("data-points"));
    }

    private void screenshot(WebDriver browser, String name) throws IOException {
        byte[] png = ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(screenshots.resolve(name + ".png"), png);
    }

    private JsonObject get(String resource) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "api/" + resource)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    /** A GET with a Host header of our choosing (HttpClient will not send another than the URI's). */
    private String rawGet(String path, String host) throws IOException {
        URI u = URI.create(url);
        try (Socket s = new Socket(u.getHost(), u.getPort())) {
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + u.getPort() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertNotEquals("", response);
            assertFalse(response.isBlank());
            return response;
        }
    }
}
