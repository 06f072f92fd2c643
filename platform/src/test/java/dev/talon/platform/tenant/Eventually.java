package dev.talon.platform.tenant;

import java.time.Duration;

/** Retries an assertion until it holds: for what another thread (a watch) brings about. */
public final class Eventually {

    public static final Duration PATIENCE = Duration.ofSeconds(10);

    private Eventually() {
    }

    /** Runs the assertion every 20 ms until it passes; after {@link #PATIENCE}, its last failure is thrown. */
    public static void eventually(Runnable assertion) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
