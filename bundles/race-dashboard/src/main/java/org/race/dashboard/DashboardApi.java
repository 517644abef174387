package org.race.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.race.api.DescriptorReader;
import org.race.api.AdaptationLoop;
import org.race.api.CentralEffector;
import org.race.api.CentralMonitor;
import org.race.api.Clock;
import org.race.api.Engine;
import org.race.api.NodeManager;
import org.race.api.RoleProperties;
import org.race.api.model.Application;
import org.race.api.model.DeploymentException;
import org.race.api.model.DeploymentPlan;
import org.race.api.monitoring.ApplicationQos;
import org.race.api.monitoring.SystemSnapshot;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * The dashboard's JSON API under {@code /race/api}: nodes, applications (deploy by upload, undeploy),
 * contracts, events, controller (choose), allocator, delays, and {@code state}, all of them at once,
 * which the page polls. Deploying and choosing go through the same Engine and AdaptationLoop calls as
 * race:deploy and race:controller, so they accept and refuse the same input with the same messages.
 * Requests that change something must be same-origin JSON, and while the server is bound to loopback
 * only Host names that are loopback or address literals are served, so that neither another web site
 * nor one that rebinds its name to 127.0.0.1 can drive RACE through the user's browser.
 */
@Component(service = Servlet.class, property = { "osgi.http.whiteboard.servlet.pattern=/race/api/*",
        "osgi.http.whiteboard.servlet.name=race-dashboard-api" })
