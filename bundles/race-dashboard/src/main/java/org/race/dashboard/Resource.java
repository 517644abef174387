package org.race.dashboard;

import java.io.IOException;

/**
 * One resource of the JSON API under {@code /race/api/NAME}: a DS component the {@link Api} servlet
 * dispatches to by {@link #name()}. Its answer is a map or list that Gson writes as it is.
 */
public interface Resource {
    String name();

    Object answer(Call call) throws Refused, IOException;
}
