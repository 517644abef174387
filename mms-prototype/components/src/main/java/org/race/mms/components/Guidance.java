package org.race.mms.components;

import org.osgi.service.component.annotations.Component;
import org.race.api.component.ComponentContext;
import org.race.api.component.ComponentInstance;
import org.race.api.component.ComponentType;

/**
 * Type {@code mms-guidance}: the wanted state is the spin axis still (x and y at 0) and the spin at
 * {@code spinRpm} (default 3); emits the estimate's error against it.
 */
@Component(property = ComponentType.TYPE + "=mms-guidance")
public class Guidance implements ComponentType {
    @Override
    public ComponentInstance activate(ComponentContext ctx) {
        double spin = new Settings(ctx.properties()).number("spinRpm", 3, 0, 600) * 2 * Math.PI / 60;
        return job -> {
            Gnc.Estimate e = Gnc.ESTIMATES.decode(Inputs.first(ctx, job));
            double[] angle = { -e.angles()[0], -e.angles()[1], 0 }, rate = { -e.rates()[0], -e.rates()[1], spin - e.rates()[2] };
            job.emitAll(Gnc.DEVIATIONS.encode(new Gnc.Deviation(e.iteration(), e.dt(), angle, rate)));
        };
    }
}
