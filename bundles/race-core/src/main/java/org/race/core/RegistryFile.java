package org.race.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.race.api.model.DeploymentPlan;
import org.race.api.model.DescriptorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** The registry on disk (race.engine stateFile): the deployed and pending plans as JSON, replaced atomically. */
final class RegistryFile {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryFile.class);

    private final Path file;
    private final Gson gson = new GsonBuilder().setPrettyPrinting().create();

    RegistryFile(Path file) {
        this.file = file;
    }

    /** Replaced as a whole ({@link AtomicFile}), so a crash leaves the old content or the new. */
    void write(Collection<DeploymentPlan> plans) {
        try {
            AtomicFile.write(file, gson.toJson(plans.toArray(new DeploymentPlan[0])));
        } catch (IOException e) {
            LOG.error("cannot write the registry to {}: {}", file, e.toString());
        }
    }

    /** The plans to restore; an unreadable file is moved aside (never lost) and the engine starts empty. */
    List<DeploymentPlan> read() {
        if (!Files.exists(file)) return List.of();
        try {
            JsonElement json = JsonParser.parseString(Files.readString(file));
            checkContracts(file.toString(), json);
            DeploymentPlan[] plans = gson.fromJson(json, DeploymentPlan[].class);
            LOG.info("{} applications to restore from {}", plans == null ? 0 : plans.length, file);
            return plans == null ? List.of() : List.of(plans);
        } catch (IOException | RuntimeException | DescriptorException e) {
            String why = e instanceof DescriptorException d ? d.getMessage() : e.toString();
            Path aside = file.resolveSibling(file.getFileName() + ".unreadable");
            LOG.error("cannot restore the registry {} ({}); moved to {}, starting empty", file, why, aside);
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException again) {
                LOG.error("cannot move {} aside: {}", file, again.toString());
            }
            return List.of();
        }
    }

    /**
     * A restored contract must be one admission could have made: its region valid and with dimensions
     * the framework knows, its operational point inside it. Paths are JSON paths into the state file.
     */
    static void checkContracts(String file, JsonElement json) throws DescriptorException {
        if (json == null || !json.isJsonArray()) return; // Gson reports the shape
        JsonArray plans = json.getAsJsonArray();
        for (int i = 0; i < plans.size(); i++) {
            String at = "$[" + i + "].application";
            JsonObject app = plans.get(i).isJsonObject() && plans.get(i).getAsJsonObject().get("application") instanceof JsonObject o ? o : null;
            if (app == null || !(app.get("region") instanceof JsonObject region)) continue;
            for (String dimension : region.keySet()) {
                if (!Set.of("period", "latencyMaxMs").contains(dimension)) {
                    throw new DescriptorException(file, at + ".region." + dimension, "unknown QoS dimension (known: period, latencyMaxMs)");
                }
            }
            if (!(region.get("period") instanceof JsonObject period)) {
                throw new DescriptorException(file, at + ".region.period", "missing: a region needs its period range");
            }
            double min = number(file, period, "min", at + ".region.period"), max = number(file, period, "max", at + ".region.period");
            if (min <= 0 || max <= 0) throw new DescriptorException(file, at + ".region.period", "bounds must be > 0, got [" + Num.of(min) + ", " + Num.of(max) + "]");
            if (min > max) throw new DescriptorException(file, at + ".region.period.min", "min " + Num.of(min) + " > max " + Num.of(max));
            if (region.has("latencyMaxMs") && !region.get("latencyMaxMs").isJsonNull() && number(file, region, "latencyMaxMs", at + ".region") <= 0) {
                throw new DescriptorException(file, at + ".region.latencyMaxMs", "must be > 0");
            }
            double cop = number(file, app, "periodMs", at);
            if (cop < min || cop > max) {
                throw new DescriptorException(file, at + ".periodMs", "operational point " + Num.of(cop) + " ms lies outside the region's period ["
                        + Num.of(min) + ", " + Num.of(max) + "] ms");
            }
        }
    }

    private static double number(String file, JsonObject o, String field, String at) throws DescriptorException {
        JsonElement e = o.get(field);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) throw new DescriptorException(file, at + "." + field, "expected a number, got " + e);
        return e.getAsDouble();
    }
}
