package org.race.node.sim;

import java.util.ArrayList;
import java.util.List;

import org.race.api.NodeEffector;
import org.race.api.NodeManager;
import org.race.api.model.Adjustment;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.EffectReport;

/** One simulated node: its NodeManager and NodeEffector, views onto the shared SimWorld. */
final class SimNode implements NodeManager, NodeEffector {
    /** OS real-time priorities as on Linux SCHED_FIFO; the guard of the effectors issue will refine this. */
    static final int MIN_PRIORITY = 0, MAX_PRIORITY = 99;

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
        long start = System.nanoTime();
        List<String> applied = new ArrayList<>(), rejected = new ArrayList<>();
        for (Adjustment a : adjustments) {
            String what = a.application() + (a.component() == null ? "" : "/" + a.component()) + " " + a.kind();
            try {
                switch (a.kind()) {
                    case PRIORITY -> {
                        int p = (int) a.value();
                        if (p != a.value() || p < MIN_PRIORITY || p > MAX_PRIORITY) {
                            throw new IllegalArgumentException("priority " + a.value() + " outside [" + MIN_PRIORITY + ", " + MAX_PRIORITY + "]");
                        }
                        world.setPriority(name, a.application(), a.component(), p);
                        applied.add(what + " " + p);
                    }
                    case PRIORITY_CLASS -> {
                        world.setPriorityClass(name, a.application(), a.component(), a.text());
                        applied.add(what + " " + a.text());
                    }
                    case PERIOD -> {
                        var range = world.plan(name, a.application()).application().periodRange();
                        if (a.value() <= 0 || (range != null && !range.contains(a.value()))) {
                            throw new IllegalArgumentException("period " + a.value() + " ms outside the allowed range " + range);
                        }
                        world.setPeriod(name, a.application(), a.value());
                        applied.add(what + " " + a.value());
                    }
                    case MOVE -> throw new IllegalArgumentException("a node cannot move a component by itself; the CentralEffector redeploys");
                }
            } catch (RuntimeException e) {
                rejected.add(what + ": " + e.getMessage());
            }
        }
        return new EffectReport(applied, rejected, System.nanoTime() - start);
    }
}
