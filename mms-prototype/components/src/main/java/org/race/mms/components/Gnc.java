package org.race.mms.components;

import org.race.payload.JsonCodec;

/**
 * The payloads of the guidance, navigation and control (GNC) chain and its arithmetic. Angles in rad
 * about the spacecraft's x, y and z axes (z: the spin axis; MMS spins at 3 rpm), rates in rad/s.
 */
public final class Gnc {
    /** What the attitude sensors read in one iteration of {@code dt} s: the gyros' rates and the star tracker's angles. */
    public record Reading(long iteration, double dt, double[] gyro, double[] stars) {
    }

    /** Navigation's estimate of the attitude and the rates. */
    public record Estimate(long iteration, double dt, double[] angles, double[] rates) {
    }

    /** Guidance: how far the estimate is from the wanted attitude and spin, per axis. */
    public record Deviation(long iteration, double dt, double[] angle, double[] rate) {
    }

    static final JsonCodec<Reading> READINGS = JsonCodec.of(Reading.class);
    static final JsonCodec<Estimate> ESTIMATES = JsonCodec.of(Estimate.class);
    static final JsonCodec<Deviation> DEVIATIONS = JsonCodec.of(Deviation.class);

    private Gnc() {
    }

    /** {@code a} in (-pi, pi]. */
    static double wrap(double a) {
        double w = Math.IEEEremainder(a, 2 * Math.PI);
        return w <= -Math.PI ? w + 2 * Math.PI : w;
    }
}
