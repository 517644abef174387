package org.race.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Issue 17 item 9: a non-JSON body answered with Gson's hints for programmers, and an empty name chose auto. */
class ControllerResourceTest {
    private static String refusal(String body) {
        Refused r = assertThrows(Refused.class, () -> ControllerResource.controllerName(body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(400, r.status);
        return r.getMessage();
    }

    @Test
    void theNameOrAPlainRefusal() throws Exception {
        assertEquals("fmuf", ControllerResource.controllerName("{\"controller\": \" fmuf \"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("the body is not JSON; expected {\"controller\": \"<name>\" | \"auto\"}", refusal("{\"controller\": }"));
        assertEquals("the body is not JSON; expected {\"controller\": \"<name>\" | \"auto\"}", refusal("{\"controller\" \"fmuf\"} x"));
        assertEquals("expected {\"controller\": \"<name>\" | \"auto\"}", refusal("fmuf"));
        assertEquals("the controller name is empty; expected {\"controller\": \"<name>\" | \"auto\"}", refusal("{\"controller\": \"\"}"));
    }
}
