package org.race.attributes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.race.api.model.Application;
import org.race.api.model.Component;
import org.race.api.model.ComponentSettings;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Importance;
import org.race.api.model.Node;
import org.race.api.model.NodeState;
import org.race.api.model.Placement;
import org.race.api.model.Resources;

class ContractsTest {
    private static DeploymentPlan plan(String name, Importance importance, double periodMs, double cpu, int priority) {
        Application app = new Application(name, importance, null, periodMs, periodMs, null,
                List.of(new Component("c", "c", new Resources(cpu, 0, 0), cpu * periodMs, "n1")), List.of());
        return new DeploymentPlan(app, new Placement("static", Map.of("c", "n1")),
                Map.of("c", ComponentSettings.NONE.withPriority(priority)));
    }

    @Test
    void aPriorityThatWouldPreemptAMoreImportantApplicationIsRefusedAndOneBelowIsNot() {
        DeploymentPlan video = plan("video", Importance.MEDIUM, 200, 0.15, 10), gnc = plan("gnc", Importance.HIGH, 100, 0.1, 60),
                bulk = plan("bulk", Importance.MEDIUM, 100, 0.6, 20);
        List<DeploymentPlan> all = List.of(video, gnc, bulk);
        Optional<String> why = Contracts.priorityBreaks(video, List.of("c"), 60, all);
        assertTrue(why.isPresent());
        assertTrue(why.get().contains("gnc/c") && why.get().contains("priority 60"), why.get());
        // above an equally important application is the handler's own business
        assertEquals(Optional.empty(), Contracts.priorityBreaks(video, List.of("c"), 59, all));
        // the more important application may go above the less important ones
        assertEquals(Optional.empty(), Contracts.priorityBreaks(gnc, List.of("c"), 90, all));
    }

    @Test
    void aShorterPeriodThatOverloadsANodeIsRefused() {
        DeploymentPlan video = plan("video", Importance.MEDIUM, 200, 0.2, 10);
        NodeState n1 = new NodeState(new Node("n1", new Resources(1, 512, 10)), new Resources(0.8, 0, 0), true);
        // 0.6 of others + 0.2 x 200/100 = 1.0: fits exactly
        assertEquals(Optional.empty(), Contracts.periodBreaks(video, 100, List.of(n1)));
        Optional<String> why = Contracts.periodBreaks(video, 80, List.of(n1));
        assertTrue(why.isPresent() && why.get().contains("cpu 1.100 of 1.000 on n1"), why.toString());
    }
}
