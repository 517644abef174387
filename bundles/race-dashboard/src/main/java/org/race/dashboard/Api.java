package org.race.dashboard;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/**
 * The dashboard's JSON API under {@code /race/api}: checks every request, hands it to the
 * {@link Resource} its first path segment names, and writes the answer or the refusal as JSON.
 * Requests that change something must be same-origin JSON, and while the server is bound to loopback
 * only Host names that are loopback or address literals are served, so that neither another web site
 * nor one that rebinds its name to 127.0.0.1 can drive RACE through the user's browser.
 *
 * <p>Not the OSGi JAX-RS Whiteboard: Aries JAX-RS Whiteboard 2.0.2 runs on this container only with 22
 * more bundles (CXF 3.5, JAXB, JAX-WS APIs; +8.7 MB, about +1 s of start-up CPU) and a JVM-wide
 * switch off of the JDK's zip checks, for eight small resources.
 */
@Component(service = Servlet.class, property = { "osgi.http.whiteboard.servlet.pattern=/race/api/*",
        "osgi.http.whiteboard.servlet.name=race-dashboard-api",
        // served only once every resource of this bundle is there, not with a part of them while DS starts them
        "resources.cardinality.minimum=" + Api.RESOURCES })
public class Api extends HttpServlet {
    private static final long serialVersionUID = 1L;
    static final int RESOURCES = 8;
    private static final String NAMES = "nodes, applications, contracts, events, controller, allocator, delays, state";
    private static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().create();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policyOption = ReferencePolicyOption.GREEDY)
    transient List<Resource> resources;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setCharacterEncoding("UTF-8");
        resp.setContentType("application/json");
        resp.setHeader("Cache-Control", "no-store");
        try {
            checkOrigin(req);
            String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
            String[] parts = path.substring(1).split("/", 2);
            Resource r = resources.stream().filter(x -> x.name().equals(parts[0])).findFirst()
                    .orElseThrow(() -> new Refused(404, "no such resource: /race/api" + path + " (" + NAMES + ")"));
            Object body = r.answer(new Call(req, resp, parts.length > 1 ? parts[1] : null));
            resp.getWriter().write(GSON.toJson(body));
        } catch (Refused r) {
            resp.setStatus(r.status);
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("error", r.getMessage());
            if (r.step != null) error.put("step", r.step);
            resp.getWriter().write(GSON.toJson(error));
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
        if (req.getMethod().equals("POST") && (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json"))) {
            throw new Refused(415, "send the body as application/json");
        }
    }
}
