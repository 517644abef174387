package org.race.node.platform;

import java.util.List;

import org.race.api.model.Delivery;
import org.race.api.model.DeploymentPlan;
import org.race.api.monitoring.QosSample;

/**
 * What a platform runs components on, node by node: the simulated processors or the real threads.
 * {@link RuntimeNode} makes one node of it a NodeManager, a NodeEffector and monitors.
 */
public interface NodeRuntime {
    void deploy(String node, DeploymentPlan plan);

    void update(String node, DeploymentPlan plan);

    void undeploy(String node, String app);

    List<String> applications(String node);

    void setPriority(String node, String app, String component, int priority);

    void setPriorityClass(String node, String app, String component, String priorityClass);

    void setPeriod(String node, String app, double periodMs);

    DeploymentPlan plan(String node, String app);

    /** Busy fraction of the node's processor since the previous call. */
    double cpuUtilization(String node);

    /** Declared memory of the hosted components over the node's memory. */
    double memoryUtilization(String node);

    /** Megabits sent and received per second since the previous call over the node's bandwidth. */
    double bandwidthUtilization(String node);

    /** Deliveries from another container to the node's components (see {@link org.race.api.NodeLink}). */
    void deliver(String node, List<Delivery> deliveries);

    /** Component figures and the QoS of the applications the node reports, since the previous call. */
    QosSample qos(String node);
}
