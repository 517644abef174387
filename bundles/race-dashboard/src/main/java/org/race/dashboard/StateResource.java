package org.race.dashboard;

import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.race.api.AdaptationLoop;
import org.race.api.CentralMonitor;
import org.race.api.Clock;
import org.race.api.Engine;
import org.race.api.RoleProperties;
import org.race.api.monitoring.SystemSnapshot;

/**
 * GET /race/api/state[?since=MS&amp;events=SEQ]: everything the page shows, in one response, which it
 * polls: chart points after MS, events after entry SEQ.
 */
@Component(service = Resource.class)
public class StateResource implements Resource {
    @Reference
    Engine engine;

    @Reference
    Recorder recorder;

    @Reference
    NodesResource nodes;

    @Reference
    ApplicationsResource applications;

    @Reference
    DelaysResource delays;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile CentralMonitor monitor;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile AdaptationLoop loop;

    /** With its service properties: race.platform names the platform the figures come from. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile Map.Entry<Map<String, Object>, Clock> clock;

    @Override
    public String name() {
        return "state";
    }

    @Override
    public Object answer(Call call) throws Refused {
        call.onlyGet();
        long sinceMs = call.longParam("since", Long.MIN_VALUE), sinceEvent = call.longParam("events", 0);
        Map<String, Object> m = new LinkedHashMap<>();
        Map.Entry<Map<String, Object>, Clock> c = clock;
        m.put("platform", c == null ? null : c.getKey().get(RoleProperties.PLATFORM));
        CentralMonitor mon = monitor;
        m.put("timeMs", mon == null ? null : mon.latest().map(SystemSnapshot::timeMs).orElse(null));
        m.put("domain", engine.domain().map(d -> d.name()).orElse(null));
        m.put("nodes", nodes.nodes());
        m.put("applications", applications.applications(sinceMs));
        m.put("contracts", Views.contracts(engine.applications()));
        m.put("controller", Views.controller(loop));
        m.put("allocator", Views.allocator(engine));
        m.put("delays", delays.delays());
        m.put("events", recorder.events(sinceEvent));
        return m;
    }
}
