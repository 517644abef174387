package org.race.mms.components;

import java.util.Map;
import java.util.SplittableRandom;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.race.api.component.ComponentContext;
import org.race.api.component.ComponentInstance;
import org.race.api.component.ComponentType;
import org.race.payload.JsonCodec;

/**
 * Type {@code mms-sensor}: a plasma instrument's frame per iteration, {@code channels} energy channels
 * (default 4096) of Poisson particle counts around a spectral peak that drifts slowly, mean
 * {@code meanCount} (default 20) at the peak, with cosmic-ray hits in a {@code spikeRate} share of the
 * channels (default 0.001). The counts of an iteration follow from the seed, the application, the
 * component and the iteration alone, so a run can be repeated. The seed is the {@code seed} property, else
 * the platform's ({@code race.jvm} {@code seed}, which {@code race:mms --seed} sets), else 42. The
 * platform's input-workload factor ({@code race.jvm} {@code workload}) scales the channels: the input
 * data, and with it every stage's work, follows it as the model components' execution times do.
 */
@Component(property = ComponentType.TYPE + "=mms-sensor", configurationPid = "race.jvm", configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class PlasmaSensor implements ComponentType {
    static final JsonCodec<Frame> FRAMES = JsonCodec.of(Frame.class);
    private volatile double workload = 1;
    private volatile long platformSeed = 42;

    @Activate
    @Modified
    void configure(Map<String, Object> platform) {
        Object w = platform.get("workload"), s = platform.get("seed");
        workload = w == null ? 1 : Double.parseDouble(w.toString());
        platformSeed = s == null ? 42 : Long.parseLong(s.toString());
    }

    @Override
    public ComponentInstance activate(ComponentContext ctx) {
        Settings p = new Settings(ctx.properties());
        int channels = (int) p.whole("channels", 4096, 8, 1 << 22);
        double meanCount = p.number("meanCount", 20, 0.01, 1e6);
        double spikeRate = p.number("spikeRate", 0.001, 0, 1);
        Long seed = ctx.properties().containsKey("seed") ? p.whole("seed", 0, Long.MIN_VALUE, Long.MAX_VALUE) : null;
        long stream = (ctx.application() + "/" + ctx.component()).hashCode();
        return job -> {
            long base = seed != null ? seed : platformSeed;
            int n = Math.max(8, (int) Math.round(channels * workload));
            job.emitAll(FRAMES.encode(frame(ctx.node(), job.iteration(), n, meanCount, spikeRate, base * 0x9E3779B97F4A7C15L + stream)));
        };
    }

    /** One iteration's frame: deterministic in its arguments. */
    static Frame frame(String spacecraft, long iteration, int channels, double meanCount, double spikeRate, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ (iteration * 0xBF58476D1CE4E5B9L));
        double peak = 0.3 + 0.1 * Math.sin(iteration / 50.0), width = 0.08;
        int[] counts = new int[channels];
        for (int i = 0; i < channels; i++) {
            double x = (double) i / channels - peak;
            double lambda = meanCount * (0.05 + Math.exp(-x * x / (2 * width * width)));
            counts[i] = poisson(random, lambda);
            if (spikeRate > 0 && random.nextDouble() < spikeRate) counts[i] += 50 + (int) (meanCount * 20 * random.nextDouble());
        }
        return new Frame(spacecraft, iteration, counts);
    }

    /** Knuth's product of uniforms for small means, the normal approximation beyond 30. */
    static int poisson(SplittableRandom random, double lambda) {
        if (lambda > 30) {
            double g = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
            return (int) Math.max(0, Math.round(lambda + Math.sqrt(lambda) * g));
        }
        double limit = Math.exp(-lambda), product = random.nextDouble();
        int k = 0;
        while (product > limit) {
            product *= random.nextDouble();
            k++;
        }
        return k;
    }
}
