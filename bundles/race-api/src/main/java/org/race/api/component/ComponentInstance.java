package org.race.api.component;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One component of a deployed application, running the user's code. Its jobs run one at a time, in
 * iteration order, on the component's own worker thread (with the priority RACE's configurators and
 * effectors give it); {@link #deactivate} runs on that thread too, after the last job.
 */
@ConsumerType
@FunctionalInterface
public interface ComponentInstance {
    /**
     * One job: the iteration's payloads from the predecessors in, payloads to the successors out. A
     * throw counts as a failed job (the successors get nothing from it); the instance keeps running.
     */
    void job(Job job) throws Exception;

    /** The application left the node (or the type went away): release what {@link ComponentType#activate} took. */
    default void deactivate() throws Exception {
    }
}
