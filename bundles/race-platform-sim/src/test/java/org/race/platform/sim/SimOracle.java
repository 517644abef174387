package org.race.platform.sim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;
import org.race.api.model.Node;
import org.race.api.monitoring.ApplicationQos;

/**
 * Plans run on the sim as the analysis's oracle: all deployed at virtual time 0, so every application's
 * first release is synchronous (the critical instant of fixed-priority scheduling), then run for ten
 * longest periods and two more for the last iterations' deadlines.
 */
public final class SimOracle {
    private SimOracle() {
    }

    /** Every application's QoS over the whole run; execution times vary within +/- {@code variation}. */
    public static Map<String, ApplicationQos> run(long seed, double variation, Domain domain, List<DeploymentPlan> plans) {
        SimWorld w = new SimWorld(seed, variation, 1.0);
        w.setDomain(domain);
        double longest = 0;
        for (DeploymentPlan p : plans) {
            for (String node : new TreeSet<>(p.placement().nodeOf().values())) w.deploy(node, p);
            longest = Math.max(longest, Math.max(p.application().periodMs(), p.application().deadlineMs()));
        }
        w.advanceTo(Math.round(10 * longest * 1000) + Math.round(2 * longest * 1000));
        Map<String, ApplicationQos> out = new LinkedHashMap<>();
        for (Node n : domain.nodes()) for (ApplicationQos q : w.sample(n.name()).applications()) out.put(q.application(), q);
        return out;
    }
}
