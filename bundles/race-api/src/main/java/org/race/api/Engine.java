package org.race.api;

import java.util.List;
import java.util.Optional;

import org.race.api.analysis.AnalysisResult;
import org.race.api.model.Application;
import org.osgi.annotation.versioning.ProviderType;
import org.race.api.model.DeploymentException;
import org.race.api.model.DeploymentPlan;
import org.race.api.model.Domain;
import org.race.api.model.NodeState;

/**
 * The front of RACE that shells, dashboards and tests drive: domain, deployment and the registry. It takes
 * the E2E model: callers read descriptors with a {@link DescriptorReader} first.
 */
@ProviderType
public interface Engine {
    Optional<Domain> domain();

    /** Load a domain; refused while applications are deployed. Applications waiting to be restored are restored on it. */
    Domain loadDomain(Domain domain) throws DeploymentException;

    /** Nodes of the domain with what is reserved on them and whether their NodeManager is present. */
    List<NodeState> nodes();

    /**
     * The deployment pipeline: validate, place (allocator {@code allocator}; null: static when every
     * component is pinned, else the configured default), configure (the configurator chain), admit,
     * reserve on the nodes (phase 1), commit (phase 2). All or nothing.
     */
    DeploymentPlan deploy(Application application, String allocator) throws DeploymentException;

    /**
     * What {@link #deploy} would admit, without deploying: the applications placed one after the other on top
     * of what is deployed (allocator as for deploy), configured by the configurator chain, and analysed
     * together with every deployed application. Throws when a stage before admission refuses.
     */
    default AnalysisResult analyze(List<Application> applications, String allocator) throws DeploymentException {
        return analyze(applications, allocator, null);
    }

    /** As {@link #analyze(List, String)}; with {@code domain} not null on that domain, empty, instead of the current one. */
    default AnalysisResult analyze(List<Application> applications, String allocator, Domain domain) throws DeploymentException {
        throw new DeploymentException("analysis", "this engine cannot analyse");
    }

    /**
     * The analysis of the deployed applications as they run now: their placements, configured priorities and the
     * periods in force, changes of the controllers included (those are not admitted again, so an application may be
     * beyond its deadline here). Empty when no analysis is installed or no domain is loaded. Computed at most once per
     * change of what is deployed, never waiting for a deployment in progress.
     */
    default Optional<AnalysisResult> bounds() {
        return Optional.empty();
    }

    /**
     * Which execution time of {@code application}'s components the analysis counts (admission, {@link #analyze},
     * {@link #bounds}): {@code declared} (the descriptor's), or the CPU time per job measured on the component's
     * node over its measurement window, {@code median}, {@code p99} or {@code max} (see
     * {@link org.race.api.monitoring.JobTimes}). The engine's setting unless chosen for the application.
     */
    default String executionTimes(String application) {
        return "declared";
    }

    /**
     * Count {@code which} ({@code declared}, {@code median}, {@code p99}, {@code max}, or {@code default}: the
     * engine's setting) for the deployed application {@code application} from now on, until it is undeployed.
     * Nothing is admitted again: its bound at the new figures shows in {@link #bounds}.
     */
    default void useExecutionTimes(String application, String which) throws DeploymentException {
        throw new DeploymentException("executionTimes", "this engine counts the declared execution times only");
    }

    void undeploy(String application) throws DeploymentException;

    /**
     * Move one component to another node: checks the node can take it, then undeploys the
     * application and deploys it again with the new placement through the NodeManagers; on failure
     * the old placement is restored. Returns the new plan.
     */
    DeploymentPlan move(String application, String component, String node) throws DeploymentException;

    /** An effector changed settings or the period on the nodes: keep the registry in step (same placement). */
    void updated(DeploymentPlan plan) throws DeploymentException;

    List<DeploymentPlan> applications();

    Optional<DeploymentPlan> application(String name);

    /** Names of the allocators bound now and the default one. */
    List<String> allocators();

    String defaultAllocator();

    /** What the engine did on its own, oldest first: node losses, re-allocations, applications shed. */
    List<String> events();
}
