package org.race.dashboard;

import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.race.api.CentralEffector;
import org.race.api.CentralMonitor;

/** GET /race/api/delays: monitoring and actuation delays, the paper's two scalability figures; null for a role not installed. */
@Component(service = { Resource.class, DelaysResource.class })
public class DelaysResource implements Resource {
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile CentralMonitor monitor;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile CentralEffector effector;

    @Override
    public String name() {
        return "delays";
    }

    @Override
    public Object answer(Call call) throws Refused {
        call.onlyGet();
        return delays();
    }

    Map<String, Object> delays() {
        CentralMonitor m = monitor;
        CentralEffector e = effector;
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("monitoring", m == null ? null : Views.delays(m.delays()));
        d.put("actuation", e == null ? null : Views.delays(e.delays()));
        return d;
    }
}
