package org.race.mms.components;

import java.util.Arrays;

import org.osgi.service.component.annotations.Component;
import org.race.api.component.ComponentContext;
import org.race.api.component.ComponentInstance;
import org.race.api.component.ComponentType;
import org.race.payload.JsonCodec;

/**
 * Type {@code mms-filter}: removes cosmic-ray spikes from the sensor's frame. A channel whose count lies
 * more than {@code spikeSigma} (default 5) Poisson deviations from the median of the {@code window}
 * channels around it (odd, default 9) is replaced by that median; emits the filtered frame with its
 * statistics.
 */
@Component(property = ComponentType.TYPE + "=mms-filter")
public class Despike implements ComponentType {
    static final JsonCodec<Filtered> FILTERED = JsonCodec.of(Filtered.class);

    @Override
    public ComponentInstance activate(ComponentContext ctx) {
        Settings p = new Settings(ctx.properties());
        int window = (int) p.whole("window", 9, 1, 255);
        if (window % 2 == 0) throw new IllegalArgumentException("property window: expected an odd number of channels, got " + window);
        double sigma = p.number("spikeSigma", 5, 0.1, 1e6);
        return job -> {
            Frame f = PlasmaSensor.FRAMES.decode(Inputs.first(ctx, job));
            job.emitAll(FILTERED.encode(filter(f, window, sigma)));
        };
    }

    static Filtered filter(Frame f, int window, double sigma) {
        int[] in = f.counts(), out = new int[in.length], w = new int[window];
        int half = window / 2, spikes = 0;
        for (int i = 0; i < in.length; i++) {
            int from = Math.max(0, i - half), to = Math.min(in.length, i + half + 1), n = to - from;
            System.arraycopy(in, from, w, 0, n);
            Arrays.sort(w, 0, n);
            int median = w[n / 2];
            if (Math.abs(in[i] - median) > sigma * Math.sqrt(median + 1.0)) {
                out[i] = median;
                spikes++;
            } else {
                out[i] = in[i];
            }
        }
        return new Filtered(f.spacecraft(), f.iteration(), out, spikes, Statistics.of(out));
    }
}
