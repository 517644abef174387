package org.race.mms.components;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.race.api.component.ComponentInstance;

/** The GNC chain: navigation tracks the true attitude, guidance and the PD law point the right way. */
class GncTypesTest {
    @Test
    void navigationTracksTheSpinBetterThanTheStarTrackerAlone() {
        double dt = 0.1, spin = 3 * 2 * Math.PI / 60;
        double[] estimate = null;
        double worstEstimate = 0, worstStars = 0;
        for (long k = 0; k < 600; k++) {
            Gnc.Reading r = AttitudeSensor.read(k, dt, spin, 42);
            estimate = Navigation.estimate(estimate, r, 0.05);
            double truth = Gnc.wrap(spin * k * dt);
            if (k >= 100) {
                worstEstimate = Math.max(worstEstimate, Math.abs(Gnc.wrap(estimate[2] - truth)));
                worstStars = Math.max(worstStars, Math.abs(Gnc.wrap(r.stars()[2] - truth)));
            }
        }
        assertTrue(worstEstimate < worstStars, worstEstimate + " rad against the star tracker's " + worstStars);
        assertTrue(worstEstimate < 5e-4, worstEstimate + " rad");
    }

    @Test
    void readingsAreSeededAndAnglesWrap() {
        assertArrayEquals(AttitudeSensor.read(5, 0.1, 0.3, 1).gyro(), AttitudeSensor.read(5, 0.1, 0.3, 1).gyro());
        assertEquals(-Math.PI + 0.1, Gnc.wrap(Math.PI + 0.1), 1e-12);
        assertEquals(Math.PI, Gnc.wrap(-Math.PI), 1e-12);
    }

    @Test
    void thePdLawPushesAgainstTheErrorAndClips() throws Exception {
        double[] p = ThrusterControl.pulses(new Gnc.Deviation(0, 0.1, new double[] { 0.01, -0.01, 0 }, new double[] { 0, 0, 1 }), 2, 4);
        assertArrayEquals(new double[] { 0.02, -0.02, 1 }, p, 1e-12);
        // the chain as the platform runs it: guidance's error of a spacecraft spinning too slowly asks for more spin
        ComponentInstance guidance = Harness.instance(new Guidance(), "navigation", "guidance", "thruster-control", Map.of("spinRpm", "3"));
        byte[] e = Harness.job(guidance, 0, "navigation", Gnc.ESTIMATES.encode(new Gnc.Estimate(0, 0.1, new double[3], new double[] { 0, 0, 0.2 })),
                "thruster-control");
        Gnc.Deviation error = Gnc.DEVIATIONS.decode(e);
        assertEquals(3 * 2 * Math.PI / 60 - 0.2, error.rate()[2], 1e-12);
        ComponentInstance thrusters = Harness.instance(new ThrusterControl(), "guidance", "thruster-control", null, Map.of());
        assertNull(Harness.job(thrusters, 0, "guidance", e, null));
    }
}
