package org.race.mms.components;

import org.osgi.service.component.annotations.Component;
import org.race.api.component.ComponentContext;
import org.race.api.component.ComponentInstance;
import org.race.api.component.ComponentType;
import org.race.payload.JsonCodec;

/**
 * Type {@code mms-analysis}: the science product of a filtered frame: skewness and excess kurtosis of
 * the counts, the peak channel, and a histogram of {@code bins} bins (default 32).
 */
@Component(property = ComponentType.TYPE + "=mms-analysis")
public class Analysis implements ComponentType {
    static final JsonCodec<Product> PRODUCTS = JsonCodec.of(Product.class);

    @Override
    public ComponentInstance activate(ComponentContext ctx) {
        int bins = (int) new Settings(ctx.properties()).whole("bins", 32, 1, 65_536);
        return job -> {
            Filtered f = Despike.FILTERED.decode(Inputs.first(ctx, job));
            job.emitAll(PRODUCTS.encode(analyse(f, bins)));
        };
    }

    static Product analyse(Filtered f, int bins) {
        int[] c = f.counts();
        Statistics s = f.statistics();
        double m3 = 0, m4 = 0;
        int peak = 0;
        long[] histogram = new long[bins];
        double span = (double) s.max() - s.min() + 1;
        for (int i = 0; i < c.length; i++) {
            double d = c[i] - s.mean();
            m3 += d * d * d;
            m4 += d * d * d * d;
            if (c[i] > c[peak]) peak = i;
            histogram[(int) ((c[i] - s.min()) * bins / span)]++;
        }
        double n = c.length, v = s.variance();
        double skewness = v == 0 ? 0 : m3 / n / Math.pow(v, 1.5), kurtosis = v == 0 ? 0 : m4 / n / (v * v) - 3;
        return new Product(f.spacecraft(), f.iteration(), s, f.spikes(), skewness, kurtosis, peak, histogram, c);
    }
}
