package org.race.dashboard;

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** GET /race/api/events[?since=SEQ]: the event log after entry SEQ, see {@link Recorder}. */
@Component(service = Resource.class)
public class EventsResource implements Resource {
    @Reference
    Recorder recorder;

    @Override
    public String name() {
        return "events";
    }

    @Override
    public Object answer(Call call) throws Refused {
        call.onlyGet();
        return Map.of("events", recorder.events(call.longParam("since", 0)));
    }
}
