package org.race.mms.components;

import java.util.SplittableRandom;

import org.osgi.service.component.annotations.Component;
import org.race.api.component.ComponentContext;
import org.race.api.component.ComponentInstance;
import org.race.api.component.ComponentType;

/**
 * Type {@code mms-attitude-sensor}: gyro rates and star-tracker angles of a spacecraft spinning at
 * {@code spinRpm} (default 3) with a small nutation, each read with seeded noise ({@code seed}, default
 * 42): iteration k reads the true attitude at k x {@code periodMs} (default 100).
 */
@Component(property = ComponentType.TYPE + "=mms-attitude-sensor")
public class AttitudeSensor implements ComponentType {
    @Override
    public ComponentInstance activate(ComponentContext ctx) {
        Settings p = new Settings(ctx.properties());
        double dt = p.number("periodMs", 100, 0.001, 3_600_000) / 1000;
        double spin = p.number("spinRpm", 3, 0, 600) * 2 * Math.PI / 60;
        long seed = p.whole("seed", 42, Long.MIN_VALUE, Long.MAX_VALUE) ^ (ctx.application() + "/" + ctx.component()).hashCode();
        return job -> job.emitAll(Gnc.READINGS.encode(read(job.iteration(), dt, spin, seed)));
    }

    static Gnc.Reading read(long iteration, double dt, double spin, long seed) {
        SplittableRandom noise = new SplittableRandom(seed ^ (iteration * 0xBF58476D1CE4E5B9L));
        double t = iteration * dt, nutation = 0.01, w = 0.5;
        double[] angles = { nutation * Math.sin(w * t), nutation * Math.cos(w * t), Gnc.wrap(spin * t) };
        double[] rates = { nutation * w * Math.cos(w * t), -nutation * w * Math.sin(w * t), spin };
        double[] gyro = new double[3], stars = new double[3];
        for (int a = 0; a < 3; a++) {
            gyro[a] = rates[a] + 1e-4 * gaussian(noise);
            stars[a] = Gnc.wrap(angles[a] + 2e-4 * gaussian(noise));
        }
        return new Gnc.Reading(iteration, dt, gyro, stars);
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
