package org.race.allocator.binpack;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.race.api.Allocator;
import org.race.api.RoleProperties;
import org.race.api.analysis.SchedulabilityView;
import org.race.api.model.AllocationException;
import org.race.api.model.Application;
import org.race.api.model.NodeState;
import org.race.api.model.Placement;

/** The {@code binpack} allocator: first, best or worst fit decreasing by one resource, from configuration. */
@Component(service = Allocator.class, property = RoleProperties.NAME + "=binpack", configurationPid = "race.allocator.binpack")
@Designate(ocd = BinPackingAllocator.Config.class)
public class BinPackingAllocator implements Allocator {
    @ObjectClassDefinition(name = "RACE bin packing allocator")
    public @interface Config {
        @AttributeDefinition(description = "ffd, bfd or wfd")
        String strategy() default "ffd";

        @AttributeDefinition(description = "The resource components are sorted and bins chosen by: cpu, memory or bandwidth")
        String resource() default "cpu";
    }

    private volatile BinPacking packing;

    @Activate
    @Modified
    void configure(Config config) {
        packing = new BinPacking(BinPacking.strategy(config.strategy()), config.resource(), "binpack");
    }

    @Override
    public Placement allocate(Application app, List<NodeState> nodes) throws AllocationException {
        return packing.allocate(app, nodes);
    }

    @Override
    public Placement allocate(Application app, List<NodeState> nodes, SchedulabilityView view) throws AllocationException {
        return packing.allocate(app, nodes, view);
    }
}
