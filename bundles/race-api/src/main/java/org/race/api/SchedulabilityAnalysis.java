package org.race.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.race.api.analysis.AnalysisResult;
import org.race.api.analysis.SchedulabilityView;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;

/**
 * Worst-case response-time analysis of deployment plans as the platforms run them: fixed-priority
 * preemptive scheduling per node, chains across nodes with link latency (holistic analysis). The engine
 * asks it at admission ({@code race.engine admission = analysis}) and for {@code race:analyze}.
 */
@ProviderType
public interface SchedulabilityAnalysis {
    /**
     * The worst-case response of every component and the end-to-end bound of every application of
     * {@code plans}, analysed together on {@code domain}: each plan with its placement, its settings
     * (the configured priorities) and the period it runs at.
     */
    AnalysisResult analyze(List<DeploymentPlan> plans, Domain domain);

    /**
     * What an allocator needs to place {@code candidate} by schedulability beside {@code deployed} (analysed
     * as they run, for each job's jitter and the slack its application leaves it): the jobs per node and the
     * candidate's jobs, with the priorities of their settings. The candidate's placement is not looked at.
     */
    SchedulabilityView view(List<DeploymentPlan> deployed, DeploymentPlan candidate, Domain domain);
}
