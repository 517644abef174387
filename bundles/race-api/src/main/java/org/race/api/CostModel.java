package org.race.api;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;
import org.race.api.model.Application;
import org.race.api.model.Domain;

/**
 * The platform's own overheads, measured on this machine (Mehra et al., section 6), as admission
 * charges them to the components and connections that cause them. When one is registered the engine
 * allocates the charged application and refuses a placement whose charged critical path misses the
 * deadline; without one, admission counts the declared demands only.
 */
@ProviderType
public interface CostModel {
    /**
     * {@code app} with each component's cpu demand raised by what the platform spends on one of its
     * jobs (waking it, its sends, the bytes it sends) once per period; nothing else changes.
     */
    Application charge(Application app);

    /**
     * Why {@code app}, placed by {@code nodeOf} on {@code domain}, cannot meet its deadline once the
     * overheads on its longest path and the release jitter are counted; null when it can.
     */
    String deadlineShortfall(Application app, Map<String, String> nodeOf, Domain domain);

    /** The charges in one line, for logs and events, e.g. {@code per job 45 µs + 12 µs per send …}. */
    String describe();
}
