package org.race.core;

import java.util.ArrayList;
import java.util.List;

import org.race.api.model.Application;
import org.race.api.model.DeploymentException;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;

/**
 * The deploy path: validate -> place -> configure -> admit -> provide (component bundles to node containers)
 * -> reserve -> commit, all or nothing: when a stage fails, the stages before it are undone in reverse
 * order. Runs under the engine's lock.
 */
final class DeploymentCycle {
    private final List<Stage> stages;

    DeploymentCycle(Stage... stages) {
        this.stages = List.of(stages);
    }

    DeploymentPlan run(Application app, String allocator, Domain domain) throws DeploymentException {
        CycleState s = new CycleState(app, allocator, domain);
        List<Stage> done = new ArrayList<>();
        try {
            for (Stage stage : stages) {
                stage.run(s);
                done.add(stage);
            }
        } catch (DeploymentException | RuntimeException e) {
            for (int i = done.size() - 1; i >= 0; i--) done.get(i).undo(s);
            throw e;
        }
        return s.plan;
    }
}
