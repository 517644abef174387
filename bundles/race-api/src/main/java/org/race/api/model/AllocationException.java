package org.race.api.model;

/** An allocator could not place an application; the message says which resource on which nodes falls short. */
public class AllocationException extends Exception {
    private static final long serialVersionUID = 1L;

    public AllocationException(String reason) {
        super(reason);
    }
}
