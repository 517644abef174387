package org.race.api.component;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A component type: what a user's bundle registers (a Declarative Services component) so that
 * descriptors can name it. RACE activates one instance per component that names it, on the node the
 * component is placed on, and deactivates it when the application leaves the node.
 */
@ConsumerType
public interface ComponentType {
    /** Service property: the type's name, as descriptors give it in a component's {@code "type"}. */
    String TYPE = "race.component.type";

    /**
     * Event Admin topic on which a platform reports that jobs of an instance threw, at most once a second
     * per instance. Properties: {@code application}, {@code component}, {@code node}, {@code type},
     * {@code failures} (since the previous event), {@code error} (the last one's class and message).
     */
    String FAILED_TOPIC = "race/component/failed";

    /**
     * A new instance for one component of a deployed application. Throwing refuses the deployment with
     * the exception's message (e.g. a property with a bad value).
     */
    ComponentInstance activate(ComponentContext context) throws Exception;
}
