package org.race.itests;

import java.util.function.BooleanSupplier;

/** Waiting for what a container does asynchronously (FileInstall, ConfigAdmin, SCR, refreshes). */
final class Await {
    static final long TIMEOUT_MS = 15_000;

    /** Returns once {@code condition} holds; fails naming {@code what} after 15 s. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(50);
        }
    }

    private Await() {
    }
}
