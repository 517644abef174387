package org.race.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.race.api.component.ComponentType;

/** race:types' lines: name first, then bundle and version; a second service of one name is shadowed. */
class TypesCommandTest {
    private static Bundle bundle(String name, String version) {
        return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] { Bundle.class }, (p, m, a) -> switch (m.getName()) {
            case "getSymbolicName" -> name;
            case "getVersion" -> Version.parseVersion(version);
            default -> throw new UnsupportedOperationException(m.getName());
        });
    }

    @SuppressWarnings("unchecked")
    private static ServiceReference<ComponentType> ref(String type, long id, Bundle b) {
        Map<String, Object> props = Map.of(ComponentType.TYPE, type, "service.id", id);
        return (ServiceReference<ComponentType>) Proxy.newProxyInstance(ServiceReference.class.getClassLoader(), new Class<?>[] { ServiceReference.class },
                (p, m, a) -> switch (m.getName()) {
                    case "getProperty" -> props.get(a[0]);
                    case "getBundle" -> b;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    void oneLineATypeNameFirst() {
        Bundle echo1 = bundle("race-example-echo-component", "0.1.0.SNAPSHOT"), echo2 = bundle("my-echo", "2.0.0"), mms = bundle("mms-components", "1.2.3");
        assertEquals("""
                echo  race-example-echo-component 0.1.0.SNAPSHOT
                echo  my-echo 2.0.0  (shadowed)
                plasma-filter  mms-components 1.2.3
                """, TypesCommand.lines(List.of(ref("plasma-filter", 9, mms), ref("echo", 12, echo2), ref("echo", 4, echo1))));
        assertEquals("no component types installed (drop a component bundle into deploy/)\n", TypesCommand.lines(List.of()));
    }
}
