package org.race.api.model;

/** A write to an attribute store that was denied (access rights) or rejected (the guard); nothing changed. */
public class AttributeException extends Exception {
    private static final long serialVersionUID = 1L;

    public AttributeException(String message) {
        super(message);
    }
}
