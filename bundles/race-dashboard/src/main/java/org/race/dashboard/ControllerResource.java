package org.race.dashboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.race.api.AdaptationLoop;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

/**
 * GET /race/api/controller: installed, active and chosen controller and the last decision, as
 * race:controller shows them; POST or PUT with {@code {"controller": "fmuf"}} or {@code "auto"}
 * chooses, through the same AdaptationLoop call as race:controller NAME, so the same names are refused
 * with the same messages.
 */
@Component(service = Resource.class)
public class ControllerResource implements Resource {
    private static final String EXPECTED = "expected {\"controller\": \"<name>\" | \"auto\"}";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile AdaptationLoop loop;

    @Override
    public String name() {
        return "controller";
    }

    @Override
    public Object answer(Call call) throws Refused, IOException {
        if (call.is("POST") || call.is("PUT")) return choose(call);
        call.onlyGet();
        return Views.controller(loop);
    }

    private Object choose(Call call) throws Refused, IOException {
        AdaptationLoop l = loop;
        if (l == null) throw new Refused(503, "the control loop is not running");
        String name = controllerName(call.body());
        try {
            l.choose(name);
        } catch (IllegalArgumentException e) {
            throw new Refused(400, e.getMessage());
        } catch (IllegalStateException e) {
            throw new Refused(503, e.getMessage());
        }
        return Views.controller(l);
    }

    /** The name a body asks for, refused (400) unless it is {"controller": "<name>"} with a name. */
    static String controllerName(byte[] body) throws Refused {
        String name;
        try {
            JsonElement e = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
            JsonElement c = e.isJsonObject() ? e.getAsJsonObject().get("controller") : null;
            if (c == null || !c.isJsonPrimitive()) throw new Refused(400, EXPECTED);
            name = c.getAsString().trim();
        } catch (JsonParseException | IllegalStateException e) {
            // Gson's message is for programmers (setStrictness, a troubleshooting URL): the expected body says it all
            throw new Refused(400, "the body is not JSON; " + EXPECTED);
        }
        // the loop takes an empty name for auto: a name lost on the way must not silently become that
        if (name.isEmpty()) throw new Refused(400, "the controller name is empty; " + EXPECTED);
        return name;
    }
}
