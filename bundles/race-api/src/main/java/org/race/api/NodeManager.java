package org.race.api;

import java.util.List;

import org.race.api.model.DeploymentPlan;

/**
 * Hosts component instances on one node. It receives whole plans and runs the components the
 * placement puts on its node, so that it knows where their outputs go.
 */
public interface NodeManager {
    String nodeName();

    /** Start this node's part of the plan; throws IllegalStateException (with the reason) if it cannot. */
    void deploy(DeploymentPlan plan);

    /** Apply new settings or period to an application already deployed here. */
    void update(DeploymentPlan plan);

    /** Stop and remove this node's part of the application; no-op if it has none. */
    void undeploy(String application);

    /** Names of the applications with components on this node. */
    List<String> applications();
}
