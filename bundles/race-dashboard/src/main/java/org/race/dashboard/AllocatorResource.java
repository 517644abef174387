package org.race.dashboard;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.race.api.Engine;

/** GET /race/api/allocator: the installed allocators and the default, as race:allocators. */
@Component(service = Resource.class)
public class AllocatorResource implements Resource {
    @Reference
    Engine engine;

    @Override
    public String name() {
        return "allocator";
    }

    @Override
    public Object answer(Call call) throws Refused {
        call.onlyGet();
        return Views.allocator(engine);
    }
}
