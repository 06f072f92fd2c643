package dev.talon.plugins.exec.support;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Waits that clean-up must finish even when the thread is interrupted (that is often why it cleans up);
 * the interrupt is kept for the caller.
 */
public final class Uninterruptibly {

    private Uninterruptibly() {
    }

    /** Waits for the process to end or the deadline ({@link System#nanoTime()}) to pass; true if it ended. */
    public static boolean waitFor(Process process, long deadline) {
        return await(() -> process.waitFor(remaining(deadline), TimeUnit.NANOSECONDS), deadline);
    }

    /** Waits for the thread to end or the deadline ({@link System#nanoTime()}) to pass; true if it ended. */
    public static boolean join(Thread thread, long deadline) {
        return await(() -> thread.join(Duration.ofNanos(remaining(deadline))), deadline);
    }

    private interface Wait {
        boolean done() throws InterruptedException;
    }

    private static boolean await(Wait wait, long deadline) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (wait.done()) {
                        return true;
                    }
                    if (remaining(deadline) <= 0) {
                        return false;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }
}
