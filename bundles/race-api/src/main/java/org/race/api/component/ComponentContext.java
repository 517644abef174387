package org.race.api.component;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/** Where an instance runs and how it is configured: given to {@link ComponentType#activate}. */
@ProviderType
public interface ComponentContext {
    String application();

    /** The component's name in its application. */
    String component();

    /** The node it runs on. */
    String node();

    /** The descriptor's {@code "properties"} of the component, values as text (an integer as written). */
    Map<String, String> properties();

    /** The components it receives payloads from, in the descriptor's connection order. */
    List<String> predecessors();

    /** The components it may emit payloads to, in the descriptor's connection order. */
    List<String> successors();
}
