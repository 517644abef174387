package org.race.effector.tcp_front;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The QoS manager of paper 002, section 4.1: every period it reads the premium class's mean
 * connection delay from the front's sensor and moves the basic (throttled) class's accept rate so
 * that the premium delay settles at its target. The control law is integral in the logarithm of the
 * rate, {@code rate ← rate · exp(gain · (target − delay) / target)}, each step bounded to a factor of
 * two and the rate to [minRate, maxRate]: relative steps suit a rate that spans orders of magnitude,
 * and the bounds keep one noisy window from swinging it.
 */
public final class DelayManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DelayManager.class);

    private final TcpFront front;
    private final String premium, throttled;
    private final double target, gain, minRate, maxRate;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "race-front-manager");
        t.setDaemon(true);
        return t;
    });
    private ClassSensors previous;
    private double rate;

    /**
     * @param target  the premium class's connection delay to hold, seconds
     * @param gain    integral gain (per period, relative)
     * @param minRate lowest accept rate of the throttled class, connections per second (it starts at maxRate)
     */
    public DelayManager(TcpFront front, String premium, String throttled, double target, double gain, double minRate, double maxRate) {
        if (premium.equals(throttled)) throw new IllegalArgumentException("premium and throttled class are both '" + premium + "'");
        if (!(target > 0)) throw new IllegalArgumentException("target delay must be > 0, was " + target);
        if (!(gain > 0)) throw new IllegalArgumentException("gain must be > 0, was " + gain);
        if (!(minRate > 0) || !(maxRate >= minRate)) throw new IllegalArgumentException("need 0 < minRate <= maxRate, were " + minRate + ", " + maxRate);
        this.front = front;
        this.premium = premium;
        this.throttled = throttled;
        this.target = target;
        this.gain = gain;
        this.minRate = minRate;
        this.maxRate = maxRate;
        this.previous = front.sensors(premium);
        front.sensors(throttled); // both names checked before anything runs
        this.rate = maxRate;
        front.acceptRate(throttled, rate);
    }

    /** Runs {@link #step} every {@code periodMillis}. */
    public DelayManager start(long periodMillis) {
        timer.scheduleAtFixedRate(this::step, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
        LOG.info("front QoS manager: holds class {} at {} ms connection delay by throttling class {} ({}..{} connections/s), every {} ms",
                premium, target * 1000, throttled, minRate, maxRate, periodMillis);
        return this;
    }

    /** One control period; returns the throttled class's new accept rate. */
    synchronized double step() {
        ClassSensors now = front.sensors(premium);
        double delay = now.meanDelaySince(previous);
        previous = now;
        if (Double.isNaN(delay)) return rate; // no premium connection finished: nothing to correct
        double factor = Math.exp(gain * (target - delay) / target);
        rate = Math.max(minRate, Math.min(maxRate, rate * Math.max(0.5, Math.min(2.0, factor))));
        front.acceptRate(throttled, rate);
        return rate;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
