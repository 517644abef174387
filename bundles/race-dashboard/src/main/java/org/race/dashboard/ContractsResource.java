package org.race.dashboard;

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.race.api.Engine;

/** GET /race/api/contracts: the deployed applications' QoS contracts, see {@link Views#contract}. */
@Component(service = Resource.class)
public class ContractsResource implements Resource {
    @Reference
    Engine engine;

    @Override
    public String name() {
        return "contracts";
    }

    @Override
    public Object answer(Call call) throws Refused {
        call.onlyGet();
        return Map.of("contracts", Views.contracts(engine.applications()));
    }
}
