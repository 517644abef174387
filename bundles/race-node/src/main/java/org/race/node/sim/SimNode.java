package org.race.node.sim;

import java.util.List;

import org.race.api.NodeEffector;
import org.race.api.NodeManager;
import org.race.api.model.Adjustment;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.EffectReport;
import org.race.api.model.Range;
import org.race.node.NodeAdjustments;

/** One simulated node: its NodeManager and NodeEffector, views onto the shared SimWorld. */
final class SimNode implements NodeManager, NodeEffector, NodeAdjustments.Target {
    private final String name;
    private final SimWorld world;

    SimNode(String name, SimWorld world) {
        this.name = name;
        this.world = world;
    }

    @Override
    public String nodeName() {
        return name;
    }

    @Override
    public void deploy(DeploymentPlan plan) {
        world.deploy(name, plan);
    }

    @Override
    public void update(DeploymentPlan plan) {
        world.update(name, plan);
    }

    @Override
    public void undeploy(String application) {
        world.undeploy(name, application);
    }

    @Override
    public List<String> applications() {
        return world.applications(name);
    }

    @Override
    public EffectReport apply(List<Adjustment> adjustments) {
        return NodeAdjustments.apply(adjustments, this);
    }

    @Override
    public void setPriority(String application, String component, int priority) {
        world.setPriority(name, application, component, priority);
    }

    @Override
    public void setPriorityClass(String application, String component, String priorityClass) {
        world.setPriorityClass(name, application, component, priorityClass);
    }

    @Override
    public Range periodRange(String application) {
        return world.plan(name, application).application().periodRange();
    }

    @Override
    public void setPeriod(String application, double periodMs) {
        world.setPeriod(name, application, periodMs);
    }
}
