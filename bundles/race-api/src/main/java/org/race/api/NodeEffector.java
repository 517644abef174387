package org.race.api;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;
import org.race.api.model.Adjustment;
import org.race.api.model.EffectReport;

/** Applies changes to the components hosted on one node: priority, priority class, period. */
@ConsumerType
public interface NodeEffector {
    String nodeName();

    EffectReport apply(List<Adjustment> adjustments);
}
