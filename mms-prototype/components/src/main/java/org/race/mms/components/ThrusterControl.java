package org.race.mms.components;

import org.osgi.service.component.annotations.Component;
import org.race.api.component.ComponentContext;
import org.race.api.component.ComponentInstance;
import org.race.api.component.ComponentType;

/**
 * Type {@code mms-thruster-control}: a PD law ({@code kp}, default 2; {@code kd}, default 4) turns the
 * error into thruster pulses per axis, as a share of the period clipped to [-1, 1] (sign: which of the
 * pair fires). The end of the chain: it emits nothing (a spacecraft would fire them).
 */
@Component(property = ComponentType.TYPE + "=mms-thruster-control")
public class ThrusterControl implements ComponentType {
    @Override
    public ComponentInstance activate(ComponentContext ctx) {
        Settings p = new Settings(ctx.properties());
        double kp = p.number("kp", 2, 0, 1e6), kd = p.number("kd", 4, 0, 1e6);
        return job -> pulses(Gnc.DEVIATIONS.decode(Inputs.first(ctx, job)), kp, kd);
    }

    static double[] pulses(Gnc.Deviation e, double kp, double kd) {
        double[] out = new double[3];
        for (int a = 0; a < 3; a++) out[a] = Math.max(-1, Math.min(1, kp * e.angle()[a] + kd * e.rate()[a]));
        return out;
    }
}
