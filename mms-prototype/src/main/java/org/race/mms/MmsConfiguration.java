package org.race.mms;

import java.util.List;
import java.util.Map;

import org.race.api.Configurator;
import org.race.api.Controller;
import org.race.api.RoleProperties;

/**
 * One way of running a scenario, as a list of settings: the engine's configurator chain, the
 * controller (null: none, monitoring only) and further ConfigAdmin settings, each with the filter
 * of the service that consumes it (to know when it has taken effect). {@code byDefault}: run when no
 * configurations are named.
 */
record MmsConfiguration(String name, String title, String configurators, String controller, List<Setting> settings, boolean byDefault) {
    record Setting(String pid, String consumer, Map<String, Object> values) {
    }

    /**
     * The paper's experiments keep fast survey (medium) above slow survey (low): MUF's high class
     * starts at medium importance (GNC, high, is in it too).
     */
    static final Setting MUF_MEDIUM_HIGH = new Setting("race.configurator.muf", role(Configurator.class, "muf"), Map.of("highClass", "medium"));

    /** The paper's FMUF parameters (section 5.4.2): 10 s sampling period, 5 % threshold, act on the first period over it. */
    static final Setting FMUF_PAPER = new Setting("race.controller.fmuf", role(Controller.class, "fmuf"),
            Map.of("samplingPeriod", 10_000L, "threshold", 0.05, "hysteresis", 1));

    /**
     * The paper's configurations run by default; {@code region} only when named: it acts on applications
     * with a QoS region only, which the paper's scenarios do not have.
     */
    static final List<MmsConfiguration> ALL = List.of(
            new MmsConfiguration("baseline", "RMS priorities, no RACE adaptation", "rms,middleware,network", null, List.of(), true),
            new MmsConfiguration("muf", "RACE MUF configurator", "muf,middleware,network", null, List.of(MUF_MEDIUM_HIGH), true),
            new MmsConfiguration("fmuf", "RACE MUF configurator + FMUF controller", "muf,middleware,network", "fmuf",
                    List.of(MUF_MEDIUM_HIGH, FMUF_PAPER), true),
            new MmsConfiguration("eucon", "RACE MUF configurator + EUCON rate control", "muf,middleware,network", "eucon",
                    List.of(MUF_MEDIUM_HIGH), true),
            new MmsConfiguration("region", "RACE MUF configurator + region controller (feedback inside QoS regions)", "muf,middleware,network",
                    "region", List.of(MUF_MEDIUM_HIGH), false));

    static String role(Class<?> type, String name) {
        return "(&(objectClass=" + type.getName() + ")(" + RoleProperties.NAME + "=" + name + "))";
    }
}
