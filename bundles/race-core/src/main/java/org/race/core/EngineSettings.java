package org.race.core;

import java.util.Arrays;
import java.util.List;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.race.api.model.DeploymentException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's face to ConfigAdmin (PID {@code race.engine}): its settings as the deployment cycle reads them,
 * each kept at its last good value when a configuration brings a bad one (logged with the reason).
 */
final class EngineSettings {
    @ObjectClassDefinition(name = "RACE engine")
    public @interface Config {
        @AttributeDefinition(description = "Domain descriptor loaded at start (empty: none until race:domain)")
        String domain() default "";

        @AttributeDefinition(description = "Allocator used when a deployment names none and not every component is pinned")
        String allocator() default "firstfit";

        @AttributeDefinition(description = "Configurator chain, comma-separated names in order (e.g. muf,middleware,network); empty: every installed one, highest service.ranking first")
        String configurators() default "";

        @AttributeDefinition(description = "File the registry of deployed applications is written to (atomically, on every change) and restored from at start; empty: not kept")
        String stateFile() default "";

        @AttributeDefinition(description = "Phase 1 of an admission aborts when a node has not answered its reservation within this many ms")
        long admissionTimeoutMs() default 2000;

        @AttributeDefinition(description = "Lease of a phase 1 reservation, ms from its arrival on the node: not committed by then, it expires by itself")
        long reservationLeaseMs() default 5000;

        @AttributeDefinition(description = "What admission checks: analysis (capacity and the worst-case end-to-end latency within every deadline, "
                + "by the installed SchedulabilityAnalysis) or capacity (capacity only)", options = {
                        @Option(value = "analysis", label = "analysis"), @Option(value = "capacity", label = "capacity") })
        String admission() default ScheduleCheck.ANALYSIS;

        @AttributeDefinition(description = "Which execution time of a deployed component the analysis (admission, race:analyze, the bounds) counts: "
                + "declared (the descriptor's executionTime) or the CPU time per job measured on its node over its measurement window: "
                + "median, p99 or max; race:exectimes --use chooses for one application", options = {
                        @Option(value = "declared", label = "declared"), @Option(value = "median", label = "median"),
                        @Option(value = "p99", label = "p99"), @Option(value = "max", label = "max") })
        String executionTimes() default ExecutionTimes.DECLARED;
    }

    private static final Logger LOG = LoggerFactory.getLogger(EngineSettings.class);

    volatile String defaultAllocator = "firstfit";
    volatile List<String> configuratorChain = List.of();
    volatile long admissionTimeoutMs = 2000, reservationLeaseMs = 5000;
    volatile String admission = ScheduleCheck.ANALYSIS;
    final ExecutionTimes executionTimes;

    EngineSettings(ExecutionTimes executionTimes) {
        this.executionTimes = executionTimes;
    }

    void apply(Config config) {
        defaultAllocator = config.allocator();
        if (config.admissionTimeoutMs() <= 0 || config.reservationLeaseMs() <= 0) {
            LOG.error("race.engine: admissionTimeoutMs and reservationLeaseMs must be > 0, got {} and {}; keeping {} and {}",
                    config.admissionTimeoutMs(), config.reservationLeaseMs(), admissionTimeoutMs, reservationLeaseMs);
        } else {
            admissionTimeoutMs = config.admissionTimeoutMs();
            reservationLeaseMs = config.reservationLeaseMs();
        }
        String mode = config.admission().trim();
        if (mode.equals(ScheduleCheck.ANALYSIS) || mode.equals(ScheduleCheck.CAPACITY)) {
            admission = mode;
        } else {
            LOG.error("race.engine: admission must be {} or {}, got '{}'; keeping {}", ScheduleCheck.ANALYSIS, ScheduleCheck.CAPACITY, mode, admission);
        }
        try {
            executionTimes.configure(config.executionTimes());
        } catch (DeploymentException e) {
            LOG.error("race.engine: {}; keeping {}", e.getMessage(), executionTimes.fallback());
        }
        configuratorChain = Arrays.stream(config.configurators().split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }
}
