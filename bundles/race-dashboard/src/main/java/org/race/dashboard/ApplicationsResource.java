package org.race.dashboard;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.race.api.CentralMonitor;
import org.race.api.Engine;
import org.race.api.analysis.AnalysisResult;
import org.race.api.model.DeploymentException;
import org.race.api.model.DeploymentPlan;
import org.race.api.monitoring.ApplicationQos;
import org.race.api.monitoring.ComponentSample;
import org.race.api.monitoring.SystemSnapshot;

/**
 * /race/api/applications: GET lists the deployed applications (chart points after {@code ?since=MS}), each
 * with its worst-case bound at the periods in force beside the measured QoS; GET applications/NAME shows one,
 * POST deploys an upload ({@link Uploads}), DELETE applications/NAME undeploys, through the same Engine calls
 * as race:deploy and race:undeploy.
 */
@Component(service = { Resource.class, ApplicationsResource.class })
public class ApplicationsResource implements Resource {
    @Reference
    Engine engine;

    @Reference
    Recorder recorder;

    @Reference
    Uploads uploads;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile CentralMonitor monitor;

    @Override
    public String name() {
        return "applications";
    }

    @Override
    public Object answer(Call call) throws Refused, IOException {
        if (call.is("POST") && call.name == null) {
            call.status(201);
            DeploymentPlan deployed = uploads.deploy(call);
            Optional<SystemSnapshot> s = latest();
            return application(deployed, s, engine.bounds(), Long.MIN_VALUE, measured(s, deployed.name()).getOrDefault(deployed.name(), Map.of()));
        }
        if (call.is("DELETE") && call.name != null) return undeploy(call.name);
        call.onlyGet();
        long since = call.longParam("since", Long.MIN_VALUE);
        if (call.name == null) return Map.of("applications", applications(since));
        DeploymentPlan p = engine.application(call.name).orElseThrow(() -> new Refused(404, "no application '" + call.name + "' is deployed"));
        Optional<SystemSnapshot> s = latest();
        return application(p, s, engine.bounds(), since, measured(s, p.name()).getOrDefault(p.name(), Map.of()));
    }

    List<Map<String, Object>> applications(long sinceMs) {
        Optional<SystemSnapshot> s = latest();
        Optional<AnalysisResult> bounds = engine.bounds();
        Map<String, Map<String, ComponentSample>> measured = measured(s, null);
        List<Map<String, Object>> out = new ArrayList<>();
        for (DeploymentPlan p : engine.applications()) out.add(application(p, s, bounds, sinceMs, measured.getOrDefault(p.name(), Map.of())));
        return out;
    }

    private Map<String, Object> application(DeploymentPlan p, Optional<SystemSnapshot> s, Optional<AnalysisResult> bounds, long sinceMs,
            Map<String, ComponentSample> measured) {
        ApplicationQos q = s.map(x -> x.applications().get(p.name())).orElse(null);
        return Views.application(p, q, bounds.flatMap(r -> r.application(p.name())).orElse(null), recorder.points(p.name(), sinceMs), measured,
                engine.executionTimes(p.name()));
    }

    /** The snapshot's component samples by application and component ({@code only} not null: that application's), in one pass. */
    static Map<String, Map<String, ComponentSample>> measured(Optional<SystemSnapshot> s, String only) {
        Map<String, Map<String, ComponentSample>> out = new HashMap<>();
        s.ifPresent(x -> x.nodes().forEach(n -> n.components().forEach(c -> {
            if (only == null || only.equals(c.application())) out.computeIfAbsent(c.application(), a -> new HashMap<>()).put(c.component(), c);
        })));
        return out;
    }

    private Map<String, Object> undeploy(String name) throws Refused {
        try {
            engine.undeploy(name);
        } catch (DeploymentException e) {
            throw new Refused(400, e.step(), e.getMessage());
        }
        return Map.of("undeployed", name);
    }

    private Optional<SystemSnapshot> latest() {
        CentralMonitor m = monitor;
        return m == null ? Optional.empty() : m.latest();
    }
}
