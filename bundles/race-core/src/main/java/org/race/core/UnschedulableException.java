package org.race.core;

import org.race.api.analysis.ApplicationBound;
import org.race.api.model.DeploymentException;

/** Admission by analysis refused: {@code bound} is the application that would miss, with where and why. */
final class UnschedulableException extends DeploymentException {
    private static final long serialVersionUID = 1L;

    final transient ApplicationBound bound;

    UnschedulableException(String reason, ApplicationBound bound) {
        super("admission", reason);
        this.bound = bound;
    }
}
