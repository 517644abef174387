package org.race.api;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;
import org.race.api.model.AdaptationDecision;
import org.race.api.model.DeploymentPlan;
import org.race.api.monitoring.SystemSnapshot;

/** Decides, once per sampling period, how to adapt the system to what the CentralMonitor saw. */
@ConsumerType
public interface Controller {
    AdaptationDecision decide(SystemSnapshot snapshot, List<DeploymentPlan> deployed);
}
