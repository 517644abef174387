package org.race.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;

/** The dashboard's static page, script and style, from the bundle's {@code static/} folder, under {@code /race/}. */
@Component(service = Servlet.class, property = { "osgi.http.whiteboard.servlet.pattern=/race/*",
        "osgi.http.whiteboard.servlet.name=race-dashboard-pages" })
public class Pages extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*\\.(html|js|css|svg)");
    private static final Map<String, String> TYPES = Map.of("html", "text/html", "js", "text/javascript", "css", "text/css", "svg",
            "image/svg+xml");

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo();
        if (path == null) {
            resp.sendRedirect(req.getContextPath() + req.getServletPath() + "/");
            return;
        }
        String name = path.equals("/") ? "index.html" : path.substring(1);
        if (!NAME.matcher(name).matches()) {
            resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        try (InputStream in = Pages.class.getResourceAsStream("/static/" + name)) {
            if (in == null) {
                resp.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            resp.setContentType(TYPES.get(name.substring(name.lastIndexOf('.') + 1)));
            resp.setCharacterEncoding("UTF-8");
            resp.setHeader("Cache-Control", "no-cache");
            try (OutputStream out = resp.getOutputStream()) {
                in.transferTo(out);
            }
        }
    }
}
