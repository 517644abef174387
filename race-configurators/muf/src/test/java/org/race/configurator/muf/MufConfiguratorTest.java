package org.race.configurator.muf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.race.api.model.Plans.plan;

import java.lang.annotation.Annotation;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Importance;
import org.race.api.model.PlanSet;

class MufConfiguratorTest {
    private final MufConfigurator muf = new MufConfigurator();

    /** Importance first: the slow high-importance application is above the fast medium one. */
    @Test
    void importanceBeforeRate() {
        var science = plan("sci", Importance.MEDIUM, 100, "c@n1");
        var gnc = plan("gnc", Importance.HIGH, 500, "a@n1");
        PlanSet out = muf.configure(new PlanSet(gnc, List.of(muf.configure(new PlanSet(science, List.of())).candidate())));
        assertEquals("high", out.candidate().settingsOf("a").priorityClass());
        assertEquals(98, out.candidate().settingsOf("a").priority());
        assertEquals("low", out.deployed().get(0).settingsOf("c").priorityClass());
        assertEquals(49, out.deployed().get(0).settingsOf("c").priority());
    }

    /** A deployed application that FMUF promoted keeps the high class when another is deployed. */
    @Test
    void promotedApplicationsStayPromoted() {
        DeploymentPlan promoted = plan("sci", Importance.MEDIUM, 100, "c@n1");
        promoted = promoted.withSettings("c", promoted.settingsOf("c").withPriorityClass("high").withPriority(98));
        var other = plan("other", Importance.LOW, 200, "d@n1");
        PlanSet out = muf.configure(new PlanSet(other, List.of(promoted)));
        assertEquals("high", out.deployed().get(0).settingsOf("c").priorityClass());
        assertEquals(98, out.deployed().get(0).settingsOf("c").priority());
        assertEquals("low", out.candidate().settingsOf("d").priorityClass());
    }

    /** highClass = medium: the medium application joins the high class and outranks the faster low one. */
    @Test
    void mediumInTheHighClassWhenConfigured() {
        muf.configure(new MufConfigurator.Config() {
            @Override
            public String highClass() {
                return "medium";
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return MufConfigurator.Config.class;
            }
        });
        var survey = plan("slow", Importance.LOW, 100, "s@n1");
        var fast = plan("fast", Importance.MEDIUM, 500, "f@n1");
        PlanSet out = muf.configure(new PlanSet(fast, List.of(muf.configure(new PlanSet(survey, List.of())).candidate())));
        assertEquals("high", out.candidate().settingsOf("f").priorityClass());
        assertEquals(98, out.candidate().settingsOf("f").priority());
        assertEquals("low", out.deployed().get(0).settingsOf("s").priorityClass());
        assertEquals(49, out.deployed().get(0).settingsOf("s").priority());
    }
}
