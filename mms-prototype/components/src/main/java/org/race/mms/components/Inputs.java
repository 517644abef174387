package org.race.mms.components;

import org.race.api.component.ComponentContext;
import org.race.api.component.Job;

/** The MMS types are stages of a pipeline: each reads its first predecessor's payload of the iteration. */
final class Inputs {
    private Inputs() {
    }

    /** The payload of the first predecessor; a job without it fails (counted by the platform), naming what was missing. */
    static byte[] first(ComponentContext ctx, Job job) {
        if (ctx.predecessors().isEmpty()) throw new IllegalStateException(ctx.component() + " has no predecessor to read from");
        String from = ctx.predecessors().get(0);
        byte[] p = job.inputs().get(from);
        if (p == null) throw new IllegalStateException("no payload from " + from + " in iteration " + job.iteration());
        return p;
    }
}
