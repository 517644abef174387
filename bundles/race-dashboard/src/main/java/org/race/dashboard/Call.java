package org.race.dashboard;

import java.io.IOException;
import java.io.InputStream;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** One request as a {@link Resource} sees it: method, the name after the resource, parameters, body and status. */
final class Call {
    /** A body larger than this is refused before it is read. */
    static final int MAX_BODY_BYTES = 1 << 20;

    private final HttpServletRequest req;
    private final HttpServletResponse resp;
    /** What follows /race/api/RESOURCE/, e.g. an application's name; null when nothing does. */
    final String name;

    Call(HttpServletRequest req, HttpServletResponse resp, String name) {
        this.req = req;
        this.resp = resp;
        this.name = name;
    }

    String method() {
        return req.getMethod();
    }

    boolean is(String method) {
        return req.getMethod().equals(method);
    }

    /** Refuses anything but GET and HEAD: for resources and forms that only read. */
    void onlyGet() throws Refused {
        if (!is("GET") && !is("HEAD")) throw new Refused(405, "method " + method() + " not allowed here");
    }

    String param(String name) {
        return req.getParameter(name);
    }

    long longParam(String name, long absent) throws Refused {
        String v = req.getParameter(name);
        if (v == null || v.isBlank()) return absent;
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new Refused(400, name + " must be a whole number, got '" + v + "'");
        }
    }

    /** The body, refused with 413 when over {@link #MAX_BODY_BYTES}, by its declared length or by what arrives. */
    byte[] body() throws Refused, IOException {
        String tooLarge = "descriptor larger than " + MAX_BODY_BYTES + " bytes";
        if (req.getContentLengthLong() > MAX_BODY_BYTES) throw new Refused(413, tooLarge);
        try (InputStream in = req.getInputStream()) {
            byte[] b = in.readNBytes(MAX_BODY_BYTES + 1);
            if (b.length > MAX_BODY_BYTES) throw new Refused(413, tooLarge);
            return b;
        }
    }

    void status(int status) {
        resp.setStatus(status);
    }
}
