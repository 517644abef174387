package org.race.configurator.network;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Component;
import org.race.api.Configurator;
import org.race.api.RoleProperties;
import org.race.api.model.ComponentSettings;
import org.race.api.model.Connection;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Importance;
import org.race.api.model.PlanSet;

/**
 * A DiffServ code point for the connections of an application, from its importance (RFC 4594
 * service classes): high → EF (46, expedited forwarding: low loss, low latency, for the
 * mission-critical GNC traffic); medium → AF41 (34, assured forwarding class 4); low → AF21 (18,
 * class 2); a component that sends nothing → best effort (0). The code point is set on the
 * sending component, which marks its outgoing packets.
 */
@Component(service = Configurator.class, property = RoleProperties.NAME + "=network")
public class NetworkConfigurator implements Configurator {
    static String dscp(Importance importance) {
        return switch (importance) {
            case HIGH -> "EF";
            case MEDIUM -> "AF41";
            case LOW -> "AF21";
        };
    }

    @Override
    public PlanSet configure(PlanSet plans) {
        DeploymentPlan p = plans.candidate();
        Set<String> senders = new HashSet<>();
        for (Connection k : p.application().connections()) senders.add(k.from());
        Map<String, ComponentSettings> settings = new HashMap<>();
        for (var c : p.application().components()) {
            String code = senders.contains(c.name()) ? dscp(p.application().importance()) : "BE";
            settings.put(c.name(), p.settingsOf(c.name()).withDscp(code));
        }
        // one copy of the plan for all components: one per component is quadratic in the application's size
        return new PlanSet(p.withSettings(settings), plans.deployed());
    }
}
