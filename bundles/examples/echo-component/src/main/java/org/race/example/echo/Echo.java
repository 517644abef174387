package org.race.example.echo;

import org.osgi.service.component.annotations.Component;
import org.race.api.component.ComponentContext;
import org.race.api.component.ComponentInstance;
import org.race.api.component.ComponentType;

/**
 * Component type {@code echo}: forwards its input payload unchanged to every successor after burning
 * {@code spinMicros} of CPU (default 0); as a source it emits a {@code payloadBytes} payload (default
 * 1024) that carries its iteration. At a join it forwards its first predecessor's payload. With
 * {@code check = true} it verifies every input (intact, of this iteration, after the previous one) and
 * throws if not; {@code failEvery = n} makes every n-th job throw, to try out failure handling.
 */
@Component(property = ComponentType.TYPE + "=echo")
public class Echo implements ComponentType {
    @Override
    public ComponentInstance activate(ComponentContext ctx) {
        long spinNanos = Long.parseLong(ctx.properties().getOrDefault("spinMicros", "0")) * 1000;
        int size = Integer.parseInt(ctx.properties().getOrDefault("payloadBytes", "1024"));
        boolean check = Boolean.parseBoolean(ctx.properties().getOrDefault("check", "false"));
        long failEvery = Long.parseLong(ctx.properties().getOrDefault("failEvery", "0"));
        Payloads.Order order = new Payloads.Order();
        return job -> {
            Payloads.spin(spinNanos);
            if (failEvery > 0 && job.iteration() % failEvery == failEvery - 1) throw new IllegalStateException("failEvery " + failEvery + ": iteration " + job.iteration());
            if (ctx.predecessors().isEmpty()) {
                job.emitAll(Payloads.make(job.iteration(), size));
                return;
            }
            if (check) order.check(job.iteration(), job.inputs(), ctx.predecessors());
            byte[] first = job.inputs().get(ctx.predecessors().get(0));
            if (first != null) job.emitAll(first);
        };
    }
}
