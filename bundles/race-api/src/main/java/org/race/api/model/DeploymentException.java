package org.race.api.model;

/** A deployment step failed; nothing of the deployment stays. {@code step} is the pipeline step (adapter, allocator, …). */
public class DeploymentException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String step;

    public DeploymentException(String step, String reason) {
        super(step + ": " + reason);
        this.step = step;
    }

    public DeploymentException(String step, String reason, Throwable cause) {
        super(step + ": " + reason, cause);
        this.step = step;
    }

    public String step() {
        return step;
    }
}
