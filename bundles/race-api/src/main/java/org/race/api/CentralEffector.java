package org.race.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.race.api.model.AdaptationDecision;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.EffectReport;
import org.race.api.monitoring.DelayStats;

/** Turns a controller's decision into per-node changes and has the NodeEffectors apply them. */
@ProviderType
public interface CentralEffector {
    EffectReport apply(AdaptationDecision decision, List<DeploymentPlan> deployed);

    /** Actuation delay (decision received to all acknowledgements in) of the recent decisions. */
    DelayStats delays();
}
