package org.race.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.race.api.model.Application;
import org.race.api.model.Component;
import org.race.api.model.DeploymentException;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Importance;
import org.race.api.model.Placement;
import org.race.api.model.Resources;

/** The cycle runs its stages in order, and on a failure undoes the ones that completed, last first. */
class DeploymentCycleTest {
    private final List<String> log = new ArrayList<>();

    private Stage stage(String name, boolean fails) {
        return new Stage() {
            @Override
            public void run(CycleState s) throws DeploymentException {
                log.add("run " + name);
                if (fails) throw new DeploymentException(name, "refused");
                s.plan = new DeploymentPlan(s.app, new Placement("test", Map.of("c", "n1")), Map.of());
            }

            @Override
            public void undo(CycleState s) {
                log.add("undo " + name);
            }
        };
    }

    private static Application app() {
        Component c = new Component("c", "c", new Resources(0.1, 16, 0), 10, null);
        return new Application("a", Importance.HIGH, null, 100, 100, null, List.of(c), List.of());
    }

    @Test
    void stagesRunInOrderAndTheLastOnesPlanIsReturned() throws Exception {
        DeploymentPlan plan = new DeploymentCycle(stage("one", false), stage("two", false)).run(app(), null, null);
        assertEquals(List.of("run one", "run two"), log);
        assertEquals(Map.of("c", "n1"), plan.placement().nodeOf());
    }

    @Test
    void aFailingStageUndoesTheCompletedOnesInReverseAndNotItself() {
        DeploymentCycle cycle = new DeploymentCycle(stage("one", false), stage("two", false), stage("three", true), stage("four", false));
        DeploymentException e = assertThrows(DeploymentException.class, () -> cycle.run(app(), null, null));
        assertEquals("three", e.step());
        assertEquals(List.of("run one", "run two", "run three", "undo two", "undo one"), log);
    }

    @Test
    void theStateCarriesTheRequestToEveryStage() throws Exception {
        Application a = app();
        List<CycleState> seen = new ArrayList<>();
        new DeploymentCycle(s -> seen.add(s), s -> seen.add(s)).run(a, "pbfd", null);
        assertSame(seen.get(0), seen.get(1));
        assertSame(a, seen.get(0).requested);
        assertEquals("pbfd", seen.get(0).allocatorAsked);
    }
}
