package org.race.api.model;

import java.io.Serializable;
import java.util.List;

/**
 * What a configurator works on: the candidate being deployed and the plans already deployed
 * (node-wide policies such as RMS may re-prioritise those too).
 */
public record PlanSet(DeploymentPlan candidate, List<DeploymentPlan> deployed) implements Serializable {
    public PlanSet {
        deployed = List.copyOf(deployed);
    }
}
