package org.race.dashboard;

/** A request the API refuses, with the HTTP status, the pipeline step if any, and the message shown to the user. */
final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final String step;

    Refused(int status, String message) {
        this(status, null, message);
    }

    Refused(int status, String step, String message) {
        super(message);
        this.status = status;
        this.step = step;
    }
}
