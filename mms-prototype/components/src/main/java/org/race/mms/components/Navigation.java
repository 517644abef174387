package org.race.mms.components;

import org.osgi.service.component.annotations.Component;
import org.race.api.component.ComponentContext;
import org.race.api.component.ComponentInstance;
import org.race.api.component.ComponentType;

/**
 * Type {@code mms-navigation}: a complementary filter: the estimate is propagated by the gyro rates
 * and pulled towards the star tracker by {@code starGain} (default 0.05) of the difference each job.
 * The estimate is the instance's state, from one iteration to the next (they come in order).
 */
@Component(property = ComponentType.TYPE + "=mms-navigation")
public class Navigation implements ComponentType {
    @Override
    public ComponentInstance activate(ComponentContext ctx) {
        double gain = new Settings(ctx.properties()).number("starGain", 0.05, 0, 1);
        double[][] estimate = { null };
        return job -> {
            Gnc.Reading r = Gnc.READINGS.decode(Inputs.first(ctx, job));
            estimate[0] = estimate(estimate[0], r, gain);
            job.emitAll(Gnc.ESTIMATES.encode(new Gnc.Estimate(r.iteration(), r.dt(), estimate[0], r.gyro())));
        };
    }

    /** The next estimate from the previous one (null: the first reading) and a reading. */
    static double[] estimate(double[] previous, Gnc.Reading r, double gain) {
        if (previous == null) return r.stars().clone();
        double[] next = new double[3];
        for (int a = 0; a < 3; a++) {
            double propagated = previous[a] + r.gyro()[a] * r.dt();
            next[a] = Gnc.wrap(propagated + gain * Gnc.wrap(r.stars()[a] - propagated));
        }
        return next;
    }
}
