package org.race.controller.eucon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.race.api.Engine;
import org.race.api.model.AdaptationDecision;
import org.race.api.model.Domain;
import org.race.api.model.Node;
import org.race.api.model.Resources;
import org.race.api.monitoring.SystemSnapshot;

/** The DS component: configuration as DS hands it over, and node capacities from the engine's domain. */
class EuconControllerTest {
    /** A Config with the metatype defaults except {@code overrides}, as SCR builds it from a configuration. */
    static EuconController.Config config(Map<String, Object> overrides) {
        return (EuconController.Config) Proxy.newProxyInstance(EuconControllerTest.class.getClassLoader(),
                new Class<?>[] { EuconController.Config.class },
                (proxy, method, args) -> overrides.getOrDefault(method.getName(), method.getDefaultValue()));
    }

    static Engine engineWithDomain(Domain domain) {
        return (Engine) Proxy.newProxyInstance(EuconControllerTest.class.getClassLoader(), new Class<?>[] { Engine.class },
                (proxy, method, args) -> {
                    if (method.getName().equals("domain")) return Optional.of(domain);
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static final SystemSnapshot SMALL_NOW = Workloads.snapshot(1000, List.of(), "n1", 0.91, "n2", 0.836);

    @Test
    void theDefaultsAreEuconsDefaults() {
        EuconController c = new EuconController();
        c.configure(config(Map.of()));
        assertEquals(new Eucon(Settings.DEFAULTS).decide(SMALL_NOW, Workloads.small(), n -> 1), c.decide(SMALL_NOW, Workloads.small()));
    }

    @Test
    void anInvalidConfigurationKeepsThePreviousSettings() {
        EuconController c = new EuconController();
        c.configure(config(Map.of("setPoint", 0.7)));
        c.configure(config(Map.of("controlHorizon", 3)));
        c.configure(config(Map.of("hold", "nothing")));
        AdaptationDecision d = c.decide(SMALL_NOW, Workloads.small());
        assertTrue(d.reason().contains("n1 91.0% / 70.0%"), d.reason());
    }

    /** With the domain known, F divides execution times by the node's cpu capacity (n2 twice as fast here). */
    @Test
    void nodeCapacitiesComeFromTheEnginesDomain() {
        Domain domain = new Domain("d", List.of(new Node("n1", new Resources(1, 512, 10)), new Node("n2", new Resources(2, 512, 10))), 1);
        EuconController c = new EuconController();
        c.configure(config(Map.of()));
        c.engine = engineWithDomain(domain);
        AdaptationDecision withDomain = c.decide(SMALL_NOW, Workloads.small());
        AdaptationDecision expected = new Eucon(Settings.DEFAULTS).decide(SMALL_NOW, Workloads.small(), n -> n.equals("n2") ? 2 : 1);
        assertEquals(expected, withDomain);
        c.engine = null;
        assertNotEquals(withDomain, c.decide(SMALL_NOW, Workloads.small()), "without a domain every capacity is 1");
    }
}
