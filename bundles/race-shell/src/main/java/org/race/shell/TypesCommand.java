package org.race.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.race.api.component.ComponentType;
import org.race.text.Arguments;
import org.race.text.CommandLine;

/** {@code race:types}: the component types installed now, which descriptors may name. */
@Component(service = TypesCommand.class, property = { "osgi.command.scope=race", "osgi.command.function=types" })
public class TypesCommand {
    static final String USAGE = "race:types\n"
            + "  Lists the component types installed now, one a line: the name a descriptor's component gives as its\n"
            + "  \"type\", then the bundle that registers it (symbolic name and version). A bundle dropped into deploy/\n"
            + "  adds its types; a deployment naming a type not listed here is refused. When two bundles register one\n"
            + "  name, the first registered is used and the other is marked (shadowed).";

    private static final CommandLine LINE = new CommandLine("race:types", USAGE);

    @Reference(service = ComponentType.class, cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile List<ServiceReference<ComponentType>> types = List.of();

    @Descriptor("list the installed component types")
    public void types(String... args) {
        Arguments typed = LINE.parse(args);
        if (typed.help()) {
            System.out.println(USAGE);
            return;
        }
        if (!typed.positional(0, Integer.MAX_VALUE).isEmpty()) throw LINE.error("takes no arguments");
        System.out.print(lines(types));
    }

    /** One line per type service, by name, then in the order they were registered (service.id). */
    static String lines(List<ServiceReference<ComponentType>> refs) {
        Map<String, List<ServiceReference<ComponentType>>> byName = new TreeMap<>();
        for (ServiceReference<ComponentType> r : refs) {
            Object name = r.getProperty(ComponentType.TYPE);
            byName.computeIfAbsent(name instanceof String s ? s : "(no " + ComponentType.TYPE + ")", n -> new ArrayList<>()).add(r);
        }
        if (byName.isEmpty()) return "no component types installed (drop a component bundle into deploy/)\n";
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, List<ServiceReference<ComponentType>>> e : byName.entrySet()) {
            List<ServiceReference<ComponentType>> l = new ArrayList<>(e.getValue());
            l.sort((a, b) -> Long.compare(id(a), id(b)));
            for (int i = 0; i < l.size(); i++) {
                Bundle b = l.get(i).getBundle();
                out.append(e.getKey()).append("  ").append(b == null ? "(unregistered)" : b.getSymbolicName() + " " + b.getVersion())
                        .append(i > 0 ? "  (shadowed)" : "").append('\n');
            }
        }
        return out.toString();
    }

    private static long id(ServiceReference<?> r) {
        return r.getProperty("service.id") instanceof Long id ? id : Long.MAX_VALUE;
    }
}