public class DashboardApi extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** A descriptor larger than this is refused before it is read. */
    static final int MAX_DESCRIPTOR_BYTES = 1 << 20;
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,99}");
    private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    @Reference
    transient Engine engine;

    @Reference
    transient DescriptorReader descriptors;

    @Reference
    transient Recorder recorder;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    transient volatile CentralMonitor monitor;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    transient volatile CentralEffector effector;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    transient volatile AdaptationLoop loop;

    /** With its service properties: race.platform names the platform the figures come from. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    transient volatile Map.Entry<Map<String, Object>, Clock> clock;

    /** Only their properties: a NodeManager imported from another container is a remote node. */
    @Reference(service = NodeManager.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    transient volatile List<ServiceReference<NodeManager>> nodeManagers;

    /** For EUCON's configured cpu set point (PID race.controller.eucon, setPoint), when there is one. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    transient volatile ConfigurationAdmin configAdmin;

    /** A request the API refuses, with the HTTP status and the message shown to the user. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final String step;

        Refused(int status, String message) {
            this(status, null, message);
        }

        Refused(int status, String step, String message) {
            super(message);
            this.status = status;
            this.step = step;
        }
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setCharacterEncoding("UTF-8");
        resp.setContentType("application/json");
        resp.setHeader("Cache-Control", "no-store");
        try {
            checkOrigin(req);
            Object body = route(req, resp);
            resp.getWriter().write(GSON.toJson(body));
        } catch (Refused r) {
            resp.setStatus(r.status);
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("error", r.getMessage());
            if (r.step != null) error.put("step", r.step);
            resp.getWriter().write(GSON.toJson(error));
        }
    }

    private Object route(HttpServletRequest req, HttpServletResponse resp) throws Refused, IOException {
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        String method = req.getMethod();
        String[] parts = path.substring(1).split("/", 2);
        String resource = parts[0], name = parts.length > 1 ? parts[1] : null;
        switch (resource) {
            case "state" -> {
                get(method);
                return state(longParam(req, "since", Long.MIN_VALUE), longParam(req, "events", 0));
            }
            case "nodes" -> {
                get(method);
                return Map.of("nodes", nodes());
            }
            case "applications" -> {
                if (method.equals("POST") && name == null) {
                    resp.setStatus(HttpServletResponse.SC_CREATED);
                    return deploy(req);
                }
                if (method.equals("DELETE") && name != null) return undeploy(name);
                get(method);
                long since = longParam(req, "since", Long.MIN_VALUE);
                if (name == null) return Map.of("applications", applications(since));
                DeploymentPlan p = engine.application(name).orElseThrow(() -> new Refused(404, "no application '" + name + "' is deployed"));
                return application(p, latest(), since);
            }
            case "contracts" -> {
                get(method);
                return Map.of("contracts", Views.contracts(engine.applications()));
            }
            case "events" -> {
                get(method);
                return Map.of("events", recorder.events(longParam(req, "since", 0)));
            }
            case "controller" -> {
                if (method.equals("POST") || method.equals("PUT")) return choose(req);
                get(method);
                return Views.controller(loop);
            }
            case "allocator" -> {
                get(method);
                return Views.allocator(engine);
            }
            case "delays" -> {
                get(method);
                return delays();
            }
            default -> throw new Refused(404, "no such resource: /race/api" + path
                    + " (nodes, applications, contracts, events, controller, allocator, delays, state)");
        }
    }

    /** Everything the page shows, in one response: points after {@code sinceMs}, events after {@code sinceEvent}. */
    private Map<String, Object> state(long sinceMs, long sinceEvent) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map.Entry<Map<String, Object>, Clock> c = clock;
        m.put("platform", c == null ? null : c.getKey().get(RoleProperties.PLATFORM));
        Optional<SystemSnapshot> s = latest();
        m.put("timeMs", s.map(SystemSnapshot::timeMs).orElse(null));
        m.put("domain", engine.domain().map(d -> d.name()).orElse(null));
        m.put("nodes", nodes());
        m.put("applications", applications(sinceMs));
        m.put("contracts", Views.contracts(engine.applications()));
        m.put("controller", Views.controller(loop));
        m.put("allocator", Views.allocator(engine));
        m.put("delays", delays());
        m.put("events", recorder.events(sinceEvent));
        return m;
    }

    private List<Map<String, Object>> nodes() {
        Set<String> remote = new HashSet<>();
        for (ServiceReference<NodeManager> r : nodeManagers) {
            if (r.getProperty("service.imported") != null) remote.add(String.valueOf(r.getProperty(RoleProperties.NODE)));
        }
        return Views.nodes(engine.nodes(), latest(), remote, recorder.seenUp(), engine.applications(), configuredCpuSetPoint());
    }

    private List<Map<String, Object>> applications(long sinceMs) {
        Optional<SystemSnapshot> s = latest();
        List<Map<String, Object>> out = new ArrayList<>();
        for (DeploymentPlan p : engine.applications()) out.add(application(p, s, sinceMs));
        return out;
    }

    private Map<String, Object> application(DeploymentPlan p, Optional<SystemSnapshot> s, long sinceMs) {
        ApplicationQos q = s.map(x -> x.applications().get(p.name())).orElse(null);
        return Views.application(p, q, recorder.points(p.name(), sinceMs));
    }

    private Map<String, Object> delays() {
        CentralMonitor m = monitor;
        CentralEffector e = effector;
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("monitoring", m == null ? null : Views.delays(m.delays()));
        d.put("actuation", e == null ? null : Views.delays(e.delays()));
        return d;
    }

    private Optional<SystemSnapshot> latest() {
        CentralMonitor m = monitor;
        return m == null ? Optional.empty() : m.latest();
    }

    /** EUCON's fixed cpu set point when one is configured, else 0 (the RMS bound of each node's components). */
    private double configuredCpuSetPoint() {
        ConfigurationAdmin ca = configAdmin;
        if (ca == null) return 0;
        try {
            Configuration[] cs = ca.listConfigurations("(service.pid=race.controller.eucon)");
            if (cs == null || cs[0].getProperties() == null) return 0;
            Dictionary<String, Object> props = cs[0].getProperties();
            Object v = props.get("setPoint");
            return v == null ? 0 : Double.parseDouble(v.toString().trim());
        } catch (IOException | org.osgi.framework.InvalidSyntaxException | NumberFormatException e) {
            return 0;
        }
    }

    /**
     * POST /race/api/applications?file=NAME[&allocator=A] with the descriptor as body: read by the input
     * adapters under the user's file name (so messages name it), then deployed like race:deploy does.
     */
    private Map<String, Object> deploy(HttpServletRequest req) throws Refused, IOException {
        String file = Optional.ofNullable(req.getParameter("file")).orElse("descriptor.json").trim();
        if (!FILE_NAME.matcher(file).matches()) {
            throw new Refused(400, "file name '" + file + "' must be letters, digits, '.', '_' and '-' (a name, not a path)");
        }
        String allocator = Optional.ofNullable(req.getParameter("allocator")).map(String::trim).filter(a -> !a.isEmpty()).orElse(null);
        byte[] body = readBody(req);
        try {
            Application app = descriptors.readApplication(file, new java.io.InputStreamReader(new java.io.ByteArrayInputStream(body),
                    java.nio.charset.StandardCharsets.UTF_8), engine.domain().orElse(null));
            DeploymentPlan plan = engine.deploy(app, allocator);
            return application(plan, latest(), Long.MIN_VALUE);
        } catch (DeploymentException e) {
            throw new Refused(400, e.step(), e.getMessage());
        }
    }

    private static byte[] readBody(HttpServletRequest req) throws Refused, IOException {
        if (req.getContentLengthLong() > MAX_DESCRIPTOR_BYTES) throw new Refused(413, "descriptor larger than " + MAX_DESCRIPTOR_BYTES + " bytes");
        try (InputStream in = req.getInputStream()) {
            byte[] b = in.readNBytes(MAX_DESCRIPTOR_BYTES + 1);
            if (b.length > MAX_DESCRIPTOR_BYTES) throw new Refused(413, "descriptor larger than " + MAX_DESCRIPTOR_BYTES + " bytes");
            return b;
        }
    }

    private Map<String, Object> undeploy(String name) throws Refused {
        try {
            engine.undeploy(name);
        } catch (DeploymentException e) {
            throw new Refused(400, e.step(), e.getMessage());
        }
        return Map.of("undeployed", name);
    }

    /** POST /race/api/controller with {@code {"controller": "fmuf"}} or {@code "auto"}: as race:controller NAME. */
    private Map<String, Object> choose(HttpServletRequest req) throws Refused, IOException {
        AdaptationLoop l = loop;
        if (l == null) throw new Refused(503, "the control loop is not running");
        String name;
        try {
            JsonElement e = JsonParser.parseString(new String(readBody(req), StandardCharsets.UTF_8));
            JsonElement c = e.isJsonObject() ? e.getAsJsonObject().get("controller") : null;
            if (c == null || !c.isJsonPrimitive()) throw new Refused(400, "expected {\"controller\": \"<name>\" | \"auto\"}");
            name = c.getAsString().trim();
        } catch (JsonParseException | IllegalStateException e) {
            throw new Refused(400, "expected {\"controller\": \"<name>\" | \"auto\"}: " + e.getMessage());
        }
        try {
            l.choose(name);
        } catch (IllegalArgumentException e) {
            throw new Refused(400, e.getMessage());
        } catch (IllegalStateException e) {
            throw new Refused(503, e.getMessage());
        }
        return Views.controller(l);
    }

    private static void get(String method) throws Refused {
        if (!method.equals("GET") && !method.equals("HEAD")) throw new Refused(405, "method " + method + " not allowed here");
    }

    private static long longParam(HttpServletRequest req, String name, long absent) throws Refused {
        String v = req.getParameter(name);
        if (v == null || v.isBlank()) return absent;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new Refused(400, name + " must be a whole number, got '" + v + "'");
        }
    }

    /** See the class comment: same-origin JSON for changes; loopback or literal Host names while bound to loopback. */
    static void checkOrigin(HttpServletRequest req) throws Refused {
        String host = req.getHeader("Host");
        if (Hosts.loopback(req.getLocalAddr()) && !Hosts.loopbackOrLiteral(host)) {
            throw new Refused(403, "Host '" + host + "' refused: use http://127.0.0.1:" + req.getLocalPort() + "/race/");
        }
        if (req.getMethod().equals("GET") || req.getMethod().equals("HEAD")) return;
        String origin = req.getHeader("Origin");
        if (origin != null && !origin.equals("http://" + host) && !origin.equals("https://" + host)) {
            throw new Refused(403, "cross-origin request from " + origin + " refused");
        }
        String type = req.getContentType();
        if (req.getMethod().equals("POST") && (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json"))) {
            throw new Refused(415, "send the body as application/json");
        }
    }
}
