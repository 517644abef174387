package org.race.controller.handler_example;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.race.api.AttributeStore;
import org.race.api.QosEvents;
import org.race.api.model.AttributeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user's handler, as Dionisys has them: it acts for one application (service property
 * {@code race.application}, which is also what gives it the right to set that application's attributes),
 * subscribes to the application's {@code deadline_missed} events, and compensates in another resource:
 * end-to-end latency too high (it includes the network) raises the cpu priority of the component that
 * sends, by {@code step} per window with misses. The change goes through the attribute store, so the
 * guard may clamp or refuse it; a refusal is logged and the handler tries again next window.
 * <p>
 * PID {@code race.handler.example}: {@code race.application} and {@code event.topics} say whom it serves
 * (both must name the same application), {@code component} which component to raise (empty: all).
 */
@Component(configurationPid = "race.handler.example", property = { AttributeStore.APPLICATION + "=video",
        "event.topics=race/qos/video/" + QosEvents.DEADLINE_MISSED })
@Designate(ocd = PriorityCompensation.Config.class)
public class PriorityCompensation implements EventHandler {
    @ObjectClassDefinition(name = "RACE example handler: priority compensation")
    public @interface Config {
        @AttributeDefinition(name = "race.application", description = "The application this handler acts for")
        String race_application() default "video";

        @AttributeDefinition(description = "Component whose priority is raised; empty: every component")
        String component() default "sender";

        @AttributeDefinition(description = "Priority steps per window with misses")
        int step() default 10;
    }

    private static final Logger LOG = LoggerFactory.getLogger(PriorityCompensation.class);

    @Reference
    AttributeStore store;

    private volatile Config config;

    @Activate
    @Modified
    void configure(Config c) {
        config = c;
    }

    @Override
    public void handleEvent(Event event) {
        Config c = config;
        String app = String.valueOf(event.getProperty(QosEvents.APPLICATION));
        if (!app.equals(c.race_application())) return; // a topic token may stand for more than one name
        String attribute = c.component().isEmpty() ? "priority" : c.component() + ".priority";
        double now = store.get(app, attribute).orElse(0.0);
        try {
            double set = store.set(app, attribute, now + c.step());
            LOG.info("{} missed {} deadlines (max latency {} ms): {} {} -> {}", app, event.getProperty(QosEvents.MISSED),
                    event.getProperty(QosEvents.MAX_LATENCY), attribute, now, set);
        } catch (AttributeException e) {
            LOG.warn("{}: cannot compensate: {}", app, e.getMessage());
        }
    }
}
